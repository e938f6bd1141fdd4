using Cronos;

namespace Gongzhi.Infrastructure.Modules;

/// <summary>
/// A scheduled job a module declares (<see cref="GongzhiModule.Jobs"/>): a stable name, a schedule (a cron expression in
/// Asia/Shanghai time, or an interval) and a handler. Each tick runs once across all app nodes, with system reach, and
/// every run is recorded; ticks missed while no node ran are made up by one run.
/// </summary>
public sealed record JobDeclaration(string Name, string Schedule, Func<IServiceProvider, CancellationToken, Task> Handler)
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Cron (5 fields, or 6 with seconds first) in Asia/Shanghai, e.g. <c>0 3 * * *</c> for 03:00 Beijing time.</summary>
    public static JobDeclaration Cron(string name, string cron, Func<IServiceProvider, CancellationToken, Task> handler)
    {
        Parse(cron);
        return new(name, cron, handler);
    }

    /// <summary>Every <paramref name="interval"/> (at least a second).</summary>
    public static JobDeclaration Every(string name, TimeSpan interval, Func<IServiceProvider, CancellationToken, Task> handler)
    {
        if (interval < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(interval));
        return new(name, "every " + System.Xml.XmlConvert.ToString(interval), handler);
    }

    private TimeSpan? Interval => Schedule.StartsWith("every ") ? System.Xml.XmlConvert.ToTimeSpan(Schedule[6..]) : null;

    /// <summary>The latest tick at or before <paramref name="now"/>, counting interval ticks from <paramref name="since"/>.</summary>
    public DateTimeOffset? LatestTick(DateTimeOffset since, DateTimeOffset now)
    {
        if (Interval is { } every)
        {
            var n = (long)Math.Floor((now - since) / every);
            return n < 1 ? null : since + every * n;
        }
        var previous = Parse(Schedule).GetPreviousOccurrence(now, China, inclusive: true);
        return previous is { } p && p > since ? p.ToUniversalTime() : null;
    }

    /// <summary>The first tick after <paramref name="since"/>.</summary>
    public DateTimeOffset? NextTick(DateTimeOffset since) =>
        Interval is { } every ? since + every : Parse(Schedule).GetNextOccurrence(since, China)?.ToUniversalTime();

    private static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
}
