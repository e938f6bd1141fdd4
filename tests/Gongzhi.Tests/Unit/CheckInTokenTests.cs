using Gongzhi.Modules.Volunteers.Domain;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>The rotating check-in code: stable within a 30-second step, accepted for the current and the previous step, refused older, per activity and secret.</summary>
public sealed class CheckInTokenTests
{
    private static readonly string Secret = CheckInToken.NewSecret();
    private static readonly DateTimeOffset At = new(2026, 11, 29, 6, 0, 10, TimeSpan.Zero);

    [Fact]
    public void A_code_is_stable_within_a_step_and_changes_with_the_next()
    {
        var code = CheckInToken.Current(Secret, 7, At);
        Assert.Equal(12, code.Length);
        Assert.Equal(code, CheckInToken.Current(Secret, 7, At.AddSeconds(15)));
        Assert.NotEqual(code, CheckInToken.Current(Secret, 7, At.AddSeconds(30)));
        Assert.NotEqual(code, CheckInToken.Current(Secret, 8, At));
        Assert.NotEqual(code, CheckInToken.Current(CheckInToken.NewSecret(), 7, At));
    }

    [Fact]
    public void The_current_and_previous_steps_are_accepted_older_ones_and_other_activities_are_not()
    {
        var code = CheckInToken.Current(Secret, 7, At);
        Assert.True(CheckInToken.IsValid(Secret, 7, code, At));
        Assert.True(CheckInToken.IsValid(Secret, 7, code, At.AddSeconds(30)));
        Assert.False(CheckInToken.IsValid(Secret, 7, code, At.AddSeconds(60)));
        Assert.False(CheckInToken.IsValid(Secret, 8, code, At));
        Assert.False(CheckInToken.IsValid(Secret, 7, code, At.AddSeconds(-30)));
        Assert.False(CheckInToken.IsValid(Secret, 7, null, At));
        Assert.False(CheckInToken.IsValid(Secret, 7, "", At));
        Assert.False(CheckInToken.IsValid(Secret, 7, code[..11] + (code[11] == 'A' ? 'B' : 'A'), At));
    }
}
