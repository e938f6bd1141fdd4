using Gongzhi.Modules.Notifications.Domain;

namespace Gongzhi.Modules.Notifications.Senders;

/// <summary>What a channel sends: the address in clear (decrypted just before the call), the rendered text.</summary>
public sealed record ChannelMessage(long DeliveryId, string Address, string Title, string Body, string? Link, string Kind, string DedupKey,
    bool Markdown = false, IReadOnlyList<string>? MentionedMobiles = null);

public enum SendStatus
{
    Sent,
    /// <summary>Failed for now (network, throttled by the provider): retried with backoff.</summary>
    Retry,
    /// <summary>Will never work (invalid number, unknown robot): dead at once.</summary>
    GiveUp,
    /// <summary>Not tried because of our own rate limit: queued again at <see cref="SendResult.NotBefore"/>, no attempt counted.</summary>
    Deferred,
}

public sealed record SendResult(SendStatus Status, string? Response = null, DateTimeOffset? NotBefore = null)
{
    public static SendResult Ok(string? response = null) => new(SendStatus.Sent, response);
}

/// <summary>
/// One channel's sender. <see cref="Idempotent"/> says whether the provider deduplicates a repeated call itself
/// (an idempotency key); when it does not, a call whose outcome is unknown (the worker stopped during it) is not
/// repeated blindly: the delivery is dead and an admin decides.
/// </summary>
public interface IChannelSender
{
    DeliveryChannel Channel { get; }
    bool Idempotent { get; }
    Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct);

    /// <summary>The provider's limit this message counts against (none by default); the dispatcher takes the permit.</summary>
    RateLimit? Limit(ChannelMessage message) => null;

    /// <summary>What in the settings cannot work (checked at start-up and shown to admins), without calling the provider.</summary>
    IReadOnlyList<string> SettingsProblems() => [];

    /// <summary>The provider, for admins: "Aliyun SMS", "SMTP smtp.example.com:587" (no secrets).</summary>
    string Describe() => GetType().Name;
}

/// <summary>At most <paramref name="Count"/> sends per <paramref name="Per"/> to <paramref name="Key"/>, across all app nodes.</summary>
public sealed record RateLimit(string Key, int Count, TimeSpan Per);
