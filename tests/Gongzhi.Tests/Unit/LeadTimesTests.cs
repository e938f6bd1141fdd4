using Gongzhi.Modules.Policies.Domain;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>Policy reminder lead times (双提醒): how they are written and which one a resident is at.</summary>
public sealed class LeadTimesTests
{
    [Theory]
    [InlineData("30,7", "30,7")]
    [InlineData(" 7，30、7 ", "30,7")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Lead_times_are_parsed_largest_first_without_duplicates(string? text, string expected)
    {
        Assert.Equal(expected, LeadTimes.Format(LeadTimes.Parse(text, out var error)));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("30,-7", LeadTimesError.Negative)]
    [InlineData("-1", LeadTimesError.Negative)]
    [InlineData("30,abc", LeadTimesError.NotANumber)]
    [InlineData("0", LeadTimesError.OutOfRange)]
    [InlineData("367", LeadTimesError.OutOfRange)]
    [InlineData("1,2,3,4,5,6", LeadTimesError.TooMany)]
    public void Bad_lead_times_are_refused_with_the_reason(string text, LeadTimesError expected)
    {
        Assert.Empty(LeadTimes.Parse(text, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(31, null)]  // further off than every lead: not yet
    [InlineData(30, 30)]
    [InlineData(20, 30)]    // between the leads: still the 30-day reminder (sent once)
    [InlineData(8, 30)]
    [InlineData(7, 7)]
    [InlineData(5, 7)]      // found late: only the nearest lead, not the missed 30-day one as well
    [InlineData(1, 7)]
    [InlineData(0, null)]   // eligible today: no reminder any more
    [InlineData(-3, null)]
    public void A_resident_is_at_the_smallest_lead_not_below_the_days_left(int daysLeft, int? expected) =>
        Assert.Equal(expected, LeadTimes.Current([30, 7], daysLeft));
}
