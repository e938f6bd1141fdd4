using Gongzhi.Modules.Care.Features.CheckIn;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>窗帘之约 streak calendar arithmetic: day states, the current streak, and where the record starts.</summary>
public sealed class CheckInStreakTests
{
    private static readonly DateOnly Today = new(2027, 4, 10);

    private static HashSet<DateOnly> Days(params int[] back) => [.. back.Select(b => Today.AddDays(-b))];

    [Fact]
    public void The_streak_counts_ok_days_back_from_today_and_stops_at_a_missed_or_alert_day()
    {
        Assert.Equal(3, CheckInCalendar.Streak(Today, Days(0, 1, 2, 4, 5), Days()));
        Assert.Equal(2, CheckInCalendar.Streak(Today, Days(0, 1, 2, 3), Days(2)));
        Assert.Equal(0, CheckInCalendar.Streak(Today, Days(1, 2), Days(0)));
        Assert.Equal(0, CheckInCalendar.Streak(Today, Days(), Days()));
    }

    [Fact]
    public void Today_still_open_does_not_break_the_streak_but_a_past_open_day_does()
    {
        Assert.Equal(2, CheckInCalendar.Streak(Today, Days(1, 2), Days()));
        Assert.Equal(0, CheckInCalendar.Streak(Today, Days(2, 3), Days()));
    }

    [Fact]
    public void A_month_marks_days_ok_missed_alert_pending_and_nothing_before_the_record_or_after_today()
    {
        var days = CheckInCalendar.Month(2027, 4, Today, Days(0, 1, 3, 5), Days(4));
        Assert.Equal(30, days.Count);
        CheckInDayState At(int day) => days.Single(d => d.Day == new DateOnly(2027, 4, day)).State;
        Assert.Equal(CheckInDayState.None, At(4));      // before the first mark or alert
        Assert.Equal(CheckInDayState.Ok, At(5));
        Assert.Equal(CheckInDayState.Alert, At(6));
        Assert.Equal(CheckInDayState.Ok, At(7));
        Assert.Equal(CheckInDayState.Missed, At(8));
        Assert.Equal(CheckInDayState.Ok, At(10));
        Assert.Equal(CheckInDayState.None, At(11));     // future
        Assert.Equal(CheckInDayState.Pending, CheckInCalendar.Month(2027, 4, Today, Days(1), Days())[9].State);
        Assert.All(CheckInCalendar.Month(2027, 3, Today, Days(), Days()), d => Assert.Equal(CheckInDayState.None, d.State));
    }

    [Fact]
    public void A_late_mark_on_an_alert_day_still_shows_the_alert()
    {
        Assert.Equal(CheckInDayState.Alert, CheckInCalendar.StateOf(Today.AddDays(-1), Today, Today.AddDays(-5), Days(1), Days(1)));
    }
}
