using System.Text.Json;
using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features.Templates;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notifications.Features.Enqueue;

/// <summary>
/// <see cref="INotifier"/>: resolves the recipients, renders the text in each one's language and adds a notification
/// with one delivery per channel to the caller's unit of work (not saved here). In-app is delivered by the commit itself.
/// </summary>
internal sealed partial class Notifier(GongzhiDb db, IAccountDirectory accounts, TemplateService templates, PersonalDataProtector protector,
    TimeProvider clock, NotificationMetrics metrics, IOptions<NotificationOptions> options, IStringLocalizer<SharedResource> l) : INotifier
{
    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePhone();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailAddress();

    public static bool IsMobile(string? phone) => phone is not null && MobilePhone().IsMatch(phone);

    /// <summary>
    /// From this many new notifications in one call on, they are written by <see cref="BulkOutbox"/> in the save's
    /// transaction instead of being tracked: a street-wide notice, not a message to a few staff.
    /// </summary>
    internal const int BulkFrom = 500;

    /// <summary>Keys (and stored queries) go to the database in pieces: SQLite takes at most 32,766 parameters.</summary>
    private const int Chunk = 2_000;

    /// <summary>Keys this unit of work holds for the bulk path, so that a second call in it deduplicates against them.</summary>
    private readonly HashSet<string> _bulkKeys = [];

    private sealed record Target(string Token, string? UserId, long? ResidentId, string Culture, string? Phone, string? Email, Recipient.WeComGroup? Group);

    public async Task EnqueueAsync(OutgoingMessage message, CancellationToken ct)
    {
        var kind = templates.Kind(message.Kind) ?? throw new InvalidOperationException($"Notification kind '{message.Kind}' is not declared.");
        if (string.IsNullOrWhiteSpace(message.Key) || message.Key.Length > 200)
            throw new ArgumentException("A deduplication key of 1 to 200 characters is required.", nameof(message));
        foreach (var r in message.To.OfType<Recipient.Resident>())
            if (message.Channels.HasFlag(Channels.Sms) && r.Phone is not null && !IsMobile(r.Phone))
                throw AppProblem.Invalid("phone", l["{0} is not a mobile phone number.", Masking.Phone(r.Phone)]);

        var targets = await ResolveAsync(message.To, ct);
        var now = clock.GetUtcNow();
        var keys = targets.Select(t => message.Key + "|" + t.Token).ToList();
        var existing = new HashSet<string>(_bulkKeys);
        foreach (var chunk in keys.Chunk(Chunk))
            existing.UnionWith(await db.Notifications.Where(n => chunk.Contains(n.DedupKey)).Select(n => n.DedupKey).ToListAsync(ct));
        existing.UnionWith(db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.DedupKey));
        var added = new List<Notification>();
        var rendered = new Dictionary<string, (string Title, string Body)>();
        var accountIds = targets.Where(t => t.UserId is not null).Select(t => t.UserId!).Distinct().ToList();
        var preferences = accountIds.Count == 0 ? [] : await db.NotificationPreferences.AsNoTracking()
            .Where(p => p.Kind == kind.Code && accountIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);

        foreach (var target in targets)
        {
            var key = message.Key + "|" + target.Token;
            if (!existing.Add(key)) continue;
            if (!rendered.TryGetValue(target.Culture, out var text))
                rendered[target.Culture] = text = await templates.RenderAsync(kind, target.Culture, message.Values, ct);
            var notification = new Notification
            {
                DedupKey = key, Kind = kind.Code, Module = kind.Module, RecipientUserId = target.UserId, RecipientResidentId = target.ResidentId,
                Culture = target.Culture, Title = Truncate(text.Title, 200), Body = Truncate(text.Body, 4000), Link = message.Link,
                Urgent = message.Urgent, CreatedAt = now,
            };
            var channels = message.Channels;
            if (target.UserId is not null && preferences.TryGetValue(target.UserId, out var wish))
                channels |= (wish.Sms ? Channels.Sms : 0) | (wish.Email ? Channels.Email : 0);
            if (channels.HasFlag(Channels.InApp) && target.UserId is not null)
            {
                notification.InApp = true;
                notification.Deliveries.Add(new NotificationDelivery { Channel = DeliveryChannel.InApp, State = DeliveryState.Sent, NextAttemptAt = now, SentAt = now });
            }
            if (channels.HasFlag(Channels.Sms) && IsMobile(target.Phone))
            {
                // Residents are not woken by SMS: quiet hours hold theirs back unless the message is urgent.
                var sms = Queued(DeliveryChannel.Sms, protector.Encrypt(target.Phone!), Masking.Phone(target.Phone!), now);
                if (target.ResidentId is not null && !message.Urgent) sms.NextAttemptAt = options.Value.AfterQuietHours(now);
                notification.Deliveries.Add(sms);
            }
            if (channels.HasFlag(Channels.Email) && target.Email is not null && EmailAddress().IsMatch(target.Email))
                notification.Deliveries.Add(Queued(DeliveryChannel.Email, protector.Encrypt(target.Email), MaskEmail(target.Email), now));
            if (target.Group is { } group)
            {
                var delivery = Queued(DeliveryChannel.WeCom, group.Robot, group.Robot, now);
                var mobiles = group.MentionedMobiles?.Where(m => IsMobile(m) || m == "@all").ToList() ?? [];
                delivery.Options = JsonSerializer.Serialize(new WeComDeliveryOptions(group.Markdown, mobiles.Count == 0 ? null : protector.Encrypt(string.Join(',', mobiles))));
                notification.Deliveries.Add(delivery);
            }
            if (notification.Deliveries.Count == 0) continue;
            added.Add(notification);
            foreach (var d in notification.Deliveries) metrics.Enqueued(d.Channel);
        }
        if (added.Count < BulkFrom)
            db.Notifications.AddRange(added);
        else
        {
            _bulkKeys.UnionWith(added.Select(n => n.DedupKey));
            db.WithNextSave((d, token) => BulkOutbox.WriteAsync(d, added, token));
        }
    }

    private static NotificationDelivery Queued(DeliveryChannel channel, string address, string masked, DateTimeOffset now) =>
        new() { Channel = channel, State = DeliveryState.Queued, Address = address, AddressMasked = masked, NextAttemptAt = now };

    private async Task<List<Target>> ResolveAsync(IReadOnlyList<Recipient> to, CancellationToken ct)
    {
        var targets = new List<Target>();
        var userIds = to.OfType<Recipient.Account>().Select(a => a.UserId).Distinct().ToList();
        if (userIds.Count > 0)
            targets.AddRange((await accounts.FindAsync(userIds, ct)).Select(Of));
        foreach (var roleAt in to.OfType<Recipient.RoleAt>())
            targets.AddRange((await accounts.WithRoleAtAsync(roleAt.Role, roleAt.AreaNodeId, ct)).Select(Of));
        var residents = to.OfType<Recipient.Resident>().ToList();
        if (residents.Count > 0)
        {
            var ofResidents = new Dictionary<long, AccountContact>();
            foreach (var chunk in residents.Select(r => r.ResidentId).Distinct().Chunk(Chunk))
                foreach (var (id, account) in await accounts.OfResidentsAsync(chunk, ct))
                    ofResidents[id] = account;
            foreach (var r in residents)
            {
                ofResidents.TryGetValue(r.ResidentId, out var account);
                targets.Add(new Target("r:" + r.ResidentId, account?.UserId, r.ResidentId, TemplateText.CultureOf(account?.Culture ?? r.Culture),
                    r.Phone ?? account?.Phone, account?.Email, null));
            }
        }
        foreach (var at in to.OfType<Recipient.WeComGroupsAt>())
            foreach (var robot in await db.WeComRobots.Where(r => r.AreaNodeId == at.AreaNodeId).Select(r => r.Name).ToListAsync(ct))
                targets.Add(new Target("g:" + robot, null, null, "zh-CN", null, null, new Recipient.WeComGroup(robot, at.MentionedMobiles, at.Markdown)));
        foreach (var within in to.OfType<Recipient.WeComGroupsWithin>())
            foreach (var robot in await db.WeComRobots.Where(r => r.AreaPath.StartsWith(within.AreaPath)).OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(ct))
                targets.Add(new Target("g:" + robot, null, null, "zh-CN", null, null, new Recipient.WeComGroup(robot, null, within.Markdown)));
        foreach (var g in to.OfType<Recipient.WeComGroup>())
            targets.Add(new Target("g:" + g.Robot, null, null, "zh-CN", null, null, g));
        return [.. targets.DistinctBy(t => t.Token)];
    }

    private static Target Of(AccountContact a) => new("u:" + a.UserId, a.UserId, null, TemplateText.CultureOf(a.Culture), a.Phone, a.Email, null);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@');
        return at <= 1 ? "*" + email[Math.Max(at, 0)..] : email[0] + new string('*', Math.Min(at - 1, 3)) + email[at..];
    }
}

/// <summary>What a WeCom delivery carries beside the text.</summary>
internal sealed record WeComDeliveryOptions(bool Markdown, string? MentionedMobiles)
{
    /// <summary>For a key rotation: the options with the mentioned mobiles under the current key (unchanged text when already so).</summary>
    public static string? Renew(string? json, PersonalDataProtector protector)
    {
        if (json is null || JsonSerializer.Deserialize<WeComDeliveryOptions>(json) is not { MentionedMobiles: { } mobiles } options || protector.IsCurrent(mobiles))
            return json;
        return JsonSerializer.Serialize(options with { MentionedMobiles = protector.Renew(mobiles, protector.Decrypt(mobiles)) });
    }
}
