using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Volunteers.Features.Activities;

/// <summary>
/// Activities (菜单式): published by staff for a node in reach or by a team's leader; browsed and signed up for by
/// any volunteer (activities are public notices, so browsing ignores the data scope, and a sign-up is the caller's
/// own); run by the organiser (or staff above the node): the rotating QR code at the site, check-in and -out by scan
/// or by hand within the time window, confirmation of the hours (never one's own) that credits the points through
/// the bank's <see cref="IPointsLedger"/> under one idempotency key per volunteer and activity, no-shows.
/// Every refusal is an <see cref="AppProblem"/> raised before anything is written.
/// </summary>
public sealed class VolunteerActivities(GongzhiDb db, VolunteerPool pool, IAreaDirectory areas, IEnumerable<IPointsLedger> ledgers, CurrentUser user,
    AuditLog audit, TimeProvider clock, IOptions<VolunteersOptions> options, IStringLocalizer<SharedResource> l)
{
    public static readonly string[] StaffRoles = [Roles.Admin, Roles.Street, Roles.Community, Roles.Grid];

    public async Task<ActivityView> PublishAsync(PublishActivity input, CancellationToken ct)
    {
        var v = new Validation();
        var title = input.Title?.Trim() ?? "";
        var category = input.Category?.Trim() ?? "";
        var place = input.Place?.Trim() ?? "";
        v.Require(title.Length is > 0 and <= 200, "title", l["Give a title, at most {0} characters.", 200]);
        v.Require(category.Length is > 0 and <= 50, "category", l["Give a category, at most {0} characters.", 50]);
        v.Require(place.Length is > 0 and <= 200, "place", l["Give the place, at most {0} characters.", 200]);
        v.Require((input.Description?.Length ?? 0) <= 2000, "description", l["At most {0} characters.", 2000]);
        v.Require(input.StartsAt is not null, "startsAt", l["Give the start."]);
        v.Require(input.EndsAt is not null && input.StartsAt is not null && input.EndsAt > input.StartsAt && input.EndsAt - input.StartsAt <= TimeSpan.FromDays(2),
            "endsAt", l["The end comes after the start, within two days."]);
        var deadline = input.SignUpDeadline ?? input.StartsAt;
        v.Require(deadline is null || input.StartsAt is null || deadline <= input.StartsAt, "signUpDeadline", l["Sign-ups close at the start at the latest."]);
        v.Require(input.Capacity is > 0 and <= 10000, "capacity", l["Capacity is 1 to {0}.", 10000]);
        v.Require(input.PointsPerHour is null or (>= 0 and <= 1000), "pointsPerHour", l["Points are 0 to {0}.", 1000]);
        v.Require(input.PointsPerActivity is null or (>= 0 and <= 1000), "pointsPerActivity", l["Points are 0 to {0}.", 1000]);
        var skills = (input.NeededSkills ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct().ToList();
        var known = await db.VolunteerSkills.Where(s => skills.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
        foreach (var unknown in skills.Except(known)) v.Add("neededSkills", l["{0} is not a skill of the catalogue.", unknown]);

        long nodeId = 0; string? path = null; long? teamId = null;
        if (input.TeamId is { } tid)
        {
            // A team's leader publishes for the team's node, whatever their own scope.
            var team = await db.VolunteerTeams.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(t => t.Id == tid, ct);
            var own = await pool.OwnAsync(ct);
            var canStaff = IsStaff && team is not null && await db.VolunteerTeams.AnyAsync(t => t.Id == tid, ct);
            if (team is null || !(canStaff || (own is not null && team.LeaderId == own.Id))) v.Add("teamId", l["Only the team's leader or staff above it publish for a team."]);
            else (nodeId, path, teamId) = (team.AreaNodeId, team.AreaPath, team.Id);
        }
        else if (!IsStaff) v.Add("teamId", l["Name the team you lead."]);
        else
        {
            var node = string.IsNullOrWhiteSpace(input.AreaCode) ? null : await areas.FindAsync(input.AreaCode.Trim(), ct);
            if (node is null) v.Add("areaCode", l["Choose an area node within your reach."]);
            else (nodeId, path) = (node.Id, node.Path);
        }
        v.ThrowIfInvalid();
        var activity = new VolunteerActivity
        {
            Title = title, Category = category, Place = place, Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
            StartsAt = input.StartsAt!.Value.ToUniversalTime(), EndsAt = input.EndsAt!.Value.ToUniversalTime(), SignUpDeadline = deadline!.Value.ToUniversalTime(),
            Capacity = input.Capacity!.Value, NeededSkills = Volunteer.JoinSkills(skills), PointsPerHour = input.PointsPerHour ?? 0,
            PointsPerActivity = input.PointsPerActivity ?? 0, AreaNodeId = nodeId, AreaPath = path!, TeamId = teamId,
            OrganizerUserId = user.Id!, OrganizerName = user.DisplayName ?? user.UserName ?? "", QrSecret = CheckInToken.NewSecret(), CreatedAt = clock.GetUtcNow(),
        };
        db.VolunteerActivities.Add(activity);
        audit.RecordNew("activity.publish", "volunteer-activity", activity, title, areaPath: activity.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(activity, null, null);
    }

    /// <summary>Activities from now on (or all), soonest first; those in the caller's street first when asked for nearby ones.</summary>
    public async Task<IReadOnlyList<ActivityView>> BrowseAsync(bool upcomingOnly, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var own = await pool.OwnAsync(ct);
        var query = db.VolunteerActivities.IgnoreQueryFilters().AsNoTracking().Where(a => !a.Cancelled);
        if (upcomingOnly) query = query.Where(a => a.EndsAt >= now);
        var list = await query.OrderBy(a => a.StartsAt).Take(200).ToListAsync(ct);
        var mine = own is null ? [] : await db.ActivitySignUps.IgnoreQueryFilters().AsNoTracking().Where(s => s.VolunteerId == own.Id).ToDictionaryAsync(s => s.ActivityId, s => s.State, ct);
        var near = own is null ? null : StreetPrefix(own.AreaPath);
        return [.. list.Select(a => View(a, near, mine.TryGetValue(a.Id, out var s) ? s : null)).OrderByDescending(a => a.Near)];
    }

    public async Task<ActivityDetail> GetAsync(long id, CancellationToken ct)
    {
        var activity = await PublicAsync(id, ct);
        var own = await pool.OwnAsync(ct);
        var organizer = await IsOrganizerAsync(activity, ct);
        var signUps = db.ActivitySignUps.IgnoreQueryFilters().AsNoTracking().Where(s => s.ActivityId == id);
        if (!organizer) signUps = own is null ? signUps.Where(s => false) : signUps.Where(s => s.VolunteerId == own.Id);
        var list = await signUps.OrderBy(s => s.Id).ToListAsync(ct);
        var mine = own is null ? null : list.FirstOrDefault(s => s.VolunteerId == own.Id)?.State;
        return new ActivityDetail(View(activity, own is null ? null : StreetPrefix(own.AreaPath), mine), organizer, [.. list.Select(View)]);
    }

    /// <summary>Signs the caller up: refused after the deadline, when full (the seat is taken by a conditional update), or twice.</summary>
    public async Task<SignUpView> SignUpAsync(long id, CancellationToken ct)
    {
        var activity = await PublicAsync(id, ct);
        var own = await pool.OwnAsync(ct) ?? throw AppProblem.Conflict(l["Register as a volunteer first."]);
        var now = clock.GetUtcNow();
        if (activity.Cancelled) throw AppProblem.Conflict(l["The activity is cancelled."]);
        if (now > activity.SignUpDeadline) throw AppProblem.Conflict(l["Sign-ups closed at {0}.", Fmt(activity.SignUpDeadline)]);
        var existing = await db.ActivitySignUps.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.ActivityId == id && s.VolunteerId == own.Id, ct);
        if (existing is not null && existing.State != SignUpState.Cancelled) throw AppProblem.Conflict(l["You are signed up already."]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var taken = await db.VolunteerActivities.IgnoreQueryFilters().Where(a => a.Id == id && a.SignedUp < a.Capacity)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SignedUp, a => a.SignedUp + 1), ct);
        if (taken == 0) throw AppProblem.Conflict(l["The activity is full ({0} places).", activity.Capacity]);
        var signUp = existing ?? new ActivitySignUp { ActivityId = id, VolunteerId = own.Id, VolunteerName = own.Name, AreaPath = activity.AreaPath };
        (signUp.State, signUp.SignedUpAt, signUp.VolunteerUserId) = (SignUpState.SignedUp, now, own.UserId);
        if (existing is null) db.ActivitySignUps.Add(signUp);
        audit.Record("activity.signup", "volunteer-activity", id, own.Name, areaPath: activity.AreaPath);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(signUp);
    }

    public async Task<SignUpView> CancelAsync(long id, CancellationToken ct)
    {
        var activity = await PublicAsync(id, ct);
        var own = await pool.OwnAsync(ct) ?? throw AppProblem.Conflict(l["Register as a volunteer first."]);
        var signUp = await db.ActivitySignUps.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.ActivityId == id && s.VolunteerId == own.Id && s.State == SignUpState.SignedUp, ct)
                     ?? throw AppProblem.Conflict(l["You are not signed up for this activity."]);
        if (clock.GetUtcNow() >= activity.StartsAt) throw AppProblem.Conflict(l["The activity has started; ask the organiser."]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        signUp.State = SignUpState.Cancelled;
        audit.Record("activity.cancel-signup", "volunteer-activity", id, own.Name, areaPath: activity.AreaPath);
        await db.SaveChangesAsync(ct);
        await db.VolunteerActivities.IgnoreQueryFilters().Where(a => a.Id == id && a.SignedUp > 0).ExecuteUpdateAsync(u => u.SetProperty(a => a.SignedUp, a => a.SignedUp - 1), ct);
        await tx.CommitAsync(ct);
        return View(signUp);
    }

    /// <summary>The site's current code, for the organiser's QR page.</summary>
    public async Task<CheckInCode> CodeAsync(long id, string baseUrl, CancellationToken ct)
    {
        var activity = await OrganizedAsync(id, ct);
        var now = clock.GetUtcNow();
        var token = CheckInToken.Current(activity.QrSecret, activity.Id, now);
        var rotatesAt = DateTimeOffset.FromUnixTimeSeconds((CheckInToken.StepOf(now) + 1) * (long)CheckInToken.Step.TotalSeconds);
        return new CheckInCode(token, $"{baseUrl.TrimEnd('/')}/v/checkin/{activity.Id}?t={Uri.EscapeDataString(token)}", rotatesAt);
    }

    /// <summary>
    /// The caller scanned the site's code: a fresh token checks them in (within the window), and checks them out when
    /// they are in already. Refused: a stale token, no sign-up, outside the window.
    /// </summary>
    public async Task<SignUpView> ScanAsync(long id, ScanCheckIn input, CancellationToken ct)
    {
        var activity = await PublicAsync(id, ct);
        var own = await pool.OwnAsync(ct) ?? throw AppProblem.Conflict(l["Register as a volunteer first."]);
        var now = clock.GetUtcNow();
        if (!CheckInToken.IsValid(activity.QrSecret, activity.Id, input.Token, now))
            throw AppProblem.Conflict(l["The check-in code is stale or wrong; scan the code shown at the site again."]);
        var signUp = await db.ActivitySignUps.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.ActivityId == id && s.VolunteerId == own.Id, ct);
        return await MarkAsync(activity, signUp, now, "activity.scan", ct);
    }

    /// <summary>The organiser checks a volunteer in (or, when in, out) by hand.</summary>
    public async Task<SignUpView> MarkByHandAsync(long id, long signUpId, CancellationToken ct)
    {
        var activity = await OrganizedAsync(id, ct);
        var signUp = await db.ActivitySignUps.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.ActivityId == id && s.Id == signUpId, ct);
        return await MarkAsync(activity, signUp, clock.GetUtcNow(), "activity.mark", ct);
    }

    private async Task<SignUpView> MarkAsync(VolunteerActivity activity, ActivitySignUp? signUp, DateTimeOffset now, string action, CancellationToken ct)
    {
        if (signUp is null || signUp.State is SignUpState.Cancelled) throw AppProblem.Conflict(l["Not signed up for this activity."]);
        var opens = activity.StartsAt.AddMinutes(-options.Value.CheckInOpensMinutesBefore);
        if (signUp.State == SignUpState.SignedUp)
        {
            if (now < opens || now > activity.EndsAt)
                throw AppProblem.Conflict(l["Check-in is open from {0} to {1}.", Fmt(opens), Fmt(activity.EndsAt)]);
            (signUp.State, signUp.CheckedInAt) = (SignUpState.CheckedIn, now);
        }
        else if (signUp.State == SignUpState.CheckedIn)
        {
            if (now > activity.EndsAt.AddMinutes(options.Value.CheckOutClosesMinutesAfter)) throw AppProblem.Conflict(l["Check-out has closed; the organiser confirms the hours."]);
            (signUp.State, signUp.CheckedOutAt) = (SignUpState.CheckedOut, now);
        }
        else throw AppProblem.Conflict(l["Attendance is recorded already."]);
        audit.Record(action, "activity-signup", signUp.Id, signUp.State.ToString(), areaPath: signUp.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(signUp);
    }

    /// <summary>
    /// The organiser confirms a volunteer's hours (never their own); the volunteer's totals grow and the bank credits
    /// the points under the key <c>activity:{id}:volunteer:{id}</c>, so a repeated confirmation cannot pay twice.
    /// </summary>
    public async Task<SignUpView> ConfirmAsync(long id, long signUpId, ConfirmHours input, CancellationToken ct)
    {
        var activity = await OrganizedAsync(id, ct);
        var signUp = await db.ActivitySignUps.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.ActivityId == id && s.Id == signUpId, ct)
                     ?? throw AppProblem.NotFound(l["No such sign-up for this activity."]);
        if (signUp.VolunteerUserId is not null && signUp.VolunteerUserId == user.Id) throw AppProblem.Forbidden(l["You cannot confirm your own hours."]);
        if (signUp.State is not (SignUpState.CheckedIn or SignUpState.CheckedOut)) throw AppProblem.Conflict(l["Only attended sign-ups are confirmed."]);
        var computed = Attended(activity, signUp);
        if (input.Minutes is { } m && (m <= 0 || m > (int)(activity.EndsAt - activity.StartsAt).TotalMinutes))
            throw AppProblem.Invalid("minutes", l["Minutes are 1 to the activity's length."]);
        var minutes = input.Minutes ?? computed;
        var volunteer = await db.Volunteers.IgnoreQueryFilters().FirstAsync(x => x.Id == signUp.VolunteerId, ct);
        // The bank posts first, under its idempotency key: should the save below fail, confirming again replays the
        // same transaction instead of paying twice, and nothing here claims points the bank never posted.
        var points = activity.PointsPerActivity + (int)Math.Round(activity.PointsPerHour * minutes / 60m, MidpointRounding.AwayFromZero);
        signUp.Points = await EarnAsync(volunteer, points, l["Activity: {0}", activity.Title], "activity", activity.Id.ToString(), $"activity:{activity.Id}:volunteer:{volunteer.Id}", ct);
        (signUp.State, signUp.Minutes, signUp.ConfirmedAt, signUp.ConfirmedBy) = (SignUpState.Confirmed, minutes, clock.GetUtcNow(), user.DisplayName ?? user.UserName);
        volunteer.MinutesServed += minutes;
        volunteer.ActivitiesServed += 1;
        audit.Record("activity.confirm", "activity-signup", signUp.Id, $"{minutes} min", areaPath: signUp.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(signUp);
    }

    public async Task<SignUpView> NoShowAsync(long id, long signUpId, CancellationToken ct)
    {
        var activity = await OrganizedAsync(id, ct);
        var signUp = await db.ActivitySignUps.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.ActivityId == id && s.Id == signUpId, ct)
                     ?? throw AppProblem.NotFound(l["No such sign-up for this activity."]);
        if (signUp.State != SignUpState.SignedUp) throw AppProblem.Conflict(l["Only a sign-up without attendance is marked absent."]);
        if (clock.GetUtcNow() < activity.StartsAt) throw AppProblem.Conflict(l["The activity has not started."]);
        signUp.State = SignUpState.NoShow;
        audit.Record("activity.no-show", "activity-signup", signUp.Id, signUp.VolunteerName, areaPath: signUp.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(signUp);
    }

    /// <summary>The caller's own sign-ups, newest first.</summary>
    public async Task<IReadOnlyList<SignUpView>> MineAsync(CancellationToken ct)
    {
        var own = await pool.OwnAsync(ct);
        if (own is null) return [];
        return [.. (await db.ActivitySignUps.IgnoreQueryFilters().AsNoTracking().Where(s => s.VolunteerId == own.Id).OrderByDescending(s => s.Id).Take(200).ToListAsync(ct)).Select(View)];
    }

    /// <summary>Hours and activities per volunteer confirmed in a (Beijing) year under an area in reach, the most first.</summary>
    public async Task<IReadOnlyList<RankingLine>> RankingAsync(string? area, int year, string? by, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) throw AppProblem.Invalid("year", l["Give a year from 2000 to 2100."]);
        var from = BeijingTime.YearStart(year);
        var to = from.AddYears(1);
        var query = db.ActivitySignUps.AsNoTracking().Where(s => s.State == SignUpState.Confirmed && s.ConfirmedAt >= from && s.ConfirmedAt < to);
        if (!string.IsNullOrWhiteSpace(area))
        {
            var node = await areas.FindAsync(area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", area]);
            query = query.Under(s => s.AreaPath, node.Path);
        }
        var rows = await query.GroupBy(s => new { s.VolunteerId, s.VolunteerName })
            .Select(g => new { g.Key.VolunteerId, g.Key.VolunteerName, Minutes = g.Sum(s => s.Minutes ?? 0), Count = g.Count() }).ToListAsync(ct);
        var ordered = (by ?? "hours").ToLowerInvariant() switch
        {
            "hours" => rows.OrderByDescending(r => r.Minutes).ThenByDescending(r => r.Count),
            "activities" => rows.OrderByDescending(r => r.Count).ThenByDescending(r => r.Minutes),
            _ => throw AppProblem.Invalid("by", l["Rank by hours or activities."]),
        };
        return [.. ordered.ThenBy(r => r.VolunteerId).Take(100).Select((r, i) => new RankingLine(i + 1, r.VolunteerId, r.VolunteerName, VolunteerPool.Hours(r.Minutes), r.Count))];
    }

    /// <summary>Credits points through the bank when it is installed; answers what it credited (null: no bank, or nothing to credit).</summary>
    internal async Task<int?> EarnAsync(Volunteer volunteer, int points, string reason, string kind, string sourceId, string key, CancellationToken ct)
    {
        var ledger = ledgers.FirstOrDefault();
        if (ledger is null || points <= 0) return null;
        var posted = await ledger.EarnAsync(new PointsEarning(new PointsHolder(volunteer.Id, volunteer.Name, volunteer.AreaNodeId, volunteer.UserId), points, reason, kind, sourceId, key), ct);
        return posted.Points;
    }

    private static string Fmt(DateTimeOffset at) => at.ToOffset(BeijingTime.Offset).ToString("yyyy-MM-dd HH:mm");

    private static int Attended(VolunteerActivity a, ActivitySignUp s)
    {
        var from = s.CheckedInAt is { } i && i > a.StartsAt ? i : a.StartsAt;
        var until = s.CheckedOutAt is { } o && o < a.EndsAt ? o : a.EndsAt;
        return Math.Max(1, (int)Math.Round((until - from).TotalMinutes));
    }

    private bool IsStaff => StaffRoles.Any(user.IsInRole);

    private async Task<bool> IsOrganizerAsync(VolunteerActivity a, CancellationToken ct) =>
        (user.Id is not null && a.OrganizerUserId == user.Id) || (IsStaff && await db.VolunteerActivities.AnyAsync(x => x.Id == a.Id, ct));

    private async Task<VolunteerActivity> PublicAsync(long id, CancellationToken ct) =>
        await db.VolunteerActivities.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw AppProblem.NotFound(l["No activity {0}.", id]);

    private async Task<VolunteerActivity> OrganizedAsync(long id, CancellationToken ct)
    {
        var activity = await PublicAsync(id, ct);
        if (!await IsOrganizerAsync(activity, ct)) throw AppProblem.Forbidden(l["Only the activity's organiser or staff above it do this."]);
        return activity;
    }

    /// <summary>The path down to the street (the fourth code), for "near me".</summary>
    internal static string StreetPrefix(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join("/", parts.Take(4)) + "/";
    }

    private static ActivityView View(VolunteerActivity a, string? near, SignUpState? mine) => new(a.Id, a.Title, a.Category, a.Place, a.Description, a.StartsAt, a.EndsAt,
        a.SignUpDeadline, a.Capacity, a.SignedUp, a.NeededSkills.Split(',', StringSplitOptions.RemoveEmptyEntries), a.PointsPerHour, a.PointsPerActivity,
        a.AreaNodeId, a.TeamId, a.OrganizerName, a.Cancelled, near is not null && a.AreaPath.StartsWith(near, StringComparison.Ordinal), mine);

    public static SignUpView View(ActivitySignUp s) => new(s.Id, s.ActivityId, s.VolunteerId, s.VolunteerName, s.State, s.SignedUpAt, s.CheckedInAt, s.CheckedOutAt,
        s.Minutes is { } m ? VolunteerPool.Hours(m) : null, s.ConfirmedAt, s.ConfirmedBy, s.Points);
}
