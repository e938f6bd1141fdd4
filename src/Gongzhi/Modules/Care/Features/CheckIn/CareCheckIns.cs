using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Care.Features.CheckIn;

/// <summary>
/// 窗帘之约: residents on the roster enrolled with designated people; someone marks "OK today" with one tap; the job
/// <c>care.checkin</c> raises an alert for each enrolled resident without a mark once the day passes the configured
/// hour (Beijing time), telling the designated people in the same save, once per resident and day; the alert is
/// closed with what was found. Marks and closes go through the caller's data scope.
/// </summary>
public sealed class CareCheckIns(GongzhiDb db, IAreaDirectory areas, IAccountDirectory accounts, INotifier notifier, CurrentUser user, AuditLog audit,
    TimeProvider clock, IOptions<CareOptions> options, IStringLocalizer<SharedResource> l, PersonalDataProtector protector, IResidentDirectory residents)
{
    public const int MaxPhones = 5;
    public const int FindingMax = 2000;
    private static readonly string[] WatcherRoles = [Roles.Grid, Roles.Community, Roles.Street, Roles.Volunteer, Roles.Resident];

    public async Task<CheckInStatus> EnrolAsync(long entryId, CheckInEnrolment input, CancellationToken ct)
    {
        var entry = await EntryAsync(entryId, ct);
        var names = (input.Watchers ?? []).Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var v = new Validation();
        v.Require(names.Count <= CareRoster.MaxVisitors, "watchers", l["At most {0} people.", CareRoster.MaxVisitors]);
        var watchers = new List<CareVisitor>();
        foreach (var name in names.Take(CareRoster.MaxVisitors))
        {
            var staff = await accounts.StaffAsync(name, ct);
            if (staff is null || staff.IsLocked || !WatcherRoles.Contains(staff.Role)) v.Add("watchers", l["{0} is not an active account that can be told.", name]);
            else watchers.Add(new CareVisitor(staff.UserId, staff.UserName, staff.DisplayName.Length > 0 ? staff.DisplayName : staff.UserName));
        }
        var phones = input.Phones is null ? null : CheckInPhones.Parse(input.Phones, v, l);
        v.ThrowIfInvalid();
        entry.CheckInWatchersJson = watchers.Count == 0 ? null : CareEntry.ToJson(watchers);
        entry.UpdatedAt = clock.GetUtcNow();
        if (watchers.Count > 0)
        {
            entry.SmsReplyCode ??= await NewReplyCodeAsync(ct);
            await SetPhonesAsync(entry, phones, ct);
        }
        audit.Record(watchers.Count == 0 ? "care.checkin-leave" : "care.checkin-enrol", "care-entry", entry.Id, string.Join(",", watchers.Select(w => w.UserName)), areaPath: entry.AreaPath);
        await db.SaveChangesAsync(ct);
        return await StatusAsync(entry, ct);
    }

    /// <summary>
    /// The phones that may reply by SMS: those given (null: keep the listed ones) and always the elder's own phone from
    /// the registry, kept as ciphertext, lookup hash and masked copy.
    /// </summary>
    private async Task SetPhonesAsync(CareEntry entry, IReadOnlyList<string>? given, CancellationToken ct)
    {
        var existing = await db.CareCheckInPhones.Where(p => p.EntryId == entry.Id).ToListAsync(ct);
        var wanted = given?.ToList() ?? [.. existing.Select(p => protector.Decrypt(p.PhoneCipher))];
        if (await residents.PhoneForMessagesAsync(entry.ResidentId, ct) is { } own && CheckInPhones.Normalize(own) is { } ownPhone) wanted.Insert(0, ownPhone);
        var hashes = new HashSet<string>();
        db.CareCheckInPhones.RemoveRange(existing);
        foreach (var phone in wanted.Distinct())
        {
            var hash = protector.LookupHash(phone);
            if (!hashes.Add(hash)) continue;
            db.CareCheckInPhones.Add(new CareCheckInPhone { EntryId = entry.Id, AreaPath = entry.AreaPath, PhoneHash = hash, PhoneCipher = protector.Encrypt(phone), PhoneMasked = Masking.Phone(phone) });
        }
    }

    /// <summary>A new SMS reply code: six random digits not held by another entry.</summary>
    public async Task<string> NewReplyCodeAsync(CancellationToken ct)
    {
        while (true)
        {
            var code = System.Security.Cryptography.RandomNumberGenerator.GetInt32(100000, 1000000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!await db.CareEntries.IgnoreQueryFilters().AnyAsync(e => e.SmsReplyCode == code, ct) && !db.CareEntries.Local.Any(e => e.SmsReplyCode == code)) return code;
        }
    }

    /// <summary>Gives an enrolled entry a new SMS reply code (the old one stops working at once).</summary>
    public async Task<CheckInStatus> NewReplyCodeAsync(long entryId, CancellationToken ct)
    {
        var entry = await EntryAsync(entryId, ct);
        if (entry.CheckInWatchersJson is null) throw AppProblem.Conflict(l["{0} is not enrolled in the daily check-in.", entry.ResidentName]);
        entry.SmsReplyCode = await NewReplyCodeAsync(ct);
        entry.UpdatedAt = clock.GetUtcNow();
        audit.Record("care.reply-code", "care-entry", entry.Id, "", areaPath: entry.AreaPath);
        await db.SaveChangesAsync(ct);
        return await StatusAsync(entry, ct);
    }

    /// <summary>"OK today": one mark per day (a second tap answers the first); refused for a resident not enrolled.</summary>
    public Task<CheckInStatus> MarkAsync(long entryId, CancellationToken ct) =>
        MarkAsync(entryId, CheckInChannel.App, user.DisplayName ?? user.UserName ?? "system", ct);

    /// <summary>
    /// "OK today" by any channel: the staff app, the door's QR code (run with system reach for the anonymous scanner),
    /// or an SMS reply code. <paramref name="byName"/> is who or what marked (a name, "door QR", a masked phone).
    /// </summary>
    public async Task<CheckInStatus> MarkAsync(long entryId, CheckInChannel channel, string byName, CancellationToken ct)
    {
        var entry = await EntryAsync(entryId, ct);
        if (entry.CheckInWatchersJson is null) throw AppProblem.Conflict(l["{0} is not enrolled in the daily check-in.", entry.ResidentName]);
        var now = clock.GetUtcNow();
        var today = BeijingTime.Date(now);
        if (!await db.CareCheckIns.AnyAsync(c => c.EntryId == entryId && c.Day == today, ct))
        {
            db.CareCheckIns.Add(new CareCheckIn { EntryId = entryId, AreaPath = entry.AreaPath, Day = today, MarkedAt = now, MarkedByName = byName, Channel = channel });
            audit.Record("care.checkin", "care-entry", entry.Id, $"{today:yyyy-MM-dd} {channel}", userName: channel == CheckInChannel.App ? null : byName, areaPath: entry.AreaPath);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); } // marked at the same moment by someone else: that mark stands
        }
        return await StatusAsync(entry, ct);
    }

    /// <summary>Today's enrolled residents in reach (or under an area), those without a mark first.</summary>
    public async Task<IReadOnlyList<CheckInStatus>> TodayAsync(string? area, CancellationToken ct)
    {
        var query = db.CareEntries.AsNoTracking().Where(e => e.CheckInWatchersJson != null);
        if (!string.IsNullOrWhiteSpace(area))
        {
            var node = await areas.FindAsync(area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", area]);
            query = query.Under(e => e.AreaPath, node.Path);
        }
        var entries = await query.OrderBy(e => e.Address).Take(500).ToListAsync(ct);
        var today = BeijingTime.Date(clock.GetUtcNow());
        var ids = entries.Select(e => e.Id).ToList();
        var marks = await db.CareCheckIns.AsNoTracking().Where(c => c.Day == today && ids.Contains(c.EntryId)).ToDictionaryAsync(c => c.EntryId, ct);
        var alerts = await db.CareAlerts.AsNoTracking().Where(a => a.ClosedAt == null && ids.Contains(a.EntryId)).ToListAsync(ct);
        return [.. entries.Select(e => Status(e, marks.GetValueOrDefault(e.Id), alerts.Where(a => a.EntryId == e.Id).OrderByDescending(a => a.Day).FirstOrDefault()))
            .OrderBy(s => s.MarkedAt is not null)];
    }

    /// <summary>
    /// The streak calendar: one month (default the current one in Beijing) of an entry in reach, each day OK, missed or
    /// alert, with the current streak. Marks and alerts of the past year feed the streak.
    /// </summary>
    public async Task<CheckInMonth> CalendarAsync(long entryId, string? month, CancellationToken ct)
    {
        var entry = await EntryAsync(entryId, ct);
        var today = BeijingTime.Date(clock.GetUtcNow());
        var (year, m) = (today.Year, today.Month);
        if (!string.IsNullOrWhiteSpace(month))
        {
            if (!DateOnly.TryParseExact(month.Trim() + "-01", "yyyy-MM-dd", out var parsed) || parsed.Year < 2000 || parsed > today)
                throw AppProblem.Invalid("month", l["Give a month as yyyy-MM, not after this one."]);
            (year, m) = (parsed.Year, parsed.Month);
        }
        var since = today.AddDays(-366);
        var marked = (await db.CareCheckIns.AsNoTracking().Where(c => c.EntryId == entryId && c.Day >= since).Select(c => c.Day).ToListAsync(ct)).ToHashSet();
        var alerted = (await db.CareAlerts.AsNoTracking().Where(a => a.EntryId == entryId && a.Day >= since).Select(a => a.Day).ToListAsync(ct)).ToHashSet();
        var days = CheckInCalendar.Month(year, m, today, marked, alerted);
        return new CheckInMonth(entry.Id, entry.ResidentName, entry.CheckInWatchersJson is not null, year, m, CheckInCalendar.Streak(today, marked, alerted),
            days.Count(d => d.State == CheckInDayState.Ok), days.Count(d => d.State == CheckInDayState.Missed), days.Count(d => d.State == CheckInDayState.Alert), days);
    }

    /// <summary>Alerts in reach, open ones only unless asked, newest first.</summary>
    public async Task<IReadOnlyList<AlertView>> AlertsAsync(bool openOnly, CancellationToken ct) =>
        [.. (await db.CareAlerts.AsNoTracking().Where(a => !openOnly || a.ClosedAt == null).OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.Id).Take(200).ToListAsync(ct))
            .Select(View)];

    public async Task<AlertView> CloseAsync(long alertId, CloseAlert input, CancellationToken ct)
    {
        var alert = await db.CareAlerts.FirstOrDefaultAsync(a => a.Id == alertId, ct) ?? throw AppProblem.NotFound(l["No check-in alert {0} is within your reach.", alertId]);
        if (alert.ClosedAt is not null) throw AppProblem.Conflict(l["The alert is closed already."]);
        var finding = input.Finding?.Trim() ?? "";
        if (finding.Length is 0 or > FindingMax) throw AppProblem.Invalid("finding", l["Say what was found, in 1 to {0} characters.", FindingMax]);
        (alert.ClosedAt, alert.Finding, alert.ClosedByName) = (clock.GetUtcNow(), finding, user.DisplayName ?? user.UserName ?? "system");
        audit.Record("care.alert-close", "care-alert", alert.Id, finding, areaPath: alert.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(alert);
    }

    /// <summary>
    /// The job: past the hour, one alert per enrolled resident without today's mark, with the message to the
    /// designated people in the same save. Runs are idempotent (the alert's day is unique per resident; the message key too).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var beijing = now.ToOffset(BeijingTime.Offset);
        if (beijing.Hour < options.Value.CheckInHour) return 0;
        var today = DateOnly.FromDateTime(beijing.DateTime);
        var due = await db.CareEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.CheckInWatchersJson != null
                        && !db.CareCheckIns.IgnoreQueryFilters().Any(c => c.EntryId == e.Id && c.Day == today)
                        && !db.CareAlerts.IgnoreQueryFilters().Any(a => a.EntryId == e.Id && a.Day == today))
            .OrderBy(e => e.Id).Take(1000).ToListAsync(ct);
        foreach (var e in due)
        {
            var alert = new CareAlert { EntryId = e.Id, AreaPath = e.AreaPath, ResidentName = e.ResidentName, Address = e.Address, Day = today, RaisedAt = now };
            db.CareAlerts.Add(alert);
            audit.Record("care.checkin-alert", "care-entry", e.Id, today.ToString("yyyy-MM-dd"), userName: "system", areaPath: e.AreaPath);
            await notifier.EnqueueAsync(new OutgoingMessage(CareModule.CheckInMissed.Code, $"care-checkin:{e.Id}:{today:yyyyMMdd}",
                [.. e.CheckInWatchers.Select(w => Recipient.Person(w.UserId))],
                new Dictionary<string, string> { ["name"] = e.ResidentName, ["address"] = e.Address, ["hour"] = options.Value.CheckInHour.ToString() },
                Channels.InApp | Channels.Sms, Link: "/care/checkin", Urgent: true), ct);
        }
        await db.SaveChangesAsync(ct);
        await EscalateAsync(now, today, ct);
        return due.Count;
    }

    /// <summary>
    /// Today's alerts still open <see cref="CareOptions.CheckInEscalateMinutes"/> after they were raised go on to the grid
    /// worker (the nearest node above the elder's holding grid accounts). The message key makes it once per alert, so
    /// every later run may ask again without a column to remember it.
    /// </summary>
    private async Task EscalateAsync(DateTimeOffset now, DateOnly today, CancellationToken ct)
    {
        var before = now.AddMinutes(-Math.Max(0, options.Value.CheckInEscalateMinutes));
        var open = await db.CareAlerts.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Day == today && a.ClosedAt == null && a.RaisedAt <= before).OrderBy(a => a.Id).Take(1000).ToListAsync(ct);
        if (open.Count == 0) return;
        foreach (var a in open)
        {
            var grid = await GridWorkersAsync(a.AreaPath, ct);
            if (grid.Count == 0) continue;
            await notifier.EnqueueAsync(new OutgoingMessage(CareModule.CheckInMissed.Code, $"care-checkin-escalate:{a.EntryId}:{today:yyyyMMdd}",
                [.. grid.Select(g => Recipient.Person(g.UserId))],
                new Dictionary<string, string> { ["name"] = a.ResidentName, ["address"] = a.Address, ["hour"] = options.Value.CheckInHour.ToString() },
                Channels.InApp | Channels.Sms, Link: "/care/checkin", Urgent: true), ct);
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<IReadOnlyList<AccountContact>> GridWorkersAsync(string path, CancellationToken ct)
    {
        var lineage = await areas.LineageAsync(path, ct);
        for (var d = lineage.Count - 1; d >= 0; d--)
            if (await accounts.WithRoleAtAsync(Roles.Grid, lineage[d].Id, ct) is { Count: > 0 } found) return found;
        return [];
    }

    public static Task RunJobAsync(IServiceProvider services, CancellationToken ct) =>
        ActivatorUtilities.CreateInstance<CareCheckIns>(services).RunAsync(ct);

    private async Task<CareEntry> EntryAsync(long id, CancellationToken ct) =>
        await db.CareEntries.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw AppProblem.NotFound(l["No care roster entry {0} is within your reach.", id]);

    private async Task<CheckInStatus> StatusAsync(CareEntry e, CancellationToken ct)
    {
        var today = BeijingTime.Date(clock.GetUtcNow());
        var mark = await db.CareCheckIns.AsNoTracking().FirstOrDefaultAsync(c => c.EntryId == e.Id && c.Day == today, ct);
        var alert = await db.CareAlerts.AsNoTracking().Where(a => a.EntryId == e.Id && a.ClosedAt == null).OrderByDescending(a => a.Day).FirstOrDefaultAsync(ct);
        return Status(e, mark, alert);
    }

    private static CheckInStatus Status(CareEntry e, CareCheckIn? mark, CareAlert? alert) =>
        new(e.Id, e.ResidentName, e.Address, [.. e.CheckInWatchers.Select(w => w.DisplayName)], mark?.MarkedAt, mark?.MarkedByName, alert?.Id,
            mark?.Channel, e.CheckInWatchersJson is null ? null : e.SmsReplyCode);

    /// <summary>How an entry in reach takes part in the check-in: enrolled or not, its SMS reply code and the (masked) phones that may use it.</summary>
    public async Task<CheckInSetup> SetupAsync(long entryId, CancellationToken ct)
    {
        var entry = await EntryAsync(entryId, ct);
        var phones = await db.CareCheckInPhones.AsNoTracking().Where(p => p.EntryId == entryId).OrderBy(p => p.Id).Select(p => p.PhoneMasked).ToListAsync(ct);
        return new CheckInSetup(entry.CheckInWatchersJson is not null, entry.CheckInWatchersJson is null ? null : entry.SmsReplyCode, phones);
    }

    private static AlertView View(CareAlert a) => new(a.Id, a.EntryId, a.ResidentName, a.Address, a.Day, a.RaisedAt, a.ClosedAt, a.Finding, a.ClosedByName);
}
