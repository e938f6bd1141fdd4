using Gongzhi.Modules.Requests.Features.Statistics;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class StatisticsMathTests
{
    [Theory]
    [InlineData(1, 3, 33.3)]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 16, 6.3)]  // 6.25 rounds half away from zero
    [InlineData(0, 5, 0.0)]
    [InlineData(5, 5, 100.0)]
    public void Rates_are_percentages_with_one_decimal(int part, int whole, double expected) => Assert.Equal(expected, StatisticsMath.Rate(part, whole));

    [Fact]
    public void Nothing_measured_is_no_rate_and_a_part_larger_than_the_whole_is_a_bug()
    {
        Assert.Null(StatisticsMath.Rate(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StatisticsMath.Rate(4, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => StatisticsMath.Rate(-1, 3));
    }

    [Fact]
    public void Counts_add_up_and_their_rates_use_their_own_bases()
    {
        var a = new StatisticsCounts(Received: 2, Accepted: 2, AcceptedOnTime: 1, AcceptLate: 0, Resolved: 1, ResolvedOnTime: 1, ResolveLate: 0,
            Rated: 1, ScoreSum: 5, Satisfied: 1, EverResolved: 1, Reopened: 0, ResolvedInCommunity: 1);
        var b = new StatisticsCounts(Received: 2, Accepted: 1, AcceptedOnTime: 1, AcceptLate: 1, Resolved: 1, ResolvedOnTime: 1, ResolveLate: 1,
            Rated: 2, ScoreSum: 6, Satisfied: 1, EverResolved: 1, Reopened: 1, ResolvedInCommunity: 0);
        var sum = a + b;
        Assert.Equal(4, sum.Received);
        Assert.Equal(50.0, sum.AcceptedOnTimeRate);   // 2 of (3 accepted + 1 late unaccepted)
        Assert.Equal(66.7, sum.ResolvedOnTimeRate);   // 2 of (2 resolved + 1 late unresolved)
        Assert.Equal(3.67, sum.AverageScore);         // 11 / 3
        Assert.Equal(66.7, sum.SatisfiedRate);
        Assert.Equal(50.0, sum.ReopenRate);
        Assert.Equal(50.0, sum.InCommunityRate);
        Assert.Null(StatisticsCounts.Zero.AverageScore);
        Assert.Null(StatisticsCounts.Zero.InCommunityRate);
    }

    [Fact]
    public void A_period_of_Beijing_days_starts_and_ends_at_Beijing_midnight()
    {
        var (start, end) = StatisticsMath.Period(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void Months_are_clipped_to_the_period()
    {
        var months = StatisticsMath.Months(new DateOnly(2026, 8, 15), new DateOnly(2026, 10, 3));
        Assert.Equal(["2026-08", "2026-09", "2026-10"], months.Select(m => m.Label));
        Assert.Equal(new DateOnly(2026, 8, 15), months[0].From);
        Assert.Equal(new DateOnly(2026, 8, 31), months[0].To);
        Assert.Equal(new DateOnly(2026, 10, 3), months[2].To);
    }
}
