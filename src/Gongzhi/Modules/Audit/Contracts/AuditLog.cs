using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
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
            // A sign-in attempt records whatever name was typed: clip it to the column, never fail the audit over it.
            UserName = Clip(userName ?? user.UserName ?? "system", 256),
            Action = action,
            EntityType = entityType,
            EntityId = Clip(entityId?.ToString(), 64),
            Detail = Clip(detail, 2000),
            IpAddress = user.IpAddress,
            AreaPath = areaPath,
        });

    /// <summary>
    /// Records a change to a record created in this same unit of work: its id is filled in when it is saved, in the
    /// same transaction (no second save by the caller).
    /// </summary>
    public void RecordNew(string action, string entityType, object entity, string? detail = null, string? areaPath = null, string? userName = null)
    {
        Record(action, entityType, null, detail, userName, areaPath ?? (entity as IAreaScoped)?.AreaPath);
        db.AuditEntries.Local.Last().Subject = entity;
    }

    private static string? Clip(string? text, int max) => text is { Length: var n } && n > max ? text[..max] : text;

    /// <summary>Describes a change of one field for the audit detail: <c>name: 一网格 → 第一网格</c>.</summary>
    public static string? Change<T>(string field, T before, T after) =>
        EqualityComparer<T>.Default.Equals(before, after) ? null : $"{field}: {before} → {after}";

    public static string Join(params string?[] changes) => string.Join("; ", changes.Where(c => c is not null));
}
