using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Modules.Volunteers.Features.Activities;
using Gongzhi.Modules.Volunteers.Features.BuildingLeaders;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Features.Awards;

/// <summary>
/// Yearly awards per area (社区服务之星, 最美志愿者, 十佳志愿服务项目, 和谐楼栋): staff nominate a volunteer, a team or a
/// building of their reach at an awarding node of their reach, with a reason; the evidence (hours, activities and
/// points of the year; a team's members and activities; a building's leader points) is drawn from the records when
/// nominated. Staff of the awarding node (community or above, the node in their subtree) award or decline: one award
/// per title, nominee and year (a unique key), at most the title's limit per node and year, and the title's bonus
/// points to an awarded volunteer through the bank (key <c>award:{id}</c>).
/// </summary>
public sealed class VolunteerAwards(GongzhiDb db, IAreaDirectory areas, VolunteerActivities activities, BuildingLeaderDuties leaders,
    IEnumerable<IPointsLedger> ledgers, IServiceProvider services, CurrentUser user, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The seeds' titles as first installed: code, name, for whom, limit, bonus points.</summary>
    public static readonly (string Code, string Name, AwardNomineeKind Kind, int? Limit, int Bonus)[] Titles =
    [
        ("service-star", "社区服务之星", AwardNomineeKind.Volunteer, null, 50),
        ("finest-volunteer", "最美志愿者", AwardNomineeKind.Volunteer, null, 100),
        ("top-ten-project", "十佳志愿服务项目", AwardNomineeKind.Team, 10, 0),
        ("harmonious-building", "和谐楼栋", AwardNomineeKind.Building, null, 0),
    ];

    /// <summary>Roles that decide: staff of a community, a street or the district (admins); grid workers nominate only.</summary>
    public static readonly string[] DecidingRoles = [Roles.Admin, Roles.Street, Roles.Community];

    public static async Task EnsureTitlesAsync(GongzhiDb db, CancellationToken ct)
    {
        var present = await db.AwardTitles.Select(t => t.Code).ToListAsync(ct);
        var order = 0;
        foreach (var (code, name, kind, limit, bonus) in Titles)
        {
            order += 10;
            if (!present.Contains(code)) db.AwardTitles.Add(new AwardTitle { Code = code, Name = name, NomineeKind = kind, Limit = limit, BonusPoints = bonus, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AwardTitleView>> TitlesAsync(CancellationToken ct) =>
        await db.AwardTitles.AsNoTracking().OrderBy(t => t.SortOrder).Select(t => new AwardTitleView(t.Code, t.Name, t.NomineeKind, t.Limit, t.BonusPoints)).ToListAsync(ct);

    /// <summary>Admins set a title's limit and bonus points (district-wide reference data).</summary>
    public async Task<AwardTitleView> SetTitleAsync(string code, SetAwardTitle input, CancellationToken ct)
    {
        if (!user.IsAdmin) throw AppProblem.Forbidden(l["Only admins change a title."]);
        var title = await db.AwardTitles.FirstOrDefaultAsync(t => t.Code == code, ct) ?? throw AppProblem.NotFound(l["No award title {0}.", code]);
        var v = new Validation();
        v.Require(input.Limit is null or (>= 1 and <= 1000), "limit", l["A limit is 1 to {0}, or empty for none.", 1000]);
        v.Require(input.BonusPoints is null or (>= 0 and <= 10_000), "bonusPoints", l["Bonus points are 0 to {0}.", 10_000]);
        v.ThrowIfInvalid();
        title.Limit = input.Limit;
        title.BonusPoints = input.BonusPoints ?? title.BonusPoints;
        audit.Record("award.title", "award-title", title.Id, $"{code}: limit {title.Limit?.ToString() ?? "-"}, bonus {title.BonusPoints}");
        await db.SaveChangesAsync(ct);
        return new AwardTitleView(title.Code, title.Name, title.NomineeKind, title.Limit, title.BonusPoints);
    }

    public async Task<NominationView> NominateAsync(Nominate input, CancellationToken ct)
    {
        var v = new Validation();
        var title = await db.AwardTitles.AsNoTracking().FirstOrDefaultAsync(t => t.Code == (input.TitleCode ?? "").Trim(), ct);
        if (title is null) v.Add("titleCode", l["Choose a title."]);
        var thisYear = BeijingTime.Today(clock).Year;
        var year = input.Year ?? thisYear;
        v.Require(year >= 2000 && year <= thisYear, "year", l["The year is {0} to {1}.", 2000, thisYear]);
        var node = string.IsNullOrWhiteSpace(input.AreaCode) ? null : await areas.FindAsync(input.AreaCode.Trim(), ct);
        if (node is null || node.Level > AreaLevel.Grid) v.Add("areaCode", l["Choose the awarding area (a grid, community, street or district) within your reach."]);
        var reason = input.Reason?.Trim() ?? "";
        v.Require(reason.Length is > 0 and <= 1000, "reason", l["Give the reason, at most {0} characters.", 1000]);
        (long Id, string Name, string Path, string Evidence)? nominee = null;
        if (title is not null) nominee = await NomineeAsync(title.NomineeKind, input, year, v, ct);
        if (nominee is { } n && node is not null && !n.Path.StartsWith(node.Path, StringComparison.Ordinal))
            v.Add(Field(title!.NomineeKind), l["The nominee must be under the awarding area."]);
        v.ThrowIfInvalid();
        var (id, name, _, evidence) = nominee!.Value;
        if (await db.AwardNominations.IgnoreQueryFilters().AnyAsync(x => x.TitleCode == title!.Code && x.Year == year && x.NomineeKind == title.NomineeKind
                && x.NomineeId == id && x.State != NominationState.Declined, ct))
            throw AppProblem.Conflict(l["{0} is nominated for {1} {2} already.", name, title!.Name, year]);
        var nomination = new AwardNomination
        {
            TitleCode = title!.Code, Year = year, AreaNodeId = node!.Id, AreaPath = node.Path, NomineeKind = title.NomineeKind, NomineeId = id, NomineeName = name,
            Reason = reason, Evidence = evidence, NominatedBy = user.Id, NominatedByName = user.DisplayName, NominatedAt = clock.GetUtcNow(), State = NominationState.Pending,
        };
        db.AwardNominations.Add(nomination);
        audit.RecordNew("award.nominate", "award-nomination", nomination, $"{title.Name} {year}: {name}");
        await db.SaveChangesAsync(ct);
        return await ViewAsync(nomination, ct);
    }

    /// <summary>Nominations in reach, under an area (a node's code) and in a year when given, pending first.</summary>
    public async Task<IReadOnlyList<NominationView>> ListAsync(string? area, int? year, string? state, CancellationToken ct)
    {
        var query = db.AwardNominations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(area))
        {
            var node = await areas.FindAsync(area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area {0} is within your reach.", area]);
            query = query.Where(n => n.AreaPath.StartsWith(node.Path));
        }
        if (year is { } y) query = query.Where(n => n.Year == y);
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (!Enum.TryParse<NominationState>(state, true, out var s) || !Enum.IsDefined(s)) throw AppProblem.Invalid("state", l["Say Pending, Awarded or Declined."]);
            query = query.Where(n => n.State == s);
        }
        var list = await query.OrderBy(n => n.State).ThenByDescending(n => n.Year).ThenBy(n => n.TitleCode).ThenBy(n => n.Id).Take(500).ToListAsync(ct);
        return await ViewsAsync(list, ct);
    }

    public async Task<NominationView> GetAsync(long id, CancellationToken ct) =>
        await ViewAsync(await db.AwardNominations.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw NotFound(id), ct);

    /// <summary>
    /// Awards or declines a pending nomination. The nomination must be in the caller's subtree (else 404) and the
    /// caller community staff or above. Awarding takes the award key (unique) and counts the title's awards at the
    /// node in that year against its limit; the bonus points are credited after the award is saved.
    /// </summary>
    public async Task<NominationView> DecideAsync(long id, DecideNomination input, CancellationToken ct)
    {
        var nomination = await db.AwardNominations.FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw NotFound(id);
        if (!DecidingRoles.Any(user.IsInRole)) throw AppProblem.Forbidden(l["Community, street or district staff decide awards."]);
        if (input.Award is not { } award) throw AppProblem.Invalid("award", l["Say award or decline."]);
        if (nomination.State != NominationState.Pending) throw AppProblem.Conflict(l["The nomination is decided already."]);
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > 500 }) throw AppProblem.Invalid("note", l["At most {0} characters.", 500]);
        var title = await db.AwardTitles.AsNoTracking().FirstAsync(t => t.Code == nomination.TitleCode, ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (award)
            {
                // Decisions on one title queue on its row (a no-op update takes the row lock; SQLite's write gate does
                // the same), so two decisions racing for the last place under the limit cannot both count it free.
                await db.AwardTitles.Where(t => t.Code == title.Code).ExecuteUpdateAsync(u => u.SetProperty(t => t.Limit, t => t.Limit), ct);
                var key = AwardNomination.KeyOf(nomination.TitleCode, nomination.Year, nomination.NomineeKind, nomination.NomineeId);
                if (await db.AwardNominations.IgnoreQueryFilters().AnyAsync(n => n.AwardKey == key, ct))
                    throw AppProblem.Conflict(l["{0} holds {1} {2} already.", nomination.NomineeName, title.Name, nomination.Year]);
                if (title.Limit is { } limit && await db.AwardNominations.IgnoreQueryFilters().CountAsync(n => n.AreaNodeId == nomination.AreaNodeId
                        && n.TitleCode == title.Code && n.Year == nomination.Year && n.State == NominationState.Awarded, ct) >= limit)
                    throw AppProblem.Conflict(l["{0} is given at most {1} times a year here; the limit is reached.", title.Name, limit]);
                nomination.AwardKey = key;
            }
            (nomination.State, nomination.DecidedBy, nomination.DecidedAt, nomination.DecisionNote) =
                (award ? NominationState.Awarded : NominationState.Declined, user.DisplayName, clock.GetUtcNow(), note);
            audit.Record(award ? "award.award" : "award.decline", "award-nomination", id, $"{title.Name} {nomination.Year}: {nomination.NomineeName}", areaPath: nomination.AreaPath);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A racing decision took the award key first.
            db.ChangeTracker.Clear();
            throw AppProblem.Conflict(l["{0} holds {1} {2} already.", nomination.NomineeName, title.Name, nomination.Year]);
        }
        if (award && title.BonusPoints > 0 && nomination.NomineeKind == AwardNomineeKind.Volunteer)
        {
            var volunteer = await db.Volunteers.IgnoreQueryFilters().FirstAsync(x => x.Id == nomination.NomineeId, ct);
            nomination.BonusPoints = await activities.EarnAsync(volunteer, title.BonusPoints, l["Award: {0} {1}", title.Name, nomination.Year], "award", id.ToString(), $"award:{id}", ct);
            await db.SaveChangesAsync(ct);
        }
        return await ViewAsync(nomination, ct);
    }

    /// <summary>Anyone: the awards under an area in a year, people's names masked (张*, 王*明); nothing else about them.</summary>
    public async Task<IReadOnlyList<PublicAward>> PublicListAsync(string? area, int year, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(area)) throw AppProblem.Invalid("area", l["Choose an area."]);
        if (year is < 2000 or > 2100) throw AppProblem.Invalid("year", l["The year is {0} to {1}.", 2000, 2100]);
        var node = await services.AsSystemAsync(sp => sp.GetRequiredService<IAreaDirectory>().FindAsync(area.Trim(), ct))
                   ?? throw AppProblem.NotFound(l["No area {0}.", area]);
        var list = await db.AwardNominations.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.AreaPath.StartsWith(node.Path) && n.Year == year && n.State == NominationState.Awarded)
            .OrderBy(n => n.TitleCode).ThenBy(n => n.Id).Take(500).ToListAsync(ct);
        var titles = await db.AwardTitles.AsNoTracking().ToDictionaryAsync(t => t.Code, ct);
        var names = await AreaNamesAsync(list.Select(n => n.AreaNodeId), system: true, ct);
        return [.. list.OrderBy(n => titles.TryGetValue(n.TitleCode, out var t) ? t.SortOrder : 0).ThenBy(n => n.Id)
            .Select(n => new PublicAward(n.TitleCode, titles.TryGetValue(n.TitleCode, out var t) ? t.Name : n.TitleCode, n.Year, names.GetValueOrDefault(n.AreaNodeId, ""),
                n.NomineeKind, n.NomineeKind == AwardNomineeKind.Volunteer ? Masking.Name(n.NomineeName) : n.NomineeName))];
    }

    /// <summary>The awards a volunteer holds, newest first (for their own page).</summary>
    public async Task<IReadOnlyList<VolunteerAward>> OfVolunteerAsync(long volunteerId, CancellationToken ct)
    {
        var list = await db.AwardNominations.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.NomineeKind == AwardNomineeKind.Volunteer && n.NomineeId == volunteerId && n.State == NominationState.Awarded)
            .OrderByDescending(n => n.Year).ThenBy(n => n.Id).ToListAsync(ct);
        var titles = await db.AwardTitles.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, ct);
        var names = await AreaNamesAsync(list.Select(n => n.AreaNodeId), system: false, ct);
        return [.. list.Select(n => new VolunteerAward(titles.GetValueOrDefault(n.TitleCode, n.TitleCode), n.Year, names.GetValueOrDefault(n.AreaNodeId, "")))];
    }

    private async Task<(long, string, string, string)?> NomineeAsync(AwardNomineeKind kind, Nominate input, int year, Validation v, CancellationToken ct)
    {
        var from = BeijingTime.YearStart(year);
        var until = BeijingTime.YearStart(year + 1);
        switch (kind)
        {
            case AwardNomineeKind.Volunteer:
            {
                var volunteer = input.VolunteerId is { } vid ? await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == vid, ct) : null;
                if (volunteer is null) { v.Add("volunteerId", l["Choose a volunteer within your reach."]); return null; }
                var minutes = await db.ActivitySignUps.IgnoreQueryFilters().Where(s => s.VolunteerId == volunteer.Id && s.State == SignUpState.Confirmed
                    && s.ConfirmedAt >= from && s.ConfirmedAt < until).Select(s => s.Minutes ?? 0).ToListAsync(ct);
                var orderMinutes = await db.ServiceOrders.IgnoreQueryFilters().Where(o => o.VolunteerId == volunteer.Id && o.Rating != null
                    && o.DoneAt >= from && o.DoneAt < until).Select(o => o.Minutes ?? 0).ToListAsync(ct);
                var balance = ledgers.FirstOrDefault() is { } ledger ? await ledger.BalanceAsync(volunteer.Id, ct) : null;
                var evidence = (string)l["{0}: {1} hours in {2} activities and {3} service orders; {4} points in the bank", year,
                    VolunteerPool.Hours(minutes.Sum() + orderMinutes.Sum()), minutes.Count, orderMinutes.Count, balance ?? 0];
                return (volunteer.Id, volunteer.Name, volunteer.AreaPath, evidence);
            }
            case AwardNomineeKind.Team:
            {
                var team = input.TeamId is { } tid ? await db.VolunteerTeams.AsNoTracking().FirstOrDefaultAsync(x => x.Id == tid, ct) : null;
                if (team is null) { v.Add("teamId", l["Choose a team within your reach."]); return null; }
                var members = await db.Volunteers.IgnoreQueryFilters().CountAsync(x => x.TeamId == team.Id, ct);
                var held = await db.VolunteerActivities.IgnoreQueryFilters().Where(a => a.TeamId == team.Id && !a.Cancelled && a.StartsAt >= from && a.StartsAt < until).Select(a => a.Id).ToListAsync(ct);
                var served = await db.ActivitySignUps.IgnoreQueryFilters().Where(s => held.Contains(s.ActivityId) && s.State == SignUpState.Confirmed).Select(s => s.Minutes ?? 0).ToListAsync(ct);
                var evidence = (string)l["{0}: {1} members; {2} activities with {3} hours served", year, members, held.Count, VolunteerPool.Hours(served.Sum())];
                return (team.Id, team.Name, team.AreaPath, evidence);
            }
            default:
            {
                var building = string.IsNullOrWhiteSpace(input.BuildingCode) ? null : await areas.FindAsync(input.BuildingCode.Trim(), ct);
                if (building is null || building.Level != AreaLevel.Building) { v.Add("buildingCode", l["Choose a building within your reach."]); return null; }
                var points = await leaders.BuildingPointsAsync(building.Id, year, ct);
                var volunteers = await db.Volunteers.IgnoreQueryFilters().CountAsync(x => x.AreaPath.StartsWith(building.Path), ct);
                var evidence = (string)l["{0}: building leaders earned {1} points; {2} volunteers live here", year, points, volunteers];
                return (building.Id, building.Name, building.Path, evidence);
            }
        }
    }

    private static string Field(AwardNomineeKind kind) => kind switch
    {
        AwardNomineeKind.Volunteer => "volunteerId",
        AwardNomineeKind.Team => "teamId",
        _ => "buildingCode",
    };

    private AppProblem NotFound(long id) => AppProblem.NotFound(l["No nomination {0} is within your reach.", id]);

    private async Task<Dictionary<long, string>> AreaNamesAsync(IEnumerable<long> ids, bool system, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        if (distinct.Count == 0) return [];
        var found = system
            ? await services.AsSystemAsync(sp => sp.GetRequiredService<IAreaDirectory>().NamesAsync(distinct, ct))
            : await areas.NamesAsync(distinct, ct);
        return found.ToDictionary(a => a.Id, a => a.Name);
    }

    private async Task<NominationView> ViewAsync(AwardNomination n, CancellationToken ct) => (await ViewsAsync([n], ct))[0];

    private async Task<IReadOnlyList<NominationView>> ViewsAsync(IReadOnlyList<AwardNomination> list, CancellationToken ct)
    {
        var titles = await db.AwardTitles.AsNoTracking().ToDictionaryAsync(t => t.Code, t => t.Name, ct);
        var names = await AreaNamesAsync(list.Select(n => n.AreaNodeId), system: false, ct);
        return [.. list.Select(n => new NominationView(n.Id, n.TitleCode, titles.GetValueOrDefault(n.TitleCode, n.TitleCode), n.Year, n.AreaNodeId,
            names.GetValueOrDefault(n.AreaNodeId, ""), n.NomineeKind, n.NomineeId, n.NomineeName, n.Reason, n.Evidence, n.NominatedByName, n.NominatedAt,
            n.State, n.DecidedBy, n.DecidedAt, n.DecisionNote, n.BonusPoints))];
    }
}
