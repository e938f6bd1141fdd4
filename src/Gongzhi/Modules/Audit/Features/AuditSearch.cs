using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Audit.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Audit.Features;

public sealed record AuditQuery(string? User, string? Action, string? EntityType, string? EntityId, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 50);

/// <summary>An audit entry as the API shows it: the stored fields, and the action and detail in the caller's language.</summary>
public sealed record AuditView(long Id, DateTimeOffset At, string? UserId, string? UserName, string Action, string EntityType, string? EntityId,
    string? Detail, string? IpAddress, string? AreaPath, string ActionLabel, string? Summary);

/// <summary>
/// Searches the audit log by who, what, which record and when; newest first. Admins read everything; street and
/// community staff read the entries filed under their own subtree (entries that belong to no node stay with admins).
/// </summary>
public sealed class AuditSearch(GongzhiDb db, IStringLocalizer<SharedResource> l)
{
    /// <summary>The entries with their display text, for the API.</summary>
    public async Task<PagedList<AuditView>> SearchViewsAsync(AuditQuery q, CancellationToken ct)
    {
        var page = await SearchAsync(q, ct);
        return new PagedList<AuditView>(page.Items.Select(View).ToList(), page.Total);
    }

    public async Task<PagedList<AuditEntry>> SearchAsync(AuditQuery q, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!db.Scope.IsUnrestricted)
        {
            // The audit table has no query filter of its own (sign-ins and system entries belong to no node), so the
            // scope is applied here, on the path each entry was filed under.
            var paths = db.Scope.Paths;
            query = query.Where(a => a.AreaPath != null && paths.Any(p => a.AreaPath.StartsWith(p)));
        }
        if (!string.IsNullOrWhiteSpace(q.User)) query = query.Where(a => a.UserName == q.User.Trim());
        if (!string.IsNullOrWhiteSpace(q.Action)) query = query.Where(a => a.Action.StartsWith(q.Action.Trim()));
        if (!string.IsNullOrWhiteSpace(q.EntityType)) query = query.Where(a => a.EntityType == q.EntityType.Trim());
        if (!string.IsNullOrWhiteSpace(q.EntityId)) query = query.Where(a => a.EntityId == q.EntityId.Trim());
        if (q.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At >= start);
        }
        if (q.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(a => a.At < end);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return new PagedList<AuditEntry>(items, total);
    }

    private AuditView View(AuditEntry a) => new(a.Id, a.At, a.UserId, a.UserName, a.Action, a.EntityType, a.EntityId, a.Detail, a.IpAddress,
        a.AreaPath, AuditText.Action(l, a.Action), AuditText.Summary(l, a.Detail));
}
