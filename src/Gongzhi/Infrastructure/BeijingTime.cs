namespace Gongzhi.Infrastructure;

/// <summary>
/// The calendar the users live by: China Standard Time, UTC+8 all year (no daylight saving), so a fixed offset is
/// exact. Dates that residents and staff see (deadlines, "today", a session's day) are Beijing dates, not UTC ones.
/// </summary>
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Date(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    public static DateOnly Today(TimeProvider clock) => Date(clock.GetUtcNow());

    /// <summary>The instant a Beijing calendar year begins (yearly rankings and statistics count from it).</summary>
    public static DateTimeOffset YearStart(int year) => new DateTimeOffset(year, 1, 1, 0, 0, 0, Offset).ToUniversalTime();
}
