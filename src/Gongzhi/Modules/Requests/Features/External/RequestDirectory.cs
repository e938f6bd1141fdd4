using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Requests.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.External;

/// <summary>
/// The public face of requests for external channels. It reads past the area scope on purpose (an anonymous Open311
/// client sees the city's requests) and so states what is public itself: category, status, times, place and the
/// description with phone numbers and e-mail addresses masked; never the submitter's name, phone or the door of a household.
/// </summary>
public sealed partial class RequestDirectory(GongzhiDb db, CategoryCatalog catalog, IAreaDirectory areas, IStringLocalizer<SharedResource> l) : IRequestDirectory
{
    private static readonly RequestStatus[] ClosedStatuses = [RequestStatus.Resolved, RequestStatus.AwaitingReturnVisit, RequestStatus.Closed];

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex MobileNumber();

    [GeneratedRegex(@"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")]
    private static partial Regex LandlineNumber();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    public async Task<IReadOnlyList<PublicCategory>> CategoriesAsync(CancellationToken ct)
    {
        var all = await catalog.ListAsync(includeRetired: false, ct);
        var names = all.ToDictionary(c => c.Code, c => c.Name);
        return [.. all.Select(c => new PublicCategory(c.Code, c.Name, c.ParentCode is { } p ? names.GetValueOrDefault(p) : null, c.AcceptWithinHours, c.ResolveWithinHours))];
    }

    public async Task<PublicRequest?> FindAsync(string trackingCode, CancellationToken ct) =>
        (await ViewsAsync(All().Where(r => r.TrackingCode == trackingCode), ct)).SingleOrDefault();

    public async Task<IReadOnlyList<PublicRequest>> SearchAsync(PublicRequestQuery query, CancellationToken ct)
    {
        var q = All();
        if (query.TrackingCodes is { Count: > 0 } codes)
            q = q.Where(r => codes.Contains(r.TrackingCode));
        else
        {
            // PostgreSQL takes timestamps with time zone in UTC only.
            var (from, to) = (query.From.ToUniversalTime(), query.To.ToUniversalTime());
            q = q.Where(r => r.SubmittedAt >= from && r.SubmittedAt < to);
            if (query.CategoryCodes is { Count: > 0 } categories)
                q = q.Where(r => db.RequestCategories.Any(c => c.Id == r.CategoryId && categories.Contains(c.Code)));
            if (query.Closed is { } closed)
                q = closed ? q.Where(r => ClosedStatuses.Contains(r.Status)) : q.Where(r => !ClosedStatuses.Contains(r.Status));
        }
        return await ViewsAsync(q.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Take(Math.Max(1, query.Limit)), ct);
    }

    public async Task<HotlineCaseStatus?> HotlineCaseAsync(string caseNumber, CancellationToken ct)
    {
        var row = await All().Where(r => r.HotlineCaseNumber == caseNumber).Select(r => new { r.TrackingCode, r.ResolutionNote }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        return new HotlineCaseStatus(caseNumber, (await FindAsync(row.TrackingCode, ct))!, row.ResolutionNote);
    }

    /// <summary>Masks what identifies a person in free text: mobile and landline numbers, e-mail addresses.</summary>
    public static string Redact(string text)
    {
        text = MobileNumber().Replace(text, m => Masking.Phone(m.Value));
        text = LandlineNumber().Replace(text, m => Masking.Phone(m.Value));
        return EmailAddress().Replace(text, "***@***");
    }

    private IQueryable<Request> All() => db.Requests.IgnoreQueryFilters().AsNoTracking();

    private async Task<IReadOnlyList<PublicRequest>> ViewsAsync(IQueryable<Request> query, CancellationToken ct)
    {
        var rows = await query.Select(r => new
        {
            r.TrackingCode, r.Channel, r.Status, r.CategoryId, r.Description, r.Address, r.HouseholdId, r.AreaNodeId, r.Latitude, r.Longitude,
            r.HandlerDepartmentId, r.HandlerName, r.SubmittedAt, r.AcceptedAt, r.AssignedAt, r.StartedAt, r.ResolvedAt, r.FeedbackAt,
            r.ReturnVisitAt, r.ClosedAt, r.ResolveDueAt, r.Satisfied, r.SatisfactionScore,
        }).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var categoryIds = rows.Select(r => r.CategoryId).Distinct().ToList();
        var categories = await db.RequestCategories.AsNoTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var nodes = (await areas.NamesAsync([.. rows.Select(r => r.AreaNodeId).Distinct()], ct)).ToDictionary(n => n.Id, n => n.Name);
        return [.. rows.Select(r =>
        {
            var node = nodes.GetValueOrDefault(r.AreaNodeId);
            DateTimeOffset?[] times = [r.AcceptedAt, r.AssignedAt, r.StartedAt, r.ResolvedAt, r.FeedbackAt, r.ReturnVisitAt, r.ClosedAt];
            var updated = times.Where(t => t is not null).Select(t => t!.Value).Append(r.SubmittedAt).Max();
            var category = categories[r.CategoryId];
            return new PublicRequest(
                r.TrackingCode, r.Channel.ToString(), r.Status.ToString(), RequestTexts.Status(l, r.Status), category.Code, category.Name,
                Redact(r.Description),
                // A household's door is where a resident lives: the public sees the node (building, compound) only.
                r.HouseholdId is null ? r.Address ?? node : node,
                r.Latitude, r.Longitude, r.HandlerDepartmentId is not null ? r.HandlerName : node,
                r.SubmittedAt, updated, r.ResolveDueAt, r.AcceptedAt, r.ResolvedAt, r.ClosedAt, r.Satisfied, r.SatisfactionScore);
        })];
    }
}
