namespace Gongzhi.Modules.Notifications.Domain;

/// <summary>
/// One message to one recipient (an account, a resident or a WeCom group), rendered in the recipient's language when
/// enqueued. The inbox shows those addressed to an account with an in-app delivery.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    /// <summary>The caller's deduplication key joined with the recipient (<c>key|u:userId</c>): unique.</summary>
    public required string DedupKey { get; set; }
    public required string Kind { get; set; }
    public required string Module { get; set; }
    public string? RecipientUserId { get; set; }
    public long? RecipientResidentId { get; set; }
    public required string Culture { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }
    public bool Urgent { get; set; }
    public bool InApp { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public List<NotificationDelivery> Deliveries { get; set; } = [];
}

public enum DeliveryChannel
{
    InApp = 1,
    Sms = 2,
    WeCom = 3,
    Email = 4,
}

public enum DeliveryState
{
    Queued = 0,
    Sending = 1,
    Sent = 2,
    Dead = 3,
    /// <summary>Stopped by its sender before it went out (a withdrawn notice); never sent.</summary>
    Cancelled = 4,
}

/// <summary>
/// The delivery of a notification over one channel: claimed by a dispatcher (<see cref="ClaimedBy"/> until
/// <see cref="ClaimedUntil"/>), attempted, retried with backoff, then sent or dead. Addresses are encrypted.
/// </summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }
    public long NotificationId { get; set; }
    public Notification Notification { get; set; } = null!;
    public DeliveryChannel Channel { get; set; }
    public DeliveryState State { get; set; }
    /// <summary>Phone, e-mail address (encrypted with the personal-data key) or robot name; null in-app.</summary>
    public string? Address { get; set; }
    /// <summary>What pages and the API show (138****5678, z***@example.cn).</summary>
    public string? AddressMasked { get; set; }
    /// <summary>Channel options (WeCom: mentioned mobiles, markdown), JSON; mobiles encrypted as a whole.</summary>
    public string? Options { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public List<DeliveryAttempt> AttemptLog { get; set; } = [];
}

public enum AttemptOutcome
{
    /// <summary>Started and not finished: the worker stopped during the provider call.</summary>
    Unknown = 0,
    Sent = 1,
    Failed = 2,
    Rejected = 3,
}

/// <summary>One call to a provider, with its answer.</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public AttemptOutcome Outcome { get; set; }
    public string? Response { get; set; }
    public string? Worker { get; set; }
}

/// <summary>An admin's text for a kind in one language (the kind's defaults apply where there is none).</summary>
public sealed class NotificationTemplate
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string Culture { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>
/// A declared job's state shared by all app nodes: whether it is paused, which node holds the lease for the current
/// tick and until when, and the tick it ran last (so that missed ticks after downtime run once).
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }
    public bool Paused { get; set; }
    public string? Holder { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? LastTick { get; set; }
    public bool RunRequested { get; set; }
}

public enum JobOutcome
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
}

/// <summary>One run of a job, on whichever node took the lease.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset? Tick { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public JobOutcome Outcome { get; set; }
    public string? Error { get; set; }
    public string? Node { get; set; }
}

/// <summary>An account's wish that a kind of message also reach it by SMS and/or e-mail (in-app always).</summary>
public sealed class NotificationPreference
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    public bool Sms { get; set; }
    public bool Email { get; set; }
}

/// <summary>
/// A WeCom group robot of an area node (a community's resident group). Its webhook URL carries a key: it is stored
/// encrypted and shown masked.
/// </summary>
[System.ComponentModel.DataAnnotations.Display(Name = "WeCom robots")]
public sealed class WeComRobot : Gongzhi.Modules.Areas.Contracts.IAreaScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public required string UrlCipher { get; set; }
    public required string UrlMasked { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A rate-limited destination (a WeCom robot, the SMS provider): its row is locked by whoever takes a permit, so that
/// every app node counts the same sends.
/// </summary>
public sealed class ChannelRateKey
{
    public required string Key { get; set; }
    public long Taken { get; set; }
}

/// <summary>One send counted against a <see cref="ChannelRateKey"/>; rows older than the limit's window are removed.</summary>
public sealed class ChannelRateSend
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public DateTimeOffset At { get; set; }
}
