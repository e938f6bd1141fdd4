using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Modules.Volunteers.Features.Activities;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Features.BuildingLeaders;

/// <summary>A volunteer designated 楼长 of a building (the building node's code).</summary>
public sealed record AppointLeader(long? VolunteerId, string? BuildingCode);

/// <summary>
/// A duty done: the duty's code, the day (default today), a note, and an optional idempotency key (default: one per
/// leader, duty and day) — the same key records once and earns once.
/// </summary>
public sealed record RecordDuty(string? DutyCode, DateOnly? DoneOn = null, string? Note = null, string? IdempotencyKey = null);

/// <summary>A new duty: its code (letters, digits, hyphens), name and points.</summary>
public sealed record NewDuty(string? Code, string? Name, int? Points);

/// <summary>A duty's settings: its name, points and whether it is offered.</summary>
public sealed record SetDuty(string? Name, int? Points, bool? Active);

public sealed record DutyView(string Code, string Name, int Points, bool Active);

public sealed record LeaderView(long Id, long VolunteerId, string VolunteerName, long BuildingNodeId, string BuildingName, DateTimeOffset Since, int PointsThisYear, int DutiesThisYear);

public sealed record DutyRecordView(long Id, long LeaderId, string DutyCode, string DutyName, DateOnly DoneOn, string? Note, int PointsAsked, int? PointsCredited,
    string? RecordedBy, DateTimeOffset RecordedAt, bool Replayed);

public sealed record LeaderDetail(LeaderView Leader, IReadOnlyList<DutyRecordView> Duties);

