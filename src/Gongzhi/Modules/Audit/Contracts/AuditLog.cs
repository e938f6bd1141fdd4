using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Domain;

namespace Gongzhi.Modules.Audit.Contracts;

/// <summary>
/// Adds audit entries to the current unit of work: they are saved with the change they describe, or not at all.
/// </summary>
public sealed class AuditLog(GongzhiDb db, CurrentUser user, TimeProvider clock)
{
    /// <param name="areaPath">The path of the node the record hangs on, for the subtree's staff to read the entry.</param>
    public void Record(string action, string entityType, object? entityId, string? detail = null, string? userName = null, string? areaPath = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = user.Id,
            UserName = userName ?? user.UserName ?? "system",
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
            IpAddress = user.IpAddress,
            AreaPath = areaPath,
        });

    /// <summary>Describes a change of one field for the audit detail: <c>name: 一网格 → 第一网格</c>.</summary>
    public static string? Change<T>(string field, T before, T after) =>
        EqualityComparer<T>.Default.Equals(before, after) ? null : $"{field}: {before} → {after}";

    public static string Join(params string?[] changes) => string.Join("; ", changes.Where(c => c is not null));
}
