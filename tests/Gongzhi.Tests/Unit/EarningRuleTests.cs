using Gongzhi.Modules.PointsBank;
using Gongzhi.Modules.PointsBank.Features.Ledger;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>The points bank's earning rule: bonus, daily and yearly caps, rates, and which bank node's value applies.</summary>
public sealed class EarningRuleTests
{
    private static readonly EarningRule Rule = new(PointsPerHour: 10, DailyCap: 100, YearlyCap: 1000, BonusPercent: 0);

    [Theory]
    [InlineData(30, 0, 0, 30)]
    [InlineData(30, 80, 80, 20)]    // the daily cap leaves 20
    [InlineData(30, 100, 100, 0)]   // nothing left today
    [InlineData(30, 0, 990, 10)]    // the yearly cap leaves 10
    [InlineData(30, 0, 1000, 0)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(-5, 0, 0, 0)]
    [InlineData(30, 120, 120, 0)]   // over a cap already (a lowered cap): never negative
    public void Caps_cut_an_earning_to_what_is_left(int requested, long today, long year, int expected) =>
        Assert.Equal(expected, Rule.Credit(requested, today, year));

    [Fact]
    public void A_bonus_is_added_before_the_caps_and_rounded_down()
    {
        var bonus = Rule with { BonusPercent = 25 };
        Assert.Equal(37, bonus.Credit(30, 0, 0));   // 30 + 7.5 → 37
        Assert.Equal(100, bonus.Credit(90, 0, 0));  // 112 cut by the daily cap
    }

    [Fact]
    public void Points_for_hours_follow_the_rate_rounded_down()
    {
        Assert.Equal(25, Rule.ForHours(2.5m));
        Assert.Equal(14, Rule.ForHours(1.45m));
        Assert.Equal(0, Rule.ForHours(-1));
    }

    [Fact]
    public void Each_value_comes_from_the_nearest_bank_node_that_sets_it_else_the_default()
    {
        var defaults = new PointsBankOptions { DefaultPointsPerHour = 10, DefaultDailyCap = 200, DefaultYearlyCap = 5000, DefaultBonusPercent = 0 };
        var rule = EarningRule.Resolve([(null, 50, null, null), (12, 80, 3000, null), (15, null, null, 10)], defaults);
        Assert.Equal(new EarningRule(12, 50, 3000, 10), rule);
        Assert.Equal(new EarningRule(10, 200, 5000, 0), EarningRule.Resolve([], defaults));
    }
}
