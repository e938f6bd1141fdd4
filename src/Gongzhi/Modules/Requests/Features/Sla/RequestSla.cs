using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Requests.Features.Sla;

/// <summary>
/// The SLA timers (job <c>requests.sla</c>): warns the responsible person when an accept or resolve deadline nears,
/// marks a missed one (timeline event, audit) and tells the responsible person and their supervisor, and keeps the
/// overdue minutes of open requests. Each warning and mark happens once per request; runs are idempotent.
/// </summary>
public sealed class RequestSla(GongzhiDb db, IAreaDirectory areas, IAccountDirectory accounts, INotifier notifier, AuditLog audit,
    IOptions<RequestOptions> options, TimeProvider clock)
{
    public const int BatchSize = 200;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddMinutes(options.Value.SlaWarnBeforeMinutes);
        var changed = 0;
        long after = 0;
        while (true)
        {
            // Open requests with a deadline inside the warning window or past it, in id order so a run walks each once.
            var batch = await db.Requests.IgnoreQueryFilters()
                .Where(r => r.Id > after && ((r.Status == RequestStatus.Submitted && r.AcceptDueAt <= horizon)
                    || (r.Status >= RequestStatus.Submitted && r.Status <= RequestStatus.InProgress && r.ResolveDueAt <= horizon)))
                .OrderBy(r => r.Id).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var r in batch) changed += await CheckAsync(r, now, ct) ? 1 : 0;
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            after = batch[^1].Id;
        }
        return changed;
    }

    /// <summary>Accepting late plus resolving late, in whole minutes, as of <paramref name="now"/>.</summary>
    public static int OverdueMinutes(Request r, DateTimeOffset now)
    {
        var acceptLate = (r.AcceptedAt ?? now) - r.AcceptDueAt;
        var resolveLate = (r.Status >= RequestStatus.Resolved ? r.ResolvedAt ?? now : now) - r.ResolveDueAt;
        return (int)Math.Max(0, acceptLate.TotalMinutes) + (int)Math.Max(0, resolveLate.TotalMinutes);
    }

    private async Task<bool> CheckAsync(Request r, DateTimeOffset now, CancellationToken ct)
    {
        var warn = TimeSpan.FromMinutes(options.Value.SlaWarnBeforeMinutes);
        var changed = false;
        var minutes = OverdueMinutes(r, now);
        if (minutes != r.OverdueMinutes) { r.OverdueMinutes = minutes; changed = true; }
        if (r.Status == RequestStatus.Submitted)
        {
            if (r.AcceptOverdueAt is null && now >= r.AcceptDueAt)
            {
                r.AcceptOverdueAt = r.AcceptWarnedAt ??= now;
                await MarkAsync(r, "accept", now, ct);
                return true;
            }
            if (r.AcceptWarnedAt is null && now >= r.AcceptDueAt - warn)
            {
                r.AcceptWarnedAt = now;
                await WarnAsync(r, "accept", r.AcceptDueAt, ct);
                changed = true;
            }
        }
        if (r.ResolveOverdueAt is null && now >= r.ResolveDueAt)
        {
            r.ResolveOverdueAt = r.ResolveWarnedAt ??= now;
            await MarkAsync(r, "resolve", now, ct);
            return true;
        }
        if (r.ResolveWarnedAt is null && now >= r.ResolveDueAt - warn)
        {
            r.ResolveWarnedAt = now;
            await WarnAsync(r, "resolve", r.ResolveDueAt, ct);
            changed = true;
        }
        return changed;
    }

    private async Task WarnAsync(Request r, string phase, DateTimeOffset due, CancellationToken ct)
    {
        var (responsible, _) = await PeopleAsync(r, ct);
        audit.Record("request.sla-warning", "request", r.Id, $"phase: {phase}", userName: "system", areaPath: r.AreaPath);
        await SendAsync(RequestsModule.SlaWarning, r, responsible, $"{phase}-warning", new() { ["due"] = Beijing(due) }, ct);
    }

    private async Task MarkAsync(Request r, string phase, DateTimeOffset now, CancellationToken ct)
    {
        db.RequestEvents.Add(new RequestEvent { RequestId = r.Id, At = now, Kind = RequestEventKind.Overdue, ActorName = "system", Target = phase });
        audit.Record("request.overdue", "request", r.Id, $"phase: {phase}", userName: "system", areaPath: r.AreaPath);
        var (responsible, supervisors) = await PeopleAsync(r, ct);
        var due = phase == "accept" ? r.AcceptDueAt : r.ResolveDueAt;
        await SendAsync(RequestsModule.Overdue, r, responsible, $"{phase}-overdue", new() { ["due"] = Beijing(due) }, ct);
        await SendAsync(RequestsModule.OverdueSupervisor, r, supervisors, $"{phase}-overdue-supervisor",
            new() { ["due"] = Beijing(due), ["handler"] = r.HandlerName ?? "—" }, ct);
    }

    /// <summary>
    /// Who answers for the request now, and who supervises them: before acceptance the grid's workers (their community's
    /// workers above them); afterwards the handler and the first acceptor, supervised by the community's workers when a
    /// grid worker holds it, and by the street's staff otherwise (community workers, departments).
    /// </summary>
    private async Task<(List<Recipient> Responsible, List<Recipient> Supervisors)> PeopleAsync(Request r, CancellationToken ct)
    {
        var lineage = await areas.LineageAsync(r.AreaPath, ct);
        long? At(AreaLevel level) => lineage.LastOrDefault(n => n.Level == level)?.Id;
        var (grid, community, street) = (At(AreaLevel.Grid), At(AreaLevel.Community), At(AreaLevel.Street));
        var responsible = new List<Recipient>();
        var supervisors = new List<Recipient>();
        if (r.Status == RequestStatus.Submitted)
        {
            if (grid is { } g) responsible.Add(new Recipient.RoleAt(Roles.Grid, g));
            else if (community is { } c) responsible.Add(new Recipient.RoleAt(Roles.Community, c));
            if (grid is not null && community is { } sc) supervisors.Add(new Recipient.RoleAt(Roles.Community, sc));
            else if (street is { } ss) supervisors.Add(new Recipient.RoleAt(Roles.Street, ss));
            return (responsible, supervisors);
        }
        foreach (var id in new[] { r.HandlerUserId, r.FirstResponsibleUserId }.OfType<string>().Distinct()) responsible.Add(new Recipient.Account(id));
        if (r.HandlerDepartmentId is { } d) responsible.AddRange((await accounts.OfDepartmentAsync(d, ct)).Select(a => (Recipient)new Recipient.Account(a.UserId)));
        var handlerRole = r.HandlerUserId is null ? null : (await accounts.StaffAsync(r.HandlerUserId, ct))?.Role;
        if (handlerRole == Roles.Grid && community is { } hc) supervisors.Add(new Recipient.RoleAt(Roles.Community, hc));
        else if (street is { } hs) supervisors.Add(new Recipient.RoleAt(Roles.Street, hs));
        return (responsible, supervisors);
    }

    private async Task SendAsync(NotificationKind kind, Request r, List<Recipient> to, string key, Dictionary<string, string> values, CancellationToken ct)
    {
        if (to.Count == 0) return;
        values["code"] = r.TrackingCode;
        values["description"] = r.Description.Length > 60 ? r.Description[..60] + "…" : r.Description;
        await notifier.EnqueueAsync(new OutgoingMessage(kind.Code, $"request:{r.Id}:{key}:{r.ReopenCount}", to, values, Link: $"/requests/{r.Id}",
            Urgent: kind != RequestsModule.SlaWarning), ct);
    }

    private static string Beijing(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Infrastructure.Modules.JobDeclaration.China).ToString("yyyy-MM-dd HH:mm");

    /// <summary>The job's entry: system reach (the scheduler's), the app's clock.</summary>
    public static Task RunJobAsync(IServiceProvider services, CancellationToken ct) =>
        ActivatorUtilities.CreateInstance<RequestSla>(services).RunAsync(ct);
}
