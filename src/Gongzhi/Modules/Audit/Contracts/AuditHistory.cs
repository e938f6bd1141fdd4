using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Audit.Contracts;

public sealed record HistoryEntry(DateTimeOffset At, string? UserName, string Action, string? Detail);

/// <summary>The audit trail of one record, newest first: the "history" of households, residents and the like.</summary>
public sealed class AuditHistory(GongzhiDb db)
{
    public async Task<IReadOnlyList<HistoryEntry>> ForAsync(string entityType, string entityId, int take, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == entityId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new HistoryEntry(a.At, a.UserName, a.Action, a.Detail))
            .ToListAsync(ct);
}
