using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.Lists;

/// <summary>The role lists: my queue, my area, overdue, awaiting the resident's feedback, awaiting a return visit.</summary>
public enum RequestList { Mine, Area, Overdue, AwaitingFeedback, AwaitingReturnVisit, Supervised }

/// <summary>Filters of a list; every value optional (empty means not given).</summary>
public sealed record RequestFilter(string? List = null, string? Status = null, string? Category = null, string? Channel = null,
    string? AreaCode = null, string? Q = null, int? Page = null, int? PageSize = null);

public sealed record RequestSummary(long Id, string TrackingCode, RequestChannel Channel, RequestStatus Status, string CategoryCode, string CategoryName,
    string AreaName, string? Address, string? SubmitterName, string? SubmitterPhone, string Description, DateTimeOffset SubmittedAt,
    DateTimeOffset AcceptDueAt, DateTimeOffset ResolveDueAt, bool IsOverdue, int OverdueMinutes, string? FirstResponsibleName, string? HandlerName);

public sealed record RequestEventView(DateTimeOffset At, RequestEventKind Kind, string ActorName, string? Target, string? Note);

public sealed record RequestDetail(RequestSummary Request, long? HouseholdId, double? Latitude, double? Longitude,
    DateTimeOffset? AcceptedAt, DateTimeOffset? AssignedAt, DateTimeOffset? StartedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? FeedbackAt,
    DateTimeOffset? ReturnVisitAt, DateTimeOffset? ClosedAt, string? ResolutionNote, bool? Satisfied, int? SatisfactionScore, int ReopenCount,
    IReadOnlyList<RequestEventView> Timeline, IReadOnlyList<WhistleView> Whistles, IReadOnlyList<string> Actions);

/// <summary>A department called in: whether and when it reported in, and what it did.</summary>
public sealed record WhistleView(string DepartmentName, string Reason, string WhistledByName, DateTimeOffset WhistledAt, DateTimeOffset ReportDueAt,
    DateTimeOffset? ReportedAt, string? ReportedByName, DateTimeOffset? ActedAt, string? ActionNote, bool ReportedLate);

public sealed record RequestCounts(int Mine, int Area, int Overdue, int AwaitingFeedback, int AwaitingReturnVisit, int Supervised = 0);

public sealed record UnmaskedPhone(string? Phone);

