using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.ServiceGuide.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.ServiceGuide.Features.Window;

/// <summary>
/// 一口受理 / 代办: a worker records a resident's application for a matter at the window, with the materials received
/// and missing and a deadline from the matter's time limit, and follows it: recorded → submitted to the department →
/// completed, or returned with a reason. Each step texts the resident (through the outbox, in the same save).
/// Applications hang on the resident's household's node, so the data scope keeps every list and step inside the
/// worker's subtree; a resident outside it is not found, and nothing is written.
/// </summary>
public sealed class WindowApplications(GongzhiDb db, IResidentDirectory residents, IAreaDirectory areas, INotifier notifier, CurrentUser user, AuditLog audit,
    TimeProvider clock, IOptions<WindowOptions> options, IStringLocalizer<SharedResource> l)
{
    public const int NoteMax = 2000;

    public async Task<ApplicationDetail> RecordAsync(RecordApplication input, CancellationToken ct)
    {
        var v = new Validation();
        ServiceMatter? matter = null;
        if (input.MatterId is not { } matterId) v.Add("matterId", l["Choose the matter."]);
        else if ((matter = await db.ServiceMatters.AsNoTracking().FirstOrDefaultAsync(m => m.Id == matterId, ct)) is null)
            v.Add("matterId", l["No service matter {0}.", matterId]);
        ResidentRef? resident = null;
        if (input.ResidentId is not { } residentId) v.Add("residentId", l["Choose the resident."]);
        else if ((resident = await residents.FindAsync(residentId, ct)) is null)
            v.Add("residentId", l["Resident {0} is not a current resident within your area; an application is recorded only for residents of your area.", residentId]);
        var proxy = Text(input.ProxyName);
        v.Require(proxy is null || proxy.Length <= 100, "proxyName", l["At most {0} characters.", 100]);
        var note = Text(input.Note);
        v.Require(note is null || note.Length <= NoteMax, "note", l["At most {0} characters.", NoteMax]);
        var received = Received(input.ReceivedMaterials);
        if (matter is not null)
            foreach (var unknown in received.Where(r => matter.Materials.All(m => m.Name != r)))
                v.Add("receivedMaterials", l["{0} is not a material of this matter.", unknown]);
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var checklist = matter!.Materials.Select(m => new ChecklistItem(m.Name, m.Copies, m.Form, m.Optional, received.Contains(m.Name))).ToList();
        var application = new WindowApplication
        {
            MatterId = matter.Id, MatterName = matter.Name, Department = matter.Department,
            ResidentId = resident!.Id, ResidentName = resident.Name, ResidentPhoneMasked = resident.PhoneMasked, HouseholdId = resident.HouseholdId, Address = resident.Address,
            AreaNodeId = resident.AreaNodeId, AreaPath = resident.AreaPath,
            ChecklistJson = ServiceMatter.ToJson(checklist), MissingCount = checklist.Count(c => !c.Received && !c.Optional),
            ProxyName = proxy, Note = note,
            DueOn = Deadlines.Due(BeijingTime.Date(now), matter.TimeLimitDays, matter.TimeLimitKind, options.Value.HolidayDates()),
            RecordedAt = now, RecordedByUserId = user.Id, RecordedByName = user.DisplayName ?? "system", UpdatedAt = now,
        };
        db.WindowApplications.Add(application);
        audit.RecordNew("window-application.record", "window-application", application,
            $"{matter.Name}; {resident.Name}; missing: {application.MissingCount}; due {application.DueOn:yyyy-MM-dd}", resident.AreaPath);
        // The message needs the id in its key: save, then enqueue and save again inside one transaction.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await TextAsync(application, "recorded", ServiceGuideModule.Recorded, new()
        {
            ["matter"] = application.MatterName, ["due"] = application.DueOn.ToString("yyyy-MM-dd"),
            ["missing"] = application.MissingCount == 0 ? "无" : string.Join("、", checklist.Where(c => !c.Received && !c.Optional).Select(c => c.Name)),
        }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(application.Id, ct);
    }

    /// <summary>Taken to the department: every required material must be in by now (those received since are ticked here).</summary>
    public async Task<ApplicationDetail> SubmitAsync(long id, ApplicationStep step, CancellationToken ct)
    {
        var a = await FindAsync(id, ct);
        if (a.Status != ApplicationStatus.Recorded) throw AppProblem.Conflict(l["Only a recorded application is submitted to the department."]);
        var received = Received(step.ReceivedMaterials);
        var checklist = a.Checklist.ToList();
        var unknown = received.Where(r => checklist.All(c => c.Name != r)).ToList();
        if (unknown.Count > 0) throw AppProblem.Invalid("receivedMaterials", l["{0} is not a material of this matter.", unknown[0]]);
        checklist = [.. checklist.Select(c => received.Contains(c.Name) ? c with { Received = true } : c)];
        var missing = checklist.Where(c => !c.Received && !c.Optional).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw AppProblem.Invalid("receivedMaterials", l["Materials are still missing: {0}. Tick them when the resident brings them.", string.Join("、", missing)]);
        var note = Note(step.Note, required: false);
        var now = clock.GetUtcNow();
        (a.ChecklistJson, a.MissingCount, a.Status, a.SubmittedAt, a.UpdatedAt) = (ServiceMatter.ToJson(checklist), 0, ApplicationStatus.Submitted, now, now);
        if (note is not null) a.Note = note;
        audit.Record("window-application.submit", "window-application", a.Id, note, areaPath: a.AreaPath);
        await TextAsync(a, "submitted", ServiceGuideModule.Submitted, new() { ["matter"] = a.MatterName, ["department"] = a.Department, ["due"] = a.DueOn.ToString("yyyy-MM-dd") }, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<ApplicationDetail> CompleteAsync(long id, ApplicationStep step, CancellationToken ct)
    {
        var a = await FindAsync(id, ct);
        if (a.Status != ApplicationStatus.Submitted) throw AppProblem.Conflict(l["Only an application submitted to the department is completed."]);
        var note = Note(step.Note, required: false);
        var now = clock.GetUtcNow();
        (a.Status, a.CompletedAt, a.UpdatedAt) = (ApplicationStatus.Completed, now, now);
        if (note is not null) a.Note = note;
        audit.Record("window-application.complete", "window-application", a.Id, note, areaPath: a.AreaPath);
        await TextAsync(a, "completed", ServiceGuideModule.Completed, new() { ["matter"] = a.MatterName, ["note"] = note ?? "" }, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Returned (退件): by the window or the department, with the reason the resident is told.</summary>
    public async Task<ApplicationDetail> ReturnAsync(long id, ApplicationStep step, CancellationToken ct)
    {
        var a = await FindAsync(id, ct);
        if (!a.IsOpen) throw AppProblem.Conflict(l["The application is closed already."]);
        var reason = Note(step.Note, required: true)!;
        var now = clock.GetUtcNow();
        (a.Status, a.ReturnedAt, a.ReturnReason, a.UpdatedAt) = (ApplicationStatus.Returned, now, reason, now);
        audit.Record("window-application.return", "window-application", a.Id, reason, areaPath: a.AreaPath);
        await TextAsync(a, "returned", ServiceGuideModule.Returned, new() { ["matter"] = a.MatterName, ["reason"] = reason }, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<ApplicationDetail> GetAsync(long id, CancellationToken ct)
    {
        var a = await db.WindowApplications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw AppProblem.NotFound(l["No window application {0} is within your reach.", id]);
        var matter = await db.ServiceMatters.AsNoTracking().Where(m => m.Id == a.MatterId)
            .Select(m => new { m.TimeLimitDays, m.TimeLimitKind, m.Window, m.Hours }).FirstAsync(ct);
        return new ApplicationDetail(Summary(a, Today()), a.Checklist, a.Note, matter.TimeLimitDays, matter.TimeLimitKind,
            a.SubmittedAt, a.CompletedAt, a.ReturnedAt, a.ReturnReason, matter.Window, matter.Hours);
    }

    /// <summary>The applications in reach (or under an area), newest first; overdue: still open past the due date.</summary>
    public async Task<PagedList<ApplicationSummary>> ListAsync(ApplicationFilter filter, CancellationToken ct)
    {
        var (page, size) = Paging.Normalize(filter.Page, filter.PageSize, 50, 200);
        var query = db.WindowApplications.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Area))
        {
            var node = await areas.FindAsync(filter.Area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", filter.Area]);
            query = query.Under(a => a.AreaPath, node.Path);
        }
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            if (!Enum.TryParse<ApplicationStatus>(filter.Status.Trim(), ignoreCase: true, out var status) || !Enum.IsDefined(status))
                throw AppProblem.Invalid("status", l["Unknown status: {0}.", filter.Status]);
            query = query.Where(a => a.Status == status);
        }
        var today = Today();
        if (filter.Overdue == true)
            query = query.Where(a => (a.Status == ApplicationStatus.Recorded || a.Status == ApplicationStatus.Submitted) && a.DueOn < today);
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            query = query.Where(a => a.ResidentName.Contains(q) || a.MatterName.Contains(q) || a.Address.Contains(q));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.RecordedAt).ThenByDescending(a => a.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<ApplicationSummary>([.. rows.Select(a => Summary(a, today))], total);
    }

    private async Task<WindowApplication> FindAsync(long id, CancellationToken ct) =>
        await db.WindowApplications.FirstOrDefaultAsync(x => x.Id == id, ct)
        ?? throw AppProblem.NotFound(l["No window application {0} is within your reach.", id]);

    /// <summary>Texts the resident about a step, when the registry holds a phone for them; once per step.</summary>
    private async Task TextAsync(WindowApplication a, string step, NotificationKind kind, Dictionary<string, string> values, CancellationToken ct)
    {
        var phone = await residents.PhoneForMessagesAsync(a.ResidentId, ct);
        if (phone is null) return;
        await notifier.EnqueueAsync(new OutgoingMessage(kind.Code, $"window:{a.Id}:{step}", [new Recipient.Resident(a.ResidentId, phone)], values, Channels.Sms), ct);
    }

    private DateOnly Today() => BeijingTime.Date(clock.GetUtcNow());

    private static ApplicationSummary Summary(WindowApplication a, DateOnly today) =>
        new(a.Id, a.MatterId, a.MatterName, a.Department, a.ResidentId, a.ResidentName, a.ResidentPhoneMasked, a.Address, a.Status, a.MissingCount, a.ProxyName,
            a.DueOn, a.IsOpen && a.DueOn < today, a.RecordedAt, a.RecordedByName);

    private static HashSet<string> Received(IReadOnlyList<string>? names) =>
        (names ?? []).Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);

    private string? Note(string? text, bool required)
    {
        var note = Text(text);
        if (required && note is null) throw AppProblem.Invalid("note", l["Give the reason."]);
        if (note is { Length: > NoteMax }) throw AppProblem.Invalid("note", l["At most {0} characters.", NoteMax]);
        return note;
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
