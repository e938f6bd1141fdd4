using Gongzhi.Infrastructure.Database;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Audit.Contracts;

/// <summary>One change of a record; <see cref="ActionLabel"/> and <see cref="Summary"/> are the codes in the caller's language.</summary>
public sealed record HistoryEntry(DateTimeOffset At, string? UserName, string Action, string? Detail, string ActionLabel, string? Summary);

/// <summary>The audit trail of one record, newest first: the "history" of households, residents and the like.</summary>
public sealed class AuditHistory(GongzhiDb db, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<HistoryEntry>> ForAsync(string entityType, string entityId, int take, CancellationToken ct) =>
        (await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == entityId)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new { a.At, a.UserName, a.Action, a.Detail })
            .ToListAsync(ct))
        .Select(a => new HistoryEntry(a.At, a.UserName, a.Action, a.Detail, AuditText.Action(l, a.Action), AuditText.Summary(l, a.Detail)))
        .ToList();
}
