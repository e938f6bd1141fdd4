using Gongzhi.Modules.Reminders.Contracts;

namespace Gongzhi.Modules.Reminders.Features.DueItems;

/// <summary>
/// A due item as entered: kind, title, area node (code), due date, owner (an account's user name, or a role at the
/// node: grid, community, street), the lead times in days before the due date, whether to remind on the day, every N
/// days while overdue (0: never), escalation after N days overdue (empty: never), a note.
/// </summary>
public sealed record SaveDueItem(string? Kind, string? Title, string? Area, DateOnly? DueOn, string? OwnerUser = null, string? OwnerRole = null,
    IReadOnlyList<int>? DaysBefore = null, bool? OnTheDay = null, int? OverdueEveryDays = null, int? EscalateAfterDays = null, string? Note = null);

/// <summary>Closing an item (renewed, inspected): a note; a new due date keeps it open with the date rolled forward.</summary>
public sealed record CloseDueItem(string? Note, DateOnly? NextDueOn = null);

/// <summary>Where an item stands: closed, due later, upcoming (a reminder point reached), due today, overdue.</summary>
public enum DueState { Closed = 0, Later = 1, Upcoming = 2, Today = 3, Overdue = 4 }

public sealed record DueItemView(long Id, DueKind Kind, string Title, long AreaNodeId, string AreaCode, string AreaName, DateOnly DueOn, int DaysLeft, DueState State,
    string? OwnerUserId, string? OwnerName, string? OwnerRole, IReadOnlyList<int> DaysBefore, bool OnTheDay, int OverdueEveryDays, int? EscalateAfterDays,
    string? Note, string? Link, string? SourceKey, DateTimeOffset? ClosedAt, string? ClosedNote, string? ClosedByName, IReadOnlyList<ReminderSent> Sent);

public sealed record ReminderSent(string Point, DateOnly DueOn, DateTimeOffset SentAt);

/// <summary>
/// The list's filters: an area (code), a kind, a state (Upcoming: due within <see cref="WithinDays"/> or a reminder
/// reached; Overdue; Open: all open, the default; Closed), sorting (due, -due, title, kind) and paging.
/// </summary>
public sealed record DueItemFilter(string? Area = null, string? Kind = null, string? State = null, int? WithinDays = null, string? Sort = null,
    int? Page = null, int? PageSize = null);

/// <summary>Counts for a home page: open items overdue and due within the next 30 days, in reach.</summary>
public sealed record DueCounts(int Overdue, int Upcoming);

/// <summary>The reminders settings (section "Reminders"): how often the job looks (CheckMinutes, read by the job declaration).</summary>
public sealed class RemindersOptions
{
    public int UpcomingDays { get; set; } = 30;
}