public sealed class RequestQueries(
    GongzhiDb db, RequestAccess access, RequestWorkflow workflow, IAreaDirectory areas, CurrentUser user, PersonalDataProtector protector,
    AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<RequestDetail> GetAsync(long id, CancellationToken ct)
    {
        var r = await (await access.VisibleAsync(ct)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw AppProblem.NotFound(l["No request {0} is within your reach.", id]);
        var summary = (await SummariesAsync([r], ct)).Single();
        var timeline = await db.RequestEvents.AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new RequestEventView(e.At, e.Kind, e.ActorName, e.Target, e.Note)).ToListAsync(ct);
        return new RequestDetail(summary, r.HouseholdId, r.Latitude, r.Longitude, r.AcceptedAt, r.AssignedAt, r.StartedAt, r.ResolvedAt,
            r.FeedbackAt, r.ReturnVisitAt, r.ClosedAt, r.ResolutionNote, r.Satisfied, r.SatisfactionScore, r.ReopenCount, timeline,
            await WhistlesAsync(id, ct), await workflow.AllowedActionsAsync(r, ct));
    }

    private async Task<IReadOnlyList<WhistleView>> WhistlesAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.RequestWhistles.AsNoTracking().Where(w => w.RequestId == id).OrderBy(w => w.WhistledAt).ThenBy(w => w.Id).ToListAsync(ct);
        return [.. rows.Select(w => new WhistleView(w.DepartmentName, w.Reason, w.WhistledByName, w.WhistledAt, w.ReportDueAt, w.ReportedAt, w.ReportedByName,
            w.ActedAt, w.ActionNote, (w.ReportedAt ?? now) > w.ReportDueAt))];
    }

    public async Task<RequestDetail?> TryGetAsync(long id, CancellationToken ct)
    {
        try { return await GetAsync(id, ct); }
        catch (AppProblem p) when (p.Status == StatusCodes.Status404NotFound) { return null; }
    }

    public async Task<PagedList<RequestSummary>> ListAsync(RequestFilter filter, CancellationToken ct)
    {
        var list = Parse<RequestList>(filter.List, "list") ?? RequestList.Mine;
        var query = await ListQueryAsync(list, ct);
        if (Parse<RequestStatus>(filter.Status, "status") is { } status) query = query.Where(r => r.Status == status);
        if (Parse<RequestChannel>(filter.Channel, "channel") is { } channel) query = query.Where(r => r.Channel == channel);
        if (!string.IsNullOrWhiteSpace(filter.Category))
        {
            var code = filter.Category.Trim();
            // A parent category lists its children's requests too.
            var ids = await db.RequestCategories.Where(c => c.Code == code || db.RequestCategories.Any(p => p.Id == c.ParentId && p.Code == code))
                .Select(c => c.Id).ToListAsync(ct);
            query = query.Where(r => ids.Contains(r.CategoryId));
        }
        if (!string.IsNullOrWhiteSpace(filter.AreaCode))
        {
            var node = await areas.FindAsync(filter.AreaCode.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", filter.AreaCode]);
            query = query.Under(r => r.AreaPath, node.Path);
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            query = query.Where(r => r.TrackingCode == q.ToUpperInvariant() || r.Description.Contains(q) || (r.Address != null && r.Address.Contains(q)));
        }
        var (page, size) = Paging.Normalize(filter.Page, filter.PageSize);
        var total = await query.CountAsync(ct);
        // The page's ids first (answered from an index that holds the filters and the order), then only those rows.
        var pageIds = await query.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Skip((page - 1) * size).Take(size).Select(r => r.Id).ToListAsync(ct);
        var byId = await db.Requests.IgnoreQueryFilters().AsNoTracking().Where(r => pageIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var rows = pageIds.Select(id => byId[id]).ToList();
        return new PagedList<RequestSummary>(await SummariesAsync(rows, ct), total);
    }

    public async Task<RequestCounts> CountsAsync(CancellationToken ct) => new(
        await (await ListQueryAsync(RequestList.Mine, ct)).CountAsync(ct),
        await (await ListQueryAsync(RequestList.Area, ct)).CountAsync(ct),
        await (await ListQueryAsync(RequestList.Overdue, ct)).CountAsync(ct),
        await (await ListQueryAsync(RequestList.AwaitingFeedback, ct)).CountAsync(ct),
        await (await ListQueryAsync(RequestList.AwaitingReturnVisit, ct)).CountAsync(ct),
        await (await ListQueryAsync(RequestList.Supervised, ct)).CountAsync(ct));

    /// <summary>The submitter's phone in clear, for staff who may unmask; every time audited.</summary>
    public async Task<UnmaskedPhone> UnmaskPhoneAsync(long id, CancellationToken ct)
    {
        if (!user.CanUnmask) throw AppProblem.Forbidden(l["Showing personal data unmasked needs the unmask permission."]);
        var r = await (await access.VisibleAsync(ct)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw AppProblem.NotFound(l["No request {0} is within your reach.", id]);
        audit.Record("request.unmask", "request", id, "submitterPhone", areaPath: r.AreaPath);
        await db.SaveChangesAsync(ct);
        return new UnmaskedPhone(r.SubmitterPhoneCipher is null ? null : protector.Decrypt(r.SubmitterPhoneCipher));
    }

    private static readonly RequestStatus[] OpenStates = [RequestStatus.Submitted, RequestStatus.Accepted, RequestStatus.Assigned, RequestStatus.InProgress];

    private async Task<IQueryable<Request>> ListQueryAsync(RequestList list, CancellationToken ct)
    {
        var visible = await access.VisibleAsync(ct);
        var now = clock.GetUtcNow();
        if (list == RequestList.Mine)
        {
            // Open requests the caller handles or first accepted, or their department is handed or called to and has not acted on.
            var mine = await RequestAccess.AmongAsync(await access.OwnIdsAsync(ct, q => q, openOnly: true), ct);
            return mine is null ? visible.Where(r => false) : visible.Where(mine);
        }
        return list switch
        {
            // Open states as a list (not a range) so each is an equality the (status, area, …) index can seek on.
            RequestList.Overdue => visible.Where(r => (r.Status == RequestStatus.Submitted && r.AcceptDueAt < now)
                || (OpenStates.Contains(r.Status) && r.ResolveDueAt < now)),
            RequestList.AwaitingFeedback => visible.Where(r => r.Status == RequestStatus.Resolved),
            RequestList.AwaitingReturnVisit => visible.Where(r => r.Status == RequestStatus.AwaitingReturnVisit),
            // 督办: flagged and not closed yet.
            // Few requests are ever supervised; SQLite cannot know that and would read the area's rows instead.
            RequestList.Supervised => visible.Where(r => r.SupervisedAt != null && r.Status != RequestStatus.Closed)
                .PreferIndex("requests", "r", "IX_requests_SupervisedAt_Status"),
            _ => visible,
        };
    }

    private async Task<IReadOnlyList<RequestSummary>> SummariesAsync(IReadOnlyList<Request> rows, CancellationToken ct)
    {
        var categoryIds = rows.Select(r => r.CategoryId).Distinct().ToList();
        var categories = await db.RequestCategories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var names = (await areas.NamesAsync(rows.Select(r => r.AreaNodeId).Distinct().ToList(), ct)).ToDictionary(a => a.Id, a => a.Name);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => new RequestSummary(r.Id, r.TrackingCode, r.Channel, r.Status, categories[r.CategoryId].Code, categories[r.CategoryId].Name,
            names.GetValueOrDefault(r.AreaNodeId, ""), r.Address, r.SubmitterName, r.SubmitterPhoneMasked, r.Description, r.SubmittedAt,
            r.AcceptDueAt, r.ResolveDueAt, IsOverdue(r, now), r.OverdueMinutes, r.FirstResponsibleName, r.HandlerName))];
    }

    public static bool IsOverdue(Request r, DateTimeOffset now) =>
        (r.Status == RequestStatus.Submitted && r.AcceptDueAt < now) || (r.Status <= RequestStatus.InProgress && r.ResolveDueAt < now);

    private T? Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !value.Trim().All(char.IsAsciiDigit)
            ? parsed : throw AppProblem.Invalid(field, l["{0} is not a valid value.", value]);
    }
}
