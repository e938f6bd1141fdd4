using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Reminders.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Reminders.Features.Schedule;

/// <summary>
/// The job <c>reminders.due</c>: for every open due item whose schedule has reached a point today (a lead time, the
/// day, a repeat while overdue), one reminder row and one message to the owner, in one save; overdue past the
/// escalation delay, one message to the owner's supervisor — the role one level up (grid → community → street) at
/// the nearest node above the owner's with such accounts. The reminder row is unique per item, due date and point,
/// and the message key carries the same three, so each reminder goes out exactly once however often the job runs.
/// </summary>
public sealed class ReminderRunner(GongzhiDb db, IAreaDirectory areas, IAccountDirectory accounts, INotifier notifier, AuditLog audit, TimeProvider clock)
{
    public const string Escalate = "escalate";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = BeijingTime.Today(clock);
        var horizon = today.AddDays(ReminderSchedule.MaxLeadDays);
        var sent = 0;
        long after = 0;
        while (true)
        {
            var batch = await db.DueItems.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.ClosedAt == null && e.DueOn <= horizon && e.Id > after).OrderBy(e => e.Id).Take(200).ToListAsync(ct);
            if (batch.Count == 0) return sent;
            after = batch[^1].Id;
            var ids = batch.Select(e => e.Id).ToList();
            var done = (await db.DueReminders.AsNoTracking().Where(r => ids.Contains(r.DueItemId)).Select(r => new { r.DueItemId, r.DueOn, r.Point }).ToListAsync(ct))
                .Select(r => (r.DueItemId, r.DueOn, r.Point)).ToHashSet();
            foreach (var item in batch)
            {
                var rule = item.Rule;
                if (ReminderSchedule.Current(item.DueOn, rule, today) is { } point && !done.Contains((item.Id, item.DueOn, point.Point)))
                {
                    var to = await OwnersAsync(item, ct);
                    await SendAsync(item, point.Point, to.Accounts, "reminders.due", ct);
                    sent++;
                }
                if (ReminderSchedule.Escalates(item.DueOn, rule, today) && !done.Contains((item.Id, item.DueOn, Escalate)))
                {
                    var to = await SupervisorsAsync(item, ct);
                    await SendAsync(item, Escalate, to, "reminders.escalated", ct);
                    sent++;
                }
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    public static Task RunJobAsync(IServiceProvider services, CancellationToken ct) =>
        ActivatorUtilities.CreateInstance<ReminderRunner>(services).RunAsync(ct);

    private async Task SendAsync(DueItem item, string point, IReadOnlyList<AccountContact> to, string kind, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.DueReminders.Add(new DueReminder { DueItemId = item.Id, DueOn = item.DueOn, Point = point, SentAt = now });
        audit.Record(kind == "reminders.due" ? "reminders.remind" : "reminders.escalate", "due-item", item.Id,
            $"{point}; {item.DueOn:yyyy-MM-dd}; to {string.Join(",", to.Select(a => a.UserName))}", userName: "system", areaPath: item.AreaPath);
        if (to.Count == 0) return; // nobody holds the role there: the row still marks the point as handled, the audit says to whom (nobody)
        var days = ReminderSchedule.DaysLeft(item.DueOn, BeijingTime.Today(clock));
        await notifier.EnqueueAsync(new OutgoingMessage(kind, $"reminder:{item.Id}:{item.DueOn:yyyyMMdd}:{point}",
            [.. to.Select(a => Recipient.Person(a.UserId))],
            new Dictionary<string, string>
            {
                ["title"] = item.Title, ["due"] = item.DueOn.ToString("yyyy-MM-dd"),
                ["days"] = Math.Abs(days).ToString(), ["state"] = days > 0 ? "before" : days == 0 ? "today" : "overdue",
            },
            Channels.InApp, Link: item.Link ?? $"/reminders/{item.Id}"), ct);
    }

    /// <summary>The owner's accounts and the node they hold their role at (the item's own node, or the nearest above with such accounts).</summary>
    internal async Task<(IReadOnlyList<AccountContact> Accounts, string Role, int Depth)> OwnersAsync(DueItem item, CancellationToken ct)
    {
        var lineage = await areas.LineageAsync(item.AreaPath, ct);
        if (item.OwnerUserId is { } userId)
        {
            var staff = await accounts.StaffAsync(userId, ct);
            var found = await accounts.FindAsync([userId], ct);
            var depth = lineage.Count - 1;
            while (depth > 0 && staff is not null && !staff.AreaNodeIds.Contains(lineage[depth].Id)) depth--;
            return (found, staff?.Role ?? Roles.Grid, staff is not null && staff.AreaNodeIds.Contains(lineage[depth].Id) ? depth : lineage.Count - 1);
        }
        var role = item.OwnerRole ?? Roles.Grid;
        for (var d = lineage.Count - 1; d >= 0; d--)
        {
            var at = await accounts.WithRoleAtAsync(role, lineage[d].Id, ct);
            if (at.Count > 0) return (at, role, d);
        }
        return ([], role, lineage.Count - 1);
    }

    /// <summary>The supervisor: the role one level up, at the nearest node above the owner's that has such accounts.</summary>
    internal async Task<IReadOnlyList<AccountContact>> SupervisorsAsync(DueItem item, CancellationToken ct)
    {
        var (_, role, depth) = await OwnersAsync(item, ct);
        var up = role switch { Roles.Community or Roles.Street => Roles.Street, _ => Roles.Community }; // a volunteer visitor answers to the community too
        var lineage = await areas.LineageAsync(item.AreaPath, ct);
        for (var d = depth - 1; d >= 0; d--)
        {
            var at = await accounts.WithRoleAtAsync(up, lineage[d].Id, ct);
            if (at.Count > 0) return at;
        }
        return [];
    }
}
