using Gongzhi.Modules.Reminders.Contracts;
using Gongzhi.Modules.Reminders.Domain;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class ReminderScheduleTests
{
    private static readonly DateOnly Due = new(2027, 6, 30);
    private static readonly ReminderRule Rule = new([30, 7], OnTheDay: true, OverdueEveryDays: 7, EscalateAfterDays: 3);

    [Theory]
    [InlineData(-31, null)]
    [InlineData(-30, "before:30")]
    [InlineData(-29, "before:30")]
    [InlineData(-8, "before:30")]
    [InlineData(-7, "before:7")]
    [InlineData(-1, "before:7")]
    [InlineData(0, "day")]
    [InlineData(6, "day")]
    [InlineData(7, "overdue:7")]
    [InlineData(13, "overdue:7")]
    [InlineData(14, "overdue:14")]
    public void The_current_point_is_the_latest_reached(int offset, string? expected) =>
        Assert.Equal(expected, ReminderSchedule.Current(Due, Rule, Due.AddDays(offset))?.Point);

    [Fact]
    public void Without_the_day_or_repeats_the_last_lead_time_stays_current()
    {
        var rule = new ReminderRule([7], OnTheDay: false, OverdueEveryDays: 0);
        Assert.Equal("before:7", ReminderSchedule.Current(Due, rule, Due.AddDays(20))?.Point);
        Assert.Equal("day", ReminderSchedule.Current(Due, new ReminderRule([0]), Due)?.Point);
    }

    [Fact]
    public void Escalation_comes_once_the_delay_has_passed()
    {
        Assert.False(ReminderSchedule.Escalates(Due, Rule, Due.AddDays(2)));
        Assert.True(ReminderSchedule.Escalates(Due, Rule, Due.AddDays(3)));
        Assert.False(ReminderSchedule.Escalates(Due, Rule with { EscalateAfterDays = null }, Due.AddDays(300)));
        // "Escalate after 0 days" still means overdue, not on the due day itself.
        Assert.False(ReminderSchedule.Escalates(Due, Rule with { EscalateAfterDays = 0 }, Due));
        Assert.True(ReminderSchedule.Escalates(Due, Rule with { EscalateAfterDays = 0 }, Due.AddDays(1)));
    }

    [Fact]
    public void Negative_or_oversized_lead_times_are_refused()
    {
        Assert.Contains(ReminderSchedule.Check(new ReminderRule([30, -1])), p => p.Field == "daysBefore");
        Assert.Contains(ReminderSchedule.Check(new ReminderRule([400])), p => p.Field == "daysBefore");
        Assert.Contains(ReminderSchedule.Check(new ReminderRule([7], OverdueEveryDays: -2)), p => p.Field == "overdueEveryDays");
        Assert.Empty(ReminderSchedule.Check(Rule));
    }

    [Fact]
    public void Lead_times_are_stored_largest_first_without_repeats()
    {
        Assert.Equal("30,7,1", DueItem.FormatDays([7, 30, 1, 7]));
        Assert.Equal([30, 7, 1], DueItem.ParseDays("30, 7,1"));
    }
}
