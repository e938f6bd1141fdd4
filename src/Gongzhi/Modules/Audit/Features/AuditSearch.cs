using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Audit.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Audit.Features;

public sealed record AuditQuery(string? User, string? Action, string? EntityType, string? EntityId, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 50);

/// <summary>Admins search the audit log by who, what, which record and when; newest first.</summary>
public sealed class AuditSearch(GongzhiDb db)
{
    public async Task<PagedList<AuditEntry>> SearchAsync(AuditQuery q, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
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
}
