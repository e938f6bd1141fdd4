namespace Gongzhi.Modules.Care.Features.CheckIn;

/// <summary>How one day of the daily check-in went.</summary>
public enum CheckInDayState
{
    /// <summary>Outside the record: before the first mark or alert, or after today.</summary>
    None,
    Ok,
    /// <summary>A past day with neither a mark nor an alert (the job did not reach it, or the resident was not yet due).</summary>
    Missed,
    /// <summary>An alert was raised that day, whether or not a late mark came.</summary>
    Alert,
    /// <summary>Today, not marked yet and no alert yet.</summary>
    Pending,
}

public sealed record CheckInDay(DateOnly Day, CheckInDayState State);

/// <summary>A month of the daily check-in for one resident, with the current run of OK days.</summary>
public sealed record CheckInMonth(long EntryId, string ResidentName, bool Enrolled, int Year, int Month, int CurrentStreak, int OkDays, int MissedDays, int AlertDays,
    IReadOnlyList<CheckInDay> Days);

/// <summary>
/// The streak calendar's arithmetic, kept pure so it can be tested without a database. The record starts at the first
/// mark or alert (no column remembers when a resident joined the check-in), so the days before it are not "missed".
/// </summary>
public static class CheckInCalendar
{
    public static CheckInDayState StateOf(DateOnly day, DateOnly today, DateOnly? start, ISet<DateOnly> marked, ISet<DateOnly> alerted)
    {
        if (day > today || start is null || day < start) return CheckInDayState.None;
        if (alerted.Contains(day)) return CheckInDayState.Alert;
        if (marked.Contains(day)) return CheckInDayState.Ok;
        return day == today ? CheckInDayState.Pending : CheckInDayState.Missed;
    }

    /// <summary>
    /// Consecutive OK days ending today, or ending yesterday while today is still open (a morning without a mark yet
    /// does not break the streak until it becomes an alert or the day passes).
    /// </summary>
    public static int Streak(DateOnly today, ISet<DateOnly> marked, ISet<DateOnly> alerted)
    {
        var start = marked.Concat(alerted).DefaultIfEmpty(today).Min();
        var day = today;
        if (StateOf(day, today, start, marked, alerted) == CheckInDayState.Pending) day = day.AddDays(-1);
        var count = 0;
        while (StateOf(day, today, start, marked, alerted) == CheckInDayState.Ok) { count++; day = day.AddDays(-1); }
        return count;
    }

    public static IReadOnlyList<CheckInDay> Month(int year, int month, DateOnly today, ISet<DateOnly> marked, ISet<DateOnly> alerted)
    {
        DateOnly? start = marked.Count + alerted.Count == 0 ? null : marked.Concat(alerted).Min();
        var first = new DateOnly(year, month, 1);
        return [.. Enumerable.Range(0, DateTime.DaysInMonth(year, month)).Select(i => first.AddDays(i))
            .Select(d => new CheckInDay(d, StateOf(d, today, start, marked, alerted)))];
    }
}
