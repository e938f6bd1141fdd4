using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.Oversight;

/// <summary>Links a request to the one it repeats (by id or tracking code), with the reason.</summary>
public sealed record LinkDuplicate(long? OtherRequestId, string? Reason, string? OtherTrackingCode = null);

/// <summary>A request linked to this one, in either direction (<see cref="IsDuplicateOfOther"/>: this one repeats the other).</summary>
public sealed record RequestLinkView(long RequestId, string TrackingCode, string CategoryName, RequestStatus Status, bool IsDuplicateOfOther,
    string Reason, string LinkedByName, DateTimeOffset LinkedAt);

/// <summary>An open request that may be the same matter as one about to be recorded.</summary>
public sealed record SimilarRequest(long Id, string TrackingCode, string CategoryName, RequestStatus Status, string Description, DateTimeOffset SubmittedAt);

/// <summary>What supervision and duplicates add to a request's page.</summary>
public sealed record RequestOversightView(DateTimeOffset? SupervisedAt, string? SupervisedByName, string? SupervisionNote, bool CanSupervise,
    long? SessionId, IReadOnlyList<RequestLinkView> Links, bool CanLink);

/// <summary>
/// 督办 and duplicates. Supervision: street staff (or admins) over the request's area flag it with a note; it stays on
/// the supervision list until it closes or they unflag it with a note. Duplicates: area staff link a request to the
/// one it repeats; the link closes nothing (see <see cref="RequestLink"/>). Every step adds a timeline event and an audit entry.
/// </summary>
public sealed class RequestOversight(GongzhiDb db, RequestAccess access, CategoryCatalog categories, IAreaDirectory areas,
    AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>Street level and above: the ones who supervise (督办) the communities' work.</summary>
    public bool MaySupervise => access.IsAdmin || access.IsInRole(Roles.Street);

    public async Task<Request> SuperviseAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        if (!MaySupervise || !access.IsAreaStaffOf(r)) throw AppProblem.Forbidden(l["Only street staff and above may supervise requests."]);
        if (r.Status == RequestStatus.Closed) throw AppProblem.Conflict(l["The request is closed: there is nothing to supervise."]);
        if (r.SupervisedAt is not null) throw AppProblem.Conflict(l["The request is already supervised."]);
        var note = Note(input.Note);
        r.SupervisedAt = clock.GetUtcNow();
        r.SupervisedByName = access.ActorName;
        r.SupervisionNote = note;
        return await SaveAsync(r, RequestEventKind.Supervised, "request.supervise", note, ct);
    }

    public async Task<Request> EndSupervisionAsync(long id, RequestNote input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        if (!MaySupervise || !access.IsAreaStaffOf(r)) throw AppProblem.Forbidden(l["Only street staff and above may supervise requests."]);
        if (r.SupervisedAt is null) throw AppProblem.Conflict(l["The request is not supervised."]);
        var note = Note(input.Note);
        r.SupervisedAt = null;
        r.SupervisedByName = null;
        r.SupervisionNote = null;
        return await SaveAsync(r, RequestEventKind.SupervisionEnded, "request.unsupervise", note, ct);
    }

    /// <summary>Marks request <paramref name="id"/> as repeating <paramref name="input"/>'s other request (both within the caller's reach).</summary>
    public async Task<Request> LinkDuplicateAsync(long id, LinkDuplicate input, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        if (!access.IsAreaStaffOf(r) && !access.CanDispatch(r)) throw AppProblem.Forbidden(l["You may not take this step on this request."]);
        var v = new Validation();
        var reason = input.Reason?.Trim() ?? "";
        v.Require(reason.Length is > 0 and <= RequestWorkflow.NoteMax, "reason", l["Give a reason."]);
        var code = input.OtherTrackingCode?.Trim().ToUpperInvariant();
        Request? other = null;
        if (input.OtherRequestId is null && string.IsNullOrEmpty(code)) v.Add("otherRequestId", l["Name another request."]);
        else
        {
            var visible = (await access.VisibleAsync(ct)).AsNoTracking();
            other = input.OtherRequestId is { } otherId
                ? await visible.FirstOrDefaultAsync(x => x.Id == otherId, ct)
                : await visible.FirstOrDefaultAsync(x => x.TrackingCode == code, ct);
            if (other is null) v.Add("otherRequestId", l["No request {0} is within your reach.", input.OtherRequestId?.ToString() ?? code!]);
            else if (other.Id == id) v.Add("otherRequestId", l["Name another request."]);
        }
        v.ThrowIfInvalid();
        if (await db.RequestLinks.AnyAsync(k => (k.RequestId == id && k.OtherRequestId == other!.Id) || (k.RequestId == other!.Id && k.OtherRequestId == id), ct))
            throw AppProblem.Conflict(l["The two requests are already linked."]);
        db.RequestLinks.Add(new RequestLink
        {
            RequestId = id, OtherRequestId = other!.Id, Reason = reason, LinkedAt = clock.GetUtcNow(), LinkedByUserId = access.UserId, LinkedByName = access.ActorName,
        });
        return await SaveAsync(r, RequestEventKind.LinkedDuplicate, "request.link-duplicate", reason, ct, other.TrackingCode);
    }

    /// <summary>Supervision state, session and links of a request the caller reaches.</summary>
    public async Task<RequestOversightView> ViewAsync(long id, CancellationToken ct)
    {
        var r = await (await access.VisibleAsync(ct)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw AppProblem.NotFound(l["No request {0} is within your reach.", id]);
        var visible = await access.VisibleAsync(ct);
        var links = await (
            from k in db.RequestLinks.AsNoTracking()
            where k.RequestId == id || k.OtherRequestId == id
            join o in visible on (k.RequestId == id ? k.OtherRequestId : k.RequestId) equals o.Id
            join c in db.RequestCategories on o.CategoryId equals c.Id
            orderby k.LinkedAt
            select new RequestLinkView(o.Id, o.TrackingCode, c.Name, o.Status, k.RequestId == id, k.Reason, k.LinkedByName, k.LinkedAt)).ToListAsync(ct);
        return new RequestOversightView(r.SupervisedAt, r.SupervisedByName, r.SupervisionNote, MaySupervise && access.IsAreaStaffOf(r) && r.Status != RequestStatus.Closed,
            r.SessionId, links, access.IsAreaStaffOf(r) || access.CanDispatch(r));
    }

    /// <summary>
    /// Open requests of the same category at the same node or for the same
    /// household, within the caller's reach: what the new-request form warns about before saving.
    /// </summary>
    public async Task<IReadOnlyList<SimilarRequest>> SimilarAsync(string? categoryCode, string? areaCode, long? householdId, CancellationToken ct)
    {
        // A node outside the caller's subtree is not found, whatever else is wrong.
        long? nodeId = null;
        if (!string.IsNullOrWhiteSpace(areaCode))
            nodeId = (await areas.FindAsync(areaCode.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", areaCode])).Id;
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(categoryCode), "category", l["Choose a category."]);
        v.Require(nodeId is not null || householdId is not null, "area", l["Choose the area, or the household."]);
        v.ThrowIfInvalid();
        var category = await categories.GetAsync(categoryCode!.Trim(), ct);
        // The category itself, or (a parent chosen) its subcategories too, as the lists filter.
        var ids = await db.RequestCategories.Where(c => c.Code == category.Code || db.RequestCategories.Any(p => p.Id == c.ParentId && p.Code == category.Code))
            .Select(c => c.Id).ToListAsync(ct);
        var visible = await access.VisibleAsync(ct);
        return await (
            from r in visible.AsNoTracking()
            where ids.Contains(r.CategoryId) && r.Status != RequestStatus.Closed
                  && ((nodeId != null && r.AreaNodeId == nodeId) || (householdId != null && r.HouseholdId == householdId))
            join c in db.RequestCategories on r.CategoryId equals c.Id
            orderby r.SubmittedAt descending
            select new SimilarRequest(r.Id, r.TrackingCode, c.Name, r.Status, r.Description, r.SubmittedAt)).Take(10).ToListAsync(ct);
    }

    private async Task<Request> TrackedAsync(long id, CancellationToken ct) =>
        await (await access.VisibleAsync(ct)).FirstOrDefaultAsync(r => r.Id == id, ct)
        ?? throw AppProblem.NotFound(l["No request {0} is within your reach.", id]);

    private string Note(string? text)
    {
        var note = text?.Trim() ?? "";
        if (note.Length == 0) throw AppProblem.Invalid("note", l["Write a note."]);
        if (note.Length > RequestWorkflow.NoteMax) throw AppProblem.Invalid("note", l["At most {0} characters.", RequestWorkflow.NoteMax]);
        return note;
    }

    private async Task<Request> SaveAsync(Request r, RequestEventKind kind, string action, string note, CancellationToken ct, string? target = null)
    {
        db.RequestEvents.Add(new RequestEvent
        {
            RequestId = r.Id, At = clock.GetUtcNow(), Kind = kind, ActorUserId = access.UserId, ActorName = access.ActorName, Target = target, Note = note,
        });
        r.Revision++;
        audit.Record(action, "request", r.Id, AuditLog.Join(target is null ? null : $"other: {target}", $"note: {note}"), areaPath: r.AreaPath);
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
