using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Requests.Features.Workflow;

/// <summary>Calls departments in (吹哨): one or more department codes and the reason.</summary>
public sealed record WhistleRequest(IReadOnlyList<string>? DepartmentCodes, string? Reason);

/// <summary>吹哨报到: whistle, report in, act. And the messages that tell people work has come to them.</summary>
public sealed partial class RequestWorkflow
{
    /// <summary>A community or street worker (or an admin) over the request's area calls departments in.</summary>
    public async Task<Request> WhistleAsync(long id, WhistleRequest input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "whistle", RequestStatus.Accepted, RequestStatus.Assigned, RequestStatus.InProgress);
        if (!CanWhistle(r)) throw Forbidden();
        var v = new Validation();
        var reason = input.Reason?.Trim() ?? "";
        v.Require(reason.Length is > 0 and <= NoteMax, "reason", l["Give a reason."]);
        var codes = (input.DepartmentCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim().ToLowerInvariant()).Distinct().ToList();
        v.Require(codes.Count is > 0 and <= 20, "departmentCodes", l["Choose one or more departments."]);
        var active = (await departments.ListActiveAsync(ct)).ToDictionary(d => d.Code);
        foreach (var unknown in codes.Where(c => !active.ContainsKey(c))) v.Add("departmentCodes", l["{0} is not an active department.", unknown]);
        v.ThrowIfInvalid();
        var chosen = codes.Select(c => active[c]).ToList();
        var chosenIds = chosen.Select(d => d.Id).ToList();
        var already = await db.RequestWhistles.Where(w => w.RequestId == id && chosenIds.Contains(w.DepartmentId)).Select(w => w.DepartmentName).ToListAsync(ct);
        if (already.Count > 0) throw AppProblem.Conflict(l["Already whistled: {0}.", string.Join(l[", "], already)]);
        var now = clock.GetUtcNow();
        foreach (var d in chosen)
        {
            r.Whistles.Add(new RequestWhistle
            {
                DepartmentId = d.Id, DepartmentName = d.Name, Reason = reason, WhistledAt = now, WhistledByUserId = access.UserId,
                WhistledByName = access.ActorName, ReportDueAt = now.AddHours(options.Value.ReportInWithinHours),
            });
            await NotifyAsync(RequestsModule.Whistled, r, null, d.Id, $"whistle-{d.Id}", new() { ["reason"] = reason }, ct);
        }
        return await SaveAsync(r, RequestEventKind.Whistled, "request.whistle", string.Join("、", chosen.Select(d => d.Name)), reason, ct);
    }

    /// <summary>报到: the department's staff say it has taken the call.</summary>
    public async Task<Request> ReportInAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        var whistle = await OwnWhistleTrackedAsync(r, ct);
        if (whistle.ReportedAt is not null) throw AppProblem.Conflict(l["{0} has already reported in.", whistle.DepartmentName]);
        if (r.Status == RequestStatus.Closed) Require(r, "report in on", RequestStatus.InProgress);
        var note = Note(input.Note, required: false);
        whistle.ReportedAt = clock.GetUtcNow();
        whistle.ReportedByName = access.ActorName;
        return await SaveAsync(r, RequestEventKind.ReportedIn, "request.report-in", whistle.DepartmentName, note, ct);
    }

    /// <summary>What the department did (after reporting in); a later note adds to the record.</summary>
    public async Task<Request> DepartmentActAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        var whistle = await OwnWhistleTrackedAsync(r, ct);
        if (whistle.ReportedAt is null) throw AppProblem.Conflict(l["Report in first, then record what the department did."]);
        if (r.Status == RequestStatus.Closed) Require(r, "act on", RequestStatus.InProgress);
        var note = Note(input.Note, required: true);
        whistle.ActedAt = clock.GetUtcNow();
        whistle.ActedByName = access.ActorName;
        whistle.ActionNote = whistle.ActionNote is null ? note : Clip(whistle.ActionNote + "\n" + note);
        return await SaveAsync(r, RequestEventKind.DepartmentActed, "request.department-action", whistle.DepartmentName, note, ct);
    }

    private static string Clip(string text) => text.Length > NoteMax ? text[^NoteMax..] : text;

    private bool CanWhistle(Request r) => access.IsAreaStaffOf(r) && (access.IsAdmin || access.IsInRole(Roles.Street) || access.IsInRole(Roles.Community));

    private async Task<RequestWhistle?> OwnWhistleAsync(long requestId, CancellationToken ct) =>
        await access.DepartmentIdAsync(ct) is { } dept
            ? await db.RequestWhistles.AsNoTracking().FirstOrDefaultAsync(w => w.RequestId == requestId && w.DepartmentId == dept, ct)
            : null;

    private async Task<RequestWhistle> OwnWhistleTrackedAsync(Request r, CancellationToken ct)
    {
        var dept = await access.DepartmentIdAsync(ct);
        return (dept is null ? null : await db.RequestWhistles.FirstOrDefaultAsync(w => w.RequestId == r.Id && w.DepartmentId == dept, ct))
               ?? throw AppProblem.Forbidden(l["This request was not whistled to your department."]);
    }

    /// <summary>
    /// Tells the new handler (an account, or every active account of a department) that work has come to them: in the
    /// inbox, added to this unit of work so the message exists if and only if the step is saved.
    /// </summary>
    private async Task NotifyAsync(NotificationKind kind, Request r, string? userId, long? departmentId, string key, Dictionary<string, string> values, CancellationToken ct)
    {
        var to = new List<Recipient>();
        if (userId is not null && userId != access.UserId) to.Add(new Recipient.Account(userId));
        if (departmentId is { } d) to.AddRange((await accounts.OfDepartmentAsync(d, ct)).Select(a => (Recipient)new Recipient.Account(a.UserId)));
        if (to.Count == 0) return;
        values["code"] = r.TrackingCode;
        values["description"] = r.Description.Length > 60 ? r.Description[..60] + "…" : r.Description;
        values["by"] = access.ActorName;
        await notifier.EnqueueAsync(new OutgoingMessage(kind.Code, $"request:{r.Id}:{key}", to, values, Link: $"/requests/{r.Id}"), ct);
    }
}
