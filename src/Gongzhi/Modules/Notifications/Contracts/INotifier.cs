namespace Gongzhi.Modules.Notifications.Contracts;

/// <summary>
/// How a module sends a message: one call inside the unit of work that causes it. <see cref="EnqueueAsync"/> adds
/// outbox rows to the module's <c>GongzhiDb</c> without saving, so the message exists if and only if the module's own
/// <c>SaveChangesAsync</c> commits. The same <see cref="OutgoingMessage.Key"/> enqueued twice for the same recipient
/// makes one message (later calls are ignored).
/// </summary>
public interface INotifier
{
    Task EnqueueAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>
/// A message of a declared <see cref="NotificationKind"/>. <paramref name="Values"/> fill the kind's named variables;
/// the text is rendered in each recipient's language from the kind's templates.
/// </summary>
public sealed record OutgoingMessage(
    string Kind,
    string Key,
    IReadOnlyList<Recipient> To,
    IReadOnlyDictionary<string, string> Values,
    Channels Channels = Channels.InApp,
    string? Link = null,
    bool Urgent = false);

/// <summary>Whom a message goes to.</summary>
public abstract record Recipient
{
    private Recipient() { }

    /// <summary>One account (in-app; SMS and e-mail to the account's own phone and address when asked for).</summary>
    public sealed record Account(string UserId) : Recipient;

    /// <summary>Every account holding <paramref name="Role"/> bound to the area node (e.g. the community workers of 南门社区).</summary>
    public sealed record RoleAt(string Role, long AreaNodeId) : Recipient;

    /// <summary>
    /// A resident: SMS to <paramref name="Phone"/> (checked at enqueue), and in-app when the resident has an account.
    /// <paramref name="Culture"/> is used when the resident has no account.
    /// </summary>
    public sealed record Resident(long ResidentId, string? Phone, string Culture = "zh-CN") : Recipient;

    /// <summary>A WeCom group robot by name: one of an area node's robots, or one configured under <c>Notifications:WeCom:Robots:{Robot}</c>.</summary>
    public sealed record WeComGroup(string Robot, IReadOnlyList<string>? MentionedMobiles = null, bool Markdown = false) : Recipient;

    /// <summary>Every WeCom group robot of the area node (set up by admins: <c>/api/notifications/robots</c>).</summary>
    public sealed record WeComGroupsAt(long AreaNodeId, IReadOnlyList<string>? MentionedMobiles = null, bool Markdown = false) : Recipient;

    /// <summary>
    /// Every WeCom group robot of the area node whose path is <paramref name="AreaPath"/> and of the nodes below it
    /// (a street's notice reaches each of its communities' groups), within the caller's reach.
    /// </summary>
    public sealed record WeComGroupsWithin(string AreaPath, bool Markdown = false) : Recipient;

    public static Recipient Person(string userId) => new Account(userId);
    public static IEnumerable<Recipient> Residents(IEnumerable<(long Id, string? Phone)> residents) =>
        residents.Select(r => (Recipient)new Resident(r.Id, r.Phone));
}

/// <summary>The channels a message asks for; each is delivered (and fails) on its own.</summary>
[Flags]
public enum Channels
{
    InApp = 1,
    Sms = 2,
    WeCom = 4,
    Email = 8,
}

/// <summary>
/// A kind of message a module sends, with its named variables and default texts (zh-CN and en-US). Declare it with
/// <c>services.AddSingleton(new NotificationKind(…))</c> in the module's <c>AddServices</c>; admins may edit the texts,
/// using only the declared variables (<c>{name}</c>).
/// </summary>
public sealed record NotificationKind(
    string Code,
    string Module,
    IReadOnlyList<string> Variables,
    string TitleZh,
    string BodyZh,
    string TitleEn,
    string BodyEn);
