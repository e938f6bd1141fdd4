using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Gongzhi.Modules.Notifications.Contracts;

namespace Gongzhi.Modules.Requests.Features.Workflow;

/// <summary>What staff record for a resident (window, phone, 书记有约, 随手拍); the public form and imports will add their own inputs.</summary>
public sealed record CreateRequest(
    RequestChannel? Channel, string? CategoryCode, string? AreaCode, long? HouseholdId, string? SubmitterName, string? SubmitterPhone,
    string? Description, string? Address = null, double? Latitude = null, double? Longitude = null);

/// <summary>A step's note (required where the step says so).</summary>
public sealed record RequestNote(string? Note);

/// <summary>Hands a request to an account (user name) or a department (code); a reason when it moves on from a handler (转办).</summary>
public sealed record AssignRequest(string? AssigneeUserName, string? DepartmentCode, string? Reason, string? Note = null);

/// <summary>"Not ours" (退回): back to the first acceptor, with a reason.</summary>
public sealed record ReturnRequest(string? Reason);

/// <summary>The resident's verdict: satisfied or not, with a score of 1 to 5. Not satisfied reopens the request.</summary>
public sealed record FeedbackInput(bool? Satisfied, int? Score, string? Note);

/// <summary>
/// The closed loop: submitted → accepted (接单, 首问负责) → assigned → in progress → resolved → resident feedback →
/// return visit (回访) → closed, with transfers and returns. Every step checks the state and the actor first, changes
/// the request, adds a timeline event and an audit entry, and saves once; a refused step changes nothing.
/// </summary>
public sealed partial class RequestWorkflow(
    GongzhiDb db, RequestAccess access, CategoryCatalog categories, IAreaDirectory areas, IHouseholdDirectory households,
    IDepartmentDirectory departments, IAccountDirectory accounts, RequestFactory factory, GroupCommit groupCommit, AuditLog audit, INotifier notifier,
    IOptions<RequestOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int NoteMax = 2000;

    /// <summary>Channels staff record on a resident's behalf; the others belong to the public form and to imports.</summary>
    public static readonly RequestChannel[] StaffChannels =
        [RequestChannel.Window, RequestChannel.Phone, RequestChannel.SecretarySession, RequestChannel.Snapshot];

    [GeneratedRegex(@"^\+?[0-9][0-9\- ]{6,19}$")]
    private static partial Regex PhonePattern();

    public async Task<Request> CreateAsync(CreateRequest input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(input.Channel is { } ch && StaffChannels.Contains(ch), "channel", l["Choose the channel: window, phone, secretary's session or snapshot."]);
        var description = input.Description?.Trim() ?? "";
        v.Require(description.Length is > 0 and <= NoteMax, "description", l["Describe the request in 1 to {0} characters.", NoteMax]);
        var name = string.IsNullOrWhiteSpace(input.SubmitterName) ? null : input.SubmitterName.Trim();
        var phone = string.IsNullOrWhiteSpace(input.SubmitterPhone) ? null : input.SubmitterPhone.Trim();
        // 随手拍 is reported by the worker who saw it: no resident to name.
        var needsResident = input.Channel is not RequestChannel.Snapshot;
        v.Require(name is { Length: <= 50 } || (name is null && !needsResident), "submitterName", l["Enter the resident's name (at most {0} characters).", 50]);
        v.Require(phone is null ? !needsResident : PhonePattern().IsMatch(phone), "submitterPhone", l["Enter the resident's phone number."]);
        v.Require(input.Address is null || input.Address.Trim().Length <= 200, "address", l["The address is at most {0} characters.", 200]);
        v.Require(input.Latitude is null || input.Latitude is >= -90 and <= 90, "latitude", l["The position is not valid."]);
        v.Require(input.Longitude is null || input.Longitude is >= -180 and <= 180, "longitude", l["The position is not valid."]);
        v.Require((input.Latitude is null) == (input.Longitude is null), "latitude", l["Give both latitude and longitude, or neither."]);
        var category = await CategoryOrNullAsync(v, input.CategoryCode, ct);
        var (nodeId, path, address) = await PlaceAsync(v, input, ct);
        v.ThrowIfInvalid();

        var request = factory.Add(new NewRequest(input.Channel!.Value, category!, nodeId, path!, description, clock.GetUtcNow())
        {
            HouseholdId = input.HouseholdId, Address = address, SubmitterName = name, SubmitterPhone = phone,
            Latitude = input.Latitude, Longitude = input.Longitude, CreatedByUserId = access.UserId,
        }, new RequestActor(access.UserId, access.ActorName, NameInAudit: false));
        await db.SaveChangesAsync(ct);
        return request;
    }

    /// <summary>接单: the acceptor becomes first responsible (首问负责) and, until they hand it on, its handler.</summary>
    public async Task<Request> AcceptAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "accept", RequestStatus.Submitted);
        if (!access.IsAreaStaffOf(r)) throw Forbidden();
        var note = Note(input.Note, required: false);
        var now = clock.GetUtcNow();
        r.Status = RequestStatus.Accepted;
        r.AcceptedAt = now;
        r.OverdueMinutes = Sla.RequestSla.OverdueMinutes(r, now);
        r.FirstResponsibleUserId = r.HandlerUserId = access.UserId;
        r.FirstResponsibleName = r.HandlerName = access.ActorName;
        return await SaveAsync(r, RequestEventKind.Accepted, "request.accept", access.ActorName, note, ct);
    }

    /// <summary>Hands the request to an account or a department. From a handler already working on it, this is a transfer (转办) and needs a reason.</summary>
    public async Task<Request> AssignAsync(long id, AssignRequest input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "assign", RequestStatus.Accepted, RequestStatus.Assigned, RequestStatus.InProgress);
        if (!access.CanDispatch(r)) throw Forbidden();
        var transfer = r.Status != RequestStatus.Accepted;
        var v = new Validation();
        var reason = input.Reason?.Trim();
        v.Require(!transfer || !string.IsNullOrEmpty(reason), "reason", l["A transfer needs a reason."]);
        v.Require(reason is null || reason.Length <= NoteMax, "reason", l["At most {0} characters.", NoteMax]);
        var byUser = !string.IsNullOrWhiteSpace(input.AssigneeUserName);
        var byDepartment = !string.IsNullOrWhiteSpace(input.DepartmentCode);
        v.Require(byUser != byDepartment, "assigneeUserName", l["Choose either a worker or a department."]);
        string? userId = null, name = null;
        long? departmentId = null;
        if (byUser && !byDepartment)
        {
            var staff = await accounts.StaffAsync(input.AssigneeUserName!, ct);
            if (staff is null || staff.IsLocked || staff.Role is not (Roles.Grid or Roles.Community or Roles.Street))
                v.Add("assigneeUserName", l["{0} is not an active grid, community or street worker.", input.AssigneeUserName!]);
            else (userId, name) = (staff.UserId, staff.DisplayName.Length > 0 ? staff.DisplayName : staff.UserName);
        }
        if (byDepartment && !byUser)
        {
            var department = (await departments.ListActiveAsync(ct)).FirstOrDefault(d => d.Code == input.DepartmentCode!.Trim().ToLowerInvariant());
            if (department is null) v.Add("departmentCode", l["{0} is not an active department.", input.DepartmentCode!]);
            else (departmentId, name) = (department.Id, department.Name);
        }
        v.ThrowIfInvalid();
        if (userId is not null && userId == r.HandlerUserId || departmentId is not null && departmentId == r.HandlerDepartmentId)
            throw AppProblem.Conflict(l["{0} is already handling this request.", name!]);
        r.Status = RequestStatus.Assigned;
        r.AssignedAt = clock.GetUtcNow();
        r.HandlerUserId = userId;
        r.HandlerDepartmentId = departmentId;
        r.HandlerName = name;
        var note = transfer ? reason : Note(input.Note, required: false) ?? reason;
        await NotifyAsync(RequestsModule.Assigned, r, userId, departmentId, $"assign-{r.Revision}", new() { ["note"] = note ?? "" }, ct);
        return await SaveAsync(r, transfer ? RequestEventKind.Transferred : RequestEventKind.Assigned, transfer ? "request.transfer" : "request.assign", name, note, ct);
    }

    /// <summary>退回 ("not ours"): the handler gives it back to the first acceptor, with a reason.</summary>
    public async Task<Request> ReturnAsync(long id, ReturnRequest input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "return", RequestStatus.Assigned, RequestStatus.InProgress);
        if (!await access.IsHandlerAsync(r, ct)) throw Forbidden();
        if (r.HandlerUserId is not null && r.HandlerUserId == r.FirstResponsibleUserId)
            throw AppProblem.Conflict(l["You accepted this request: hand it on instead of returning it."]);
        var reason = Note(input.Reason, required: true, field: "reason");
        r.Status = RequestStatus.Accepted;
        r.HandlerUserId = r.FirstResponsibleUserId;
        r.HandlerDepartmentId = null;
        r.HandlerName = r.FirstResponsibleName;
        return await SaveAsync(r, RequestEventKind.Returned, "request.return", r.FirstResponsibleName, reason, ct);
    }

    public async Task<Request> StartAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "start", RequestStatus.Accepted, RequestStatus.Assigned);
        if (!await access.IsHandlerAsync(r, ct)) throw Forbidden();
        var note = Note(input.Note, required: false);
        r.Status = RequestStatus.InProgress;
        r.StartedAt = clock.GetUtcNow();
        return await SaveAsync(r, RequestEventKind.Started, "request.start", null, note, ct);
    }

    public async Task<Request> ResolveAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "resolve", RequestStatus.InProgress);
        if (!await access.IsHandlerAsync(r, ct) && r.FirstResponsibleUserId != access.UserId) throw Forbidden();
        var note = Note(input.Note, required: true);
        r.Status = RequestStatus.Resolved;
        r.ResolvedAt = clock.GetUtcNow();
        r.OverdueMinutes = Sla.RequestSla.OverdueMinutes(r, r.ResolvedAt.Value);
        r.ResolutionNote = note;
        return await SaveAsync(r, RequestEventKind.Resolved, "request.resolve", null, note, ct);
    }

    /// <summary>
    /// The resident's verdict, recorded by staff (phone, visit) until the public tracking page lets the resident give it
    /// themselves through this same step. Once per resolution; not satisfied reopens the request to its handler.
    /// </summary>
    public async Task<Request> FeedbackAsync(long id, FeedbackInput input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "rate", RequestStatus.Resolved);
        if (!access.CanDispatch(r) && !access.IsAreaStaffOf(r)) throw Forbidden();
        return await RateAsync(r, input, ct);
    }

    /// <summary>The verdict itself, once the caller is known to be allowed (staff above, the submitter on the tracking page).</summary>
    private async Task<Request> RateAsync(Request r, FeedbackInput input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(input.Satisfied is not null, "satisfied", l["Say whether the resident is satisfied."]);
        v.Require(input.Score is >= 1 and <= 5, "score", l["Give a score from 1 to 5."]);
        v.Require(input.Note is null || input.Note.Trim().Length <= NoteMax, "note", l["At most {0} characters.", NoteMax]);
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        r.FeedbackAt = now;
        r.Satisfied = input.Satisfied;
        r.SatisfactionScore = input.Score;
        var verdict = $"{(input.Satisfied!.Value ? "satisfied" : "not satisfied")} ({input.Score}/5)";
        if (input.Satisfied.Value)
        {
            r.Status = RequestStatus.AwaitingReturnVisit;
            return await SaveAsync(r, RequestEventKind.Feedback, "request.feedback", verdict, note, ct);
        }
        r.Status = RequestStatus.InProgress;
        r.ReopenCount++;
        r.ResolvedAt = null;
        r.Events.Add(Event(RequestEventKind.Feedback, verdict, note));
        return await SaveAsync(r, RequestEventKind.Reopened, "request.reopen", verdict, note, ct);
    }

    /// <summary>回访: staff call the resident back and record it; this closes the request.</summary>
    public async Task<Request> ReturnVisitAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        Require(r, "record a return visit for", RequestStatus.AwaitingReturnVisit);
        if (!access.CanDispatch(r) && !access.IsAreaStaffOf(r)) throw Forbidden();
        var note = Note(input.Note, required: true);
        var now = clock.GetUtcNow();
        r.ReturnVisitAt = now;
        r.ClosedAt = now;
        r.Status = RequestStatus.Closed;
        r.Events.Add(Event(RequestEventKind.ReturnVisit, null, note));
        return await SaveAsync(r, RequestEventKind.Closed, "request.return-visit", null, null, ct);
    }

    /// <summary>The steps the caller may take now (the pages show their forms, the API lists them).</summary>
    public async Task<IReadOnlyList<string>> AllowedActionsAsync(Request r, CancellationToken ct)
    {
        var handler = await access.IsHandlerAsync(r, ct);
        var dispatch = access.CanDispatch(r);
        var staff = access.IsAreaStaffOf(r);
        var actions = new List<string>();
        if (r.Status == RequestStatus.Submitted && staff) actions.Add("accept");
        if (r.Status is RequestStatus.Accepted or RequestStatus.Assigned or RequestStatus.InProgress && dispatch) actions.Add("assign");
        if (r.Status is RequestStatus.Assigned or RequestStatus.InProgress && handler && r.HandlerUserId != r.FirstResponsibleUserId) actions.Add("return");
        if (r.Status is RequestStatus.Accepted or RequestStatus.Assigned && handler) actions.Add("start");
        if (r.Status is RequestStatus.Accepted or RequestStatus.Assigned or RequestStatus.InProgress && CanWhistle(r)) actions.Add("whistle");
        if (await OwnWhistleAsync(r.Id, ct) is { } whistle && r.Status != RequestStatus.Closed)
            actions.Add(whistle.ReportedAt is null ? "report-in" : "department-action");
        if (r.Status == RequestStatus.InProgress && (handler || r.FirstResponsibleUserId == access.UserId)) actions.Add("resolve");
        if (r.Status == RequestStatus.Resolved && (dispatch || staff)) actions.Add("feedback");
        if (r.Status == RequestStatus.AwaitingReturnVisit && (dispatch || staff)) actions.Add("return-visit");
        return actions;
    }

    private async Task<RequestCategory?> CategoryOrNullAsync(Validation v, string? code, CancellationToken ct)
    {
        try { return await categories.ActiveAsync(code, "categoryCode", ct); }
        catch (AppProblem p) { v.Add("categoryCode", p.Detail); return null; }
    }

    /// <summary>The household's node (and address), or the node the reporter chose; both within the caller's reach.</summary>
    private async Task<(long NodeId, string? Path, string? Address)> PlaceAsync(Validation v, CreateRequest input, CancellationToken ct)
    {
        var address = string.IsNullOrWhiteSpace(input.Address) ? null : input.Address.Trim();
        if (input.HouseholdId is { } householdId)
        {
            var household = await households.FindAsync(householdId, ct);
            if (household is null || household.IsRetired) { v.Add("householdId", l["No household {0} is within your reach.", householdId]); return (0, null, address); }
            return (household.AreaNodeId, household.AreaPath, address ?? household.Address);
        }
        if (string.IsNullOrWhiteSpace(input.AreaCode)) { v.Add("areaCode", l["Choose the area, or the household."]); return (0, null, address); }
        var node = await areas.FindAsync(input.AreaCode.Trim(), ct);
        if (node is null) { v.Add("areaCode", l["No area node with code {0} is within your reach.", input.AreaCode]); return (0, null, address); }
        return (node.Id, node.Path, address);
    }

    private async Task<Request> TrackedAsync(long id, CancellationToken ct) =>
        await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(r => r.Id == id, ct)
        ?? throw AppProblem.NotFound(l["No request {0} is within your reach.", id]);

    private void Require(Request r, string action, params RequestStatus[] allowed)
    {
        if (allowed.Contains(r.Status)) return;
        throw AppProblem.Conflict(l["The request is {0}: you cannot {1} it now.", RequestTexts.Status(l, r.Status), RequestTexts.Verb(l, action)]);
    }

    private AppProblem Forbidden() => AppProblem.Forbidden(l["You may not take this step on this request."]);

    private string? Note(string? text, bool required, string field = "note")
    {
        var note = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (required && note is null) throw AppProblem.Invalid(field, field == "reason" ? l["Give a reason."] : l["Write a note."]);
        if (note is { Length: > NoteMax }) throw AppProblem.Invalid(field, l["At most {0} characters.", NoteMax]);
        return note;
    }

    private RequestEvent Event(RequestEventKind kind, string? target, string? note) => new()
    {
        At = clock.GetUtcNow(), Kind = kind, ActorUserId = _submitterName is null ? access.UserId : null, ActorName = _submitterName ?? access.ActorName, Target = target, Note = note,
    };

    private async Task<Request> SaveAsync(Request r, RequestEventKind kind, string action, string? target, string? note, CancellationToken ct)
    {
        r.Events.Add(Event(kind, target, note));
        r.Revision++;
        audit.Record(action, "request", r.Id, AuditLog.Join($"status: {r.Status}", target is null ? null : $"to: {target}", note is null ? null : $"note: {note}"), userName: _submitterName, areaPath: r.AreaPath);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw AppProblem.Conflict(l["Someone else changed this request meanwhile: reload it and try again."]);
        }
        return r;
    }
}