/// <summary>
/// 楼长积分 (building leaders' quantified reward): staff designate a volunteer of their reach 楼长 of a building and
/// record the configured duties done; each record earns the duty's points through the bank (key
/// <c>leader-duty:{key}</c>), within the bank's daily and yearly caps (what was credited is kept on the record). The
/// record's own key is unique, so a duty sent twice (or racing) is one record and one posting.
/// </summary>
public sealed class BuildingLeaderDuties(GongzhiDb db, IAreaDirectory areas, VolunteerActivities activities, CurrentUser user, AuditLog audit,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The duties as first installed: code, name, points.</summary>
    public static readonly (string Code, string Name, int Points)[] Duties =
    [
        ("leader-day", "参加楼长日", 10), ("relay-notice", "传达通知", 5), ("report-issue", "反映问题", 5), ("building-activity", "组织楼栋活动", 20),
    ];

    public static async Task EnsureDutiesAsync(GongzhiDb db, CancellationToken ct)
    {
        var present = await db.LeaderDuties.Select(d => d.Code).ToListAsync(ct);
        var order = 0;
        foreach (var (code, name, points) in Duties)
        {
            order += 10;
            if (!present.Contains(code)) db.LeaderDuties.Add(new LeaderDuty { Code = code, Name = name, Points = points, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<DutyView>> DutiesAsync(CancellationToken ct) =>
        await db.LeaderDuties.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code).Select(d => new DutyView(d.Code, d.Name, d.Points, d.Active)).ToListAsync(ct);

    /// <summary>Admins add a duty (district-wide reference data).</summary>
    public async Task<DutyView> AddDutyAsync(NewDuty input, CancellationToken ct)
    {
        if (!user.IsAdmin) throw AppProblem.Forbidden(l["Only admins change the duties."]);
        var code = input.Code?.Trim().ToLowerInvariant() ?? "";
        var v = new Validation();
        v.Require(code.Length is > 0 and <= 32 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'), "code", l["A code is letters, digits and hyphens, at most {0}.", 32]);
        if (v.IsValid && await db.LeaderDuties.AnyAsync(d => d.Code == code, ct)) v.Add("code", l["The code {0} is taken.", code]);
        var duty = new LeaderDuty { Code = code, Name = "", SortOrder = 1000 };
        Apply(duty, new SetDuty(input.Name, input.Points, true), v);
        db.LeaderDuties.Add(duty);
        audit.Record("leader.duty", "leader-duty", code, $"{duty.Name}: {duty.Points}");
        await db.SaveChangesAsync(ct);
        return new DutyView(duty.Code, duty.Name, duty.Points, duty.Active);
    }

    /// <summary>Admins change a duty's name, points or whether it is offered.</summary>
    public async Task<DutyView> SetDutyAsync(string code, SetDuty input, CancellationToken ct)
    {
        if (!user.IsAdmin) throw AppProblem.Forbidden(l["Only admins change the duties."]);
        var duty = await db.LeaderDuties.FirstOrDefaultAsync(d => d.Code == code, ct) ?? throw AppProblem.NotFound(l["No duty {0}.", code]);
        Apply(duty, input, new Validation());
        audit.Record("leader.duty", "leader-duty", code, $"{duty.Name}: {duty.Points}");
        await db.SaveChangesAsync(ct);
        return new DutyView(duty.Code, duty.Name, duty.Points, duty.Active);
    }

    private void Apply(LeaderDuty duty, SetDuty input, Validation v)
    {
        var name = input.Name?.Trim() ?? duty.Name;
        v.Require(name.Length is > 0 and <= 50, "name", l["Give the name, at most {0} characters.", 50]);
        var points = input.Points ?? (duty.Id == 0 ? null : duty.Points);
        v.Require(points is >= 0 and <= 1000, "points", l["Points are 0 to {0}.", 1000]);
        v.ThrowIfInvalid();
        (duty.Name, duty.Points, duty.Active) = (name, points!.Value, input.Active ?? duty.Active);
    }

    public async Task<LeaderView> AppointAsync(AppointLeader input, CancellationToken ct)
    {
        var v = new Validation();
        var volunteer = input.VolunteerId is { } vid ? await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == vid, ct) : null;
        if (volunteer is null) v.Add("volunteerId", l["Choose a volunteer within your reach."]);
        var building = string.IsNullOrWhiteSpace(input.BuildingCode) ? null : await areas.FindAsync(input.BuildingCode.Trim(), ct);
        if (building is null || building.Level != AreaLevel.Building) v.Add("buildingCode", l["Choose a building within your reach."]);
        v.ThrowIfInvalid();
        if (await db.BuildingLeaders.IgnoreQueryFilters().AnyAsync(x => x.AreaNodeId == building!.Id && x.VolunteerId == volunteer!.Id, ct))
            throw AppProblem.Conflict(l["{0} leads {1} already.", volunteer!.Name, building!.Name]);
        var leader = new BuildingLeader
        {
            VolunteerId = volunteer!.Id, VolunteerName = volunteer.Name, AreaNodeId = building!.Id, BuildingName = building.Name, AreaPath = building.Path,
            Since = clock.GetUtcNow(), AppointedBy = user.DisplayName,
        };
        db.BuildingLeaders.Add(leader);
        audit.RecordNew("leader.appoint", "building-leader", leader, $"{building.Name}: {volunteer.Name}");
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync([leader], BeijingTime.Today(clock).Year, ct))[0];
    }

    /// <summary>The building leaders under an area in reach (a community's, typically) with their points of the year, most first.</summary>
    public async Task<IReadOnlyList<LeaderView>> ListAsync(string? area, int? year, CancellationToken ct)
    {
        var query = db.BuildingLeaders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(area))
        {
            var node = await areas.FindAsync(area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area {0} is within your reach.", area]);
            query = query.Where(x => x.AreaPath.StartsWith(node.Path));
        }
        if (year is < 2000 or > 2100) throw AppProblem.Invalid("year", l["The year is {0} to {1}.", 2000, 2100]);
        var list = await query.OrderBy(x => x.BuildingName).Take(500).ToListAsync(ct);
        var views = await ViewsAsync(list, year ?? BeijingTime.Today(clock).Year, ct);
        return [.. views.OrderByDescending(x => x.PointsThisYear).ThenBy(x => x.BuildingName)];
    }

    public async Task<LeaderDetail> GetAsync(long id, CancellationToken ct)
    {
        var leader = await db.BuildingLeaders.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw NotFound(id);
        var duties = await db.LeaderDutyRecords.AsNoTracking().Where(r => r.LeaderId == id).OrderByDescending(r => r.DoneOn).ThenByDescending(r => r.Id).Take(200).ToListAsync(ct);
        return new LeaderDetail((await ViewsAsync([leader], BeijingTime.Today(clock).Year, ct))[0], [.. duties.Select(r => View(r, false))]);
    }

    /// <summary>Records a duty done by the leader and earns its points; a key seen before answers the first record (Replayed) and earns nothing more.</summary>
    public async Task<DutyRecordView> RecordAsync(long leaderId, RecordDuty input, CancellationToken ct)
    {
        var leader = await db.BuildingLeaders.AsNoTracking().FirstOrDefaultAsync(x => x.Id == leaderId, ct) ?? throw NotFound(leaderId);
        var v = new Validation();
        var duty = await db.LeaderDuties.AsNoTracking().FirstOrDefaultAsync(d => d.Code == (input.DutyCode ?? "").Trim() && d.Active, ct);
        if (duty is null) v.Add("dutyCode", l["Choose a duty."]);
        var today = BeijingTime.Today(clock);
        var doneOn = input.DoneOn ?? today;
        v.Require(doneOn <= today && doneOn > today.AddDays(-90), "doneOn", l["The day is within the last {0} days.", 90]);
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        v.Require(note is null or { Length: <= 500 }, "note", l["At most {0} characters.", 500]);
        var key = string.IsNullOrWhiteSpace(input.IdempotencyKey) ? $"duty:{leaderId}:{duty?.Code}:{doneOn:yyyy-MM-dd}" : input.IdempotencyKey.Trim();
        v.Require(key.Length <= 180, "idempotencyKey", l["An idempotency key has at most {0} characters.", 180]);
        v.ThrowIfInvalid();
        if (await db.LeaderDutyRecords.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, ct) is { } before)
            return await FinishAsync(before, replayed: true, ct);
        var record = new LeaderDutyRecord
        {
            LeaderId = leader.Id, VolunteerId = leader.VolunteerId, DutyCode = duty!.Code, DutyName = duty.Name, DoneOn = doneOn, Note = note, PointsAsked = duty.Points,
            IdempotencyKey = key, RecordedBy = user.DisplayName, RecordedAt = clock.GetUtcNow(), AreaPath = leader.AreaPath,
        };
        db.LeaderDutyRecords.Add(record);
        audit.RecordNew("leader.duty-done", "leader-duty-record", record, $"{leader.BuildingName} {leader.VolunteerName}: {duty.Name}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same key recorded by a racing request: answer what won.
            db.ChangeTracker.Clear();
            var won = await db.LeaderDutyRecords.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, ct);
            if (won is null) throw;
            return await FinishAsync(won, replayed: true, ct);
        }
        return await FinishAsync(record, replayed: false, ct);
    }

    /// <summary>The building's leaders' points credited in a year (for 和谐楼栋 nominations).</summary>
    public async Task<int> BuildingPointsAsync(long buildingNodeId, int year, CancellationToken ct)
    {
        var (from, until) = (new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));
        var leaderIds = db.BuildingLeaders.IgnoreQueryFilters().Where(x => x.AreaNodeId == buildingNodeId).Select(x => x.Id);
        return await db.LeaderDutyRecords.IgnoreQueryFilters().Where(r => leaderIds.Contains(r.LeaderId) && r.DoneOn >= from && r.DoneOn < until)
            .SumAsync(r => r.PointsCredited ?? 0, ct);
    }

    /// <summary>
    /// Earns the record's points unless it has them: the bank's key is the record's, so a retry after a failure between
    /// the two saves posts once and fills the record in.
    /// </summary>
    private async Task<DutyRecordView> FinishAsync(LeaderDutyRecord record, bool replayed, CancellationToken ct)
    {
        if (record.PointsCredited is null)
        {
            var tracked = await db.LeaderDutyRecords.IgnoreQueryFilters().FirstAsync(r => r.Id == record.Id, ct);
            var volunteer = await db.Volunteers.IgnoreQueryFilters().FirstAsync(x => x.Id == record.VolunteerId, ct);
            tracked.PointsCredited = await activities.EarnAsync(volunteer, record.PointsAsked, l["Building leader: {0}", record.DutyName], "leader-duty",
                record.Id.ToString(), $"leader-duty:{record.IdempotencyKey}", ct) ?? 0;
            await db.SaveChangesAsync(ct);
            record = tracked;
        }
        return View(record, replayed);
    }

    private async Task<IReadOnlyList<LeaderView>> ViewsAsync(IReadOnlyList<BuildingLeader> list, int year, CancellationToken ct)
    {
        var ids = list.Select(x => x.Id).ToList();
        var (from, until) = (new DateOnly(year, 1, 1), new DateOnly(year + 1, 1, 1));
        var sums = (await db.LeaderDutyRecords.IgnoreQueryFilters().Where(r => ids.Contains(r.LeaderId) && r.DoneOn >= from && r.DoneOn < until)
                .Select(r => new { r.LeaderId, Points = r.PointsCredited ?? 0 }).ToListAsync(ct))
            .GroupBy(r => r.LeaderId).ToDictionary(g => g.Key, g => (Points: g.Sum(r => r.Points), Count: g.Count()));
        return [.. list.Select(x => new LeaderView(x.Id, x.VolunteerId, x.VolunteerName, x.AreaNodeId, x.BuildingName, x.Since,
            sums.TryGetValue(x.Id, out var s) ? s.Points : 0, sums.TryGetValue(x.Id, out var c) ? c.Count : 0))];
    }

    private AppProblem NotFound(long id) => AppProblem.NotFound(l["No building leader {0} is within your reach.", id]);

    private static DutyRecordView View(LeaderDutyRecord r, bool replayed) => new(r.Id, r.LeaderId, r.DutyCode, r.DutyName, r.DoneOn, r.Note, r.PointsAsked,
        r.PointsCredited, r.RecordedBy, r.RecordedAt, replayed);
}
