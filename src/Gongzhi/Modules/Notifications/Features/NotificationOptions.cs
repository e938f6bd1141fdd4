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
    /// <summary>How long a claim holds; a worker that dies leaves its claims to be re-taken after this.</summary>
    public int ClaimSeconds { get; set; } = 120;
    public int PollSeconds { get; set; } = 2;

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1, given a jitter draw in [0, 1).</summary>
    public TimeSpan Backoff(int attempts, double jitter)
    {
        var seconds = Math.Min(MaxDelaySeconds, BaseDelaySeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
        return TimeSpan.FromSeconds(Math.Min(MaxDelaySeconds, seconds * (1 + 0.25 * jitter)));
    }
}
