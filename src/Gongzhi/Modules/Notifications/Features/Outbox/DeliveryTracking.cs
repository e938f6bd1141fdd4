using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Notifications.Features.Outbox;

/// <summary>
/// <see cref="IDeliveryTracking"/> over the outbox: a key's messages are those whose deduplication key starts with
/// <c>key|</c> (the unique index on it serves the prefix). Cancelling is one set-based update, so withdrawing a
/// street-wide notice does not load 100,000 deliveries.
/// </summary>
internal sealed class DeliveryTracking(GongzhiDb db, TimeProvider clock) : IDeliveryTracking
{
    public void CancelQueued(string key)
    {
        var prefix = key + "|";
        db.WithNextSave(async (d, ct) => await d.NotificationDeliveries
            .Where(x => x.State == DeliveryState.Queued && x.Notification.DedupKey.StartsWith(prefix))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Cancelled).SetProperty(x => x.LastError, "Cancelled by the sender."), ct));
    }

    public async Task<IReadOnlyList<ChannelReport>> ReportAsync(string key, CancellationToken ct)
    {
        var prefix = key + "|";
        var rows = await db.NotificationDeliveries.AsNoTracking().Where(x => x.Notification.DedupKey.StartsWith(prefix))
            .GroupBy(x => new { x.Channel, x.State }).Select(g => new { g.Key.Channel, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        var read = await db.Notifications.AsNoTracking().CountAsync(n => n.DedupKey.StartsWith(prefix) && n.InApp && n.ReadAt != null, ct);
        return rows.GroupBy(r => r.Channel).OrderBy(g => g.Key).Select(g =>
        {
            int Of(params DeliveryState[] states) => g.Where(r => states.Contains(r.State)).Sum(r => r.Count);
            return new ChannelReport(ChannelOf(g.Key), g.Sum(r => r.Count), Of(DeliveryState.Sent), Of(DeliveryState.Dead),
                Of(DeliveryState.Queued, DeliveryState.Sending), Of(DeliveryState.Cancelled), g.Key == DeliveryChannel.InApp ? read : 0);
        }).ToList();
    }

    public async Task<IReadOnlySet<string>> ReadKeysAsync(string userId, string keyPrefix, CancellationToken ct)
    {
        var keys = await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientUserId == userId && n.InApp && n.ReadAt != null && n.DedupKey.StartsWith(keyPrefix)).Select(n => n.DedupKey).ToListAsync(ct);
        return keys.Select(k => k.IndexOf('|') is var bar and >= 0 ? k[..bar] : k).ToHashSet();
    }

    public Task MarkReadAsync(string userId, string key, CancellationToken ct)
    {
        var prefix = key + "|";
        var now = clock.GetUtcNow();
        return db.Notifications.Where(n => n.RecipientUserId == userId && n.InApp && n.ReadAt == null && n.DedupKey.StartsWith(prefix))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    private static Channels ChannelOf(DeliveryChannel c) => c switch
    {
        DeliveryChannel.InApp => Channels.InApp,
        DeliveryChannel.Sms => Channels.Sms,
        DeliveryChannel.WeCom => Channels.WeCom,
        _ => Channels.Email,
    };
}
