using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Reminders.Contracts;
using Gongzhi.Modules.Reminders.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Reminders.Features.DueItems;

/// <summary>
/// <see cref="IDueItems"/>: other modules' due items by source key. Changes are tracked, not saved: they commit with
/// the caller's unit of work. Lookups ignore the data scope because the caller has already decided (a job at system
/// reach, or a use case on a record in the caller's reach).
/// </summary>
public sealed class DueItemRegistry(GongzhiDb db, IAreaDirectory areas, TimeProvider clock) : IDueItems
{
    public async Task UpsertAsync(DueItemRegistration r, CancellationToken ct)
    {
        var rule = r.Rule ?? ReminderRule.Default;
        var problems = ReminderSchedule.Check(rule).ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)), nameof(r));
        var node = (await areas.NamesAsync([r.AreaNodeId], ct)).SingleOrDefault() ?? throw new ArgumentException($"No area node {r.AreaNodeId}.", nameof(r));
        var now = clock.GetUtcNow();
        var item = db.DueItems.Local.FirstOrDefault(e => e.SourceKey == r.SourceKey)
                   ?? await db.DueItems.IgnoreQueryFilters().FirstOrDefaultAsync(e => e.SourceKey == r.SourceKey, ct);
        if (item is null)
        {
            item = new DueItem { SourceKey = r.SourceKey, Title = "", AreaPath = "", DaysBefore = "", CreatedAt = now };
            db.DueItems.Add(item);
        }
        (item.Kind, item.Title, item.AreaNodeId, item.AreaPath, item.DueOn, item.Link) = (r.Kind, r.Title, node.Id, node.Path, r.DueOn, r.Link);
        (item.OwnerUserId, item.OwnerRole) = (r.OwnerUserId, r.OwnerUserId is null ? r.OwnerRole ?? Accounts.Contracts.Roles.Grid : null);
        (item.DaysBefore, item.OnTheDay, item.OverdueEveryDays, item.EscalateAfterDays) = (DueItem.FormatDays(rule.DaysBefore), rule.OnTheDay, rule.OverdueEveryDays, rule.EscalateAfterDays);
        (item.ClosedAt, item.ClosedNote, item.ClosedByName, item.UpdatedAt) = (null, null, null, now);
    }

    public async Task CloseAsync(string sourceKey, string note, CancellationToken ct)
    {
        var item = db.DueItems.Local.FirstOrDefault(e => e.SourceKey == sourceKey)
                   ?? await db.DueItems.IgnoreQueryFilters().FirstOrDefaultAsync(e => e.SourceKey == sourceKey, ct);
        if (item is null || item.ClosedAt is not null) return;
        (item.ClosedAt, item.ClosedNote, item.ClosedByName, item.UpdatedAt) = (clock.GetUtcNow(), note, "system", clock.GetUtcNow());
    }
}
