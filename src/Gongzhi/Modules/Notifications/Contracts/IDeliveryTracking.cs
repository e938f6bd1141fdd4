namespace Gongzhi.Modules.Notifications.Contracts;

/// <summary>
/// What a sender may learn and change about the messages it enqueued under one <see cref="OutgoingMessage.Key"/>
/// (every recipient's message of, say, one notice), without reading the outbox's tables.
/// </summary>
public interface IDeliveryTracking
{
    /// <summary>
    /// Adds to the caller's unit of work: the deliveries of the key's messages still queued become cancelled (never
    /// sent) in the transaction of the caller's next <c>SaveChangesAsync</c>. One already being sent finishes.
    /// </summary>
    void CancelQueued(string key);

    /// <summary>Per channel: recipients, sent, failed (dead), pending (queued or sending), cancelled, read (in-app).</summary>
    Task<IReadOnlyList<ChannelReport>> ReportAsync(string key, CancellationToken ct);

    /// <summary>
    /// The keys starting with <paramref name="keyPrefix"/> (e.g. <c>notice:</c>) whose in-app message to the account
    /// has been read: a resident's read state of a sender's messages.
    /// </summary>
    Task<IReadOnlySet<string>> ReadKeysAsync(string userId, string keyPrefix, CancellationToken ct);

    /// <summary>The account read the key's message elsewhere (e.g. opened the notice's page): its in-app message is read.</summary>
    Task MarkReadAsync(string userId, string key, CancellationToken ct);
}

public sealed record ChannelReport(Channels Channel, int Recipients, int Sent, int Failed, int Pending, int Cancelled, int Read);
