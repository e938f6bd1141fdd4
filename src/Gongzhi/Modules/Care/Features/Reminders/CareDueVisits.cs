using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Modules.Reminders.Contracts;

namespace Gongzhi.Modules.Care.Features.Reminders;

/// <summary>
/// Missed visits as reminders: every roster entry keeps one due item in the reminders module (source key by resident,
/// due on the entry's next visit date, owned by its first visitor or else the grid worker of the node), reminded on
/// the day and every few days while the visit is missing, escalated to the supervisor after
/// <see cref="CareOptions.MissedVisitEscalateDays"/>. Registered in the same save as the change to the entry.
/// </summary>
public static class CareDueVisits
{
    public static string Key(CareEntry e) => $"care-visit:{e.ResidentId}";

    public static Task RegisterAsync(IDueItems dueItems, CareEntry e, CareOptions options, CancellationToken ct) =>
        dueItems.UpsertAsync(new DueItemRegistration(Key(e), DueKind.CareVisit, $"三三探访：{e.ResidentName}（{e.Address}）", e.AreaNodeId, e.NextDueOn,
            new ReminderRule([1], OnTheDay: true, OverdueEveryDays: Math.Max(1, options.MissedVisitRepeatDays), EscalateAfterDays: options.MissedVisitEscalateDays),
            OwnerUserId: e.Visitors.FirstOrDefault()?.UserId, Link: $"/care/{e.Id}"), ct);

    public static Task CloseAsync(IDueItems dueItems, CareEntry e, CancellationToken ct) => dueItems.CloseAsync(Key(e), "taken off the care roster", ct);
}
