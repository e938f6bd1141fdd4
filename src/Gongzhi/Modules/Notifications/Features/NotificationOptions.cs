using System.Globalization;
using Gongzhi.Infrastructure.Modules;

namespace Gongzhi.Modules.Notifications.Features;

/// <summary>Settings under <c>Notifications</c>.</summary>
public sealed class NotificationOptions
{
    /// <summary>Run the outbox dispatcher in this process.</summary>
    public bool Dispatch { get; set; } = true;
    /// <summary>Attempts per delivery before it is dead.</summary>
    public int MaxAttempts { get; set; } = 6;
    /// <summary>Delay after the first failure; doubles per attempt (with up to 25 % jitter) up to <see cref="MaxDelaySeconds"/>.</summary>
    public int BaseDelaySeconds { get; set; } = 30;
    public int MaxDelaySeconds { get; set; } = 3600;
    public int BatchSize { get; set; } = 100;
    /// <summary>Provider calls of one batch in flight at once (deliveries to one WeCom robot still go one by one).</summary>
    public int SendConcurrency { get; set; } = 8;
    /// <summary>How long a claim holds; a worker that dies leaves its claims to be re-taken after this.</summary>
    public int ClaimSeconds { get; set; } = 120;
    public int PollSeconds { get; set; } = 2;
    /// <summary>A provider call that takes longer is abandoned (its outcome unknown).</summary>
    public int ProviderTimeoutSeconds { get; set; } = 15;
    /// <summary>How long a provider host that keeps failing is not called (its circuit is open).</summary>
    public int ProviderBreakSeconds { get; set; } = 30;
    /// <summary>Residents' SMS waits out these hours (Beijing time) unless the message is urgent; equal values turn it off.</summary>
    public string QuietHoursStart { get; set; } = "21:00";
    public string QuietHoursEnd { get; set; } = "08:00";

    /// <summary><paramref name="now"/>, or the end of the quiet hours when <paramref name="now"/> falls inside them.</summary>
    public DateTimeOffset AfterQuietHours(DateTimeOffset now)
    {
        if (!TimeOnly.TryParse(QuietHoursStart, CultureInfo.InvariantCulture, out var start)
            || !TimeOnly.TryParse(QuietHoursEnd, CultureInfo.InvariantCulture, out var end) || start == end) return now;
        var local = TimeZoneInfo.ConvertTime(now, JobDeclaration.China);
        var t = TimeOnly.FromDateTime(local.DateTime);
        var quiet = start < end ? t >= start && t < end : t >= start || t < end;
        if (!quiet) return now;
        var day = start > end && t >= start ? local.Date.AddDays(1) : local.Date;
        return new DateTimeOffset(day + end.ToTimeSpan(), local.Offset).ToUniversalTime();
    }

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1, given a jitter draw in [0, 1).</summary>
    public TimeSpan Backoff(int attempts, double jitter)
    {
        var seconds = Math.Min(MaxDelaySeconds, BaseDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
        return TimeSpan.FromSeconds(Math.Min(MaxDelaySeconds, seconds * (1 + 0.25 * jitter)));
    }
}
