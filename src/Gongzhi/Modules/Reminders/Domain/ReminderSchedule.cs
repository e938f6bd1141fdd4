using Gongzhi.Modules.Reminders.Contracts;

namespace Gongzhi.Modules.Reminders.Domain;

/// <summary>
/// The pure schedule of a due item: which reminder point (if any) is current on a day. Points are the lead times
/// before the due date, the due day, then every N days while overdue; a day between points answers the latest point
/// reached, so a job that missed days sends the current reminder once rather than every missed one.
/// </summary>
public static class ReminderSchedule
{
    public const int MaxLeadDays = 366;
    public const int MaxOverdueEveryDays = 366;

    /// <summary>Checks a rule; answers the problems (field, message in English source text) or none.</summary>
    public static IEnumerable<(string Field, string Message)> Check(ReminderRule rule)
    {
        if (rule.DaysBefore.Any(d => d < 0)) yield return ("daysBefore", "Lead times cannot be negative: a reminder goes out before the due date (0 is the day itself).");
        if (rule.DaysBefore.Any(d => d > MaxLeadDays)) yield return ("daysBefore", "Lead times go up to 366 days.");
        if (rule.DaysBefore.Count > 10) yield return ("daysBefore", "At most 10 lead times.");
        if (rule.OverdueEveryDays is < 0 or > MaxOverdueEveryDays) yield return ("overdueEveryDays", "Repeat while overdue every 0 (never) to 366 days.");
        if (rule.EscalateAfterDays is < 0 or > MaxOverdueEveryDays) yield return ("escalateAfterDays", "Escalate after 0 to 366 days overdue, or never.");
    }

    /// <summary>The current point on <paramref name="today"/>, with the day it fell on; null before the first.</summary>
    public static (string Point, DateOnly On)? Current(DateOnly dueOn, ReminderRule rule, DateOnly today)
    {
        if (today > dueOn && rule.OverdueEveryDays > 0)
        {
            var k = (today.DayNumber - dueOn.DayNumber) / rule.OverdueEveryDays;
            if (k >= 1) return ($"overdue:{k * rule.OverdueEveryDays}", dueOn.AddDays(k * rule.OverdueEveryDays));
        }
        if (today >= dueOn && (rule.OnTheDay || rule.DaysBefore.Contains(0))) return ("day", dueOn);
        var reached = rule.DaysBefore.Where(d => d > 0 && dueOn.AddDays(-d) <= today).Order().Cast<int?>().FirstOrDefault();
        return reached is { } lead ? ($"before:{lead}", dueOn.AddDays(-lead)) : null;
    }

    /// <summary>Whether the supervisor is owed the escalation on <paramref name="today"/>.</summary>
    public static bool Escalates(DateOnly dueOn, ReminderRule rule, DateOnly today) =>
        rule.EscalateAfterDays is { } after && today.DayNumber - dueOn.DayNumber >= Math.Max(1, after);

    /// <summary>Days until due (negative: overdue).</summary>
    public static int DaysLeft(DateOnly dueOn, DateOnly today) => dueOn.DayNumber - today.DayNumber;
}
