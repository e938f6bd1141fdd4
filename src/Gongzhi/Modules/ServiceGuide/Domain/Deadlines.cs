namespace Gongzhi.Modules.ServiceGuide.Domain;

/// <summary>
/// Legal time limits (办结时限) as a due date. Counting starts the day after the start day (the day of acceptance does
/// not count, as administrative time limits are counted in China); working days skip Saturdays, Sundays and the
/// configured public holidays, calendar days count every day. Zero days means done on the spot (即办): due the same day.
/// </summary>
public static class Deadlines
{
    public static DateOnly Due(DateOnly start, int days, TimeLimitKind kind, IReadOnlySet<DateOnly>? holidays = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (kind == TimeLimitKind.CalendarDays) return start.AddDays(days);
        var day = start;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day, holidays)) counted++;
        }
        return day;
    }

    public static bool IsWorkingDay(DateOnly day, IReadOnlySet<DateOnly>? holidays = null) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && holidays?.Contains(day) != true;

}
