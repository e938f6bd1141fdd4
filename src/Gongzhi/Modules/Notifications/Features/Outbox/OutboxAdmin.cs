using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications.Features.Outbox;

public sealed record OutboxItem(long Id, long NotificationId, string Kind, string Module, string Title, DeliveryChannel Channel, DeliveryState State,
    string? Address, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);

public sealed record OutboxCount(DeliveryChannel Channel, DeliveryState State, int Count);

public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items, int Total, IReadOnlyList<OutboxCount> Counts);

public sealed record AttemptView(long Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, AttemptOutcome Outcome, string? Response, string? Worker);

/// <summary>The admin's view of the outbox: deliveries by channel and state (addresses masked), their attempts, retry of dead ones.</summary>
public sealed class OutboxAdmin(GongzhiDb db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<OutboxPage> ListAsync(DeliveryChannel? channel, DeliveryState? state, int page, int pageSize, CancellationToken ct)
    {
        var query = db.NotificationDeliveries.AsQueryable();
        if (channel is not null) query = query.Where(d => d.Channel == channel);
        if (state is not null) query = query.Where(d => d.State == state);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(d => d.Id).Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize)).Take(pageSize)
            .Select(d => new OutboxItem(d.Id, d.NotificationId, d.Notification.Kind, d.Notification.Module, d.Notification.Title, d.Channel, d.State,
                d.AddressMasked, d.Attempts, d.Notification.CreatedAt, d.NextAttemptAt, d.SentAt, d.LastError))
            .ToListAsync(ct);
        var counts = await db.NotificationDeliveries.GroupBy(d => new { d.Channel, d.State })
            .Select(g => new OutboxCount(g.Key.Channel, g.Key.State, g.Count())).ToListAsync(ct);
        return new OutboxPage(items, total, [.. counts.OrderBy(c => c.Channel).ThenBy(c => c.State)]);
    }

    public async Task<IReadOnlyList<AttemptView>> AttemptsAsync(long deliveryId, CancellationToken ct)
    {
        if (!await db.NotificationDeliveries.AnyAsync(d => d.Id == deliveryId, ct)) throw AppProblem.NotFound(l["Not found."]);
        return await db.DeliveryAttempts.Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id)
            .Select(a => new AttemptView(a.Id, a.StartedAt, a.FinishedAt, a.Outcome, a.Response, a.Worker)).ToListAsync(ct);
    }

    /// <summary>Queues a dead delivery again with a fresh count of attempts (audited).</summary>
    public async Task RetryAsync(long deliveryId, CancellationToken ct)
    {
        var d = await db.NotificationDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct) ?? throw AppProblem.NotFound(l["Not found."]);
        if (d.State != DeliveryState.Dead) throw AppProblem.Conflict(l["Only a dead delivery can be retried."]);
        d.State = DeliveryState.Queued;
        d.Attempts = 0;
        d.NextAttemptAt = clock.GetUtcNow();
        d.LastError = null;
        audit.Record("notification.retry", "NotificationDelivery", d.Id.ToString(), d.Channel.ToString());
        await db.SaveChangesAsync(ct);
    }
}
