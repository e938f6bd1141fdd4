using System.Diagnostics;
using System.Text.Json;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features.Enqueue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notifications.Features.Dispatch;

/// <summary>
/// Claims due deliveries in batches and sends them, recording every attempt. On PostgreSQL the claim is one
/// <c>UPDATE … WHERE Id IN (SELECT … FOR UPDATE SKIP LOCKED)</c>, so several app nodes never take the same row; on
/// SQLite (one node) a process-wide lock makes it the one writer. A claim lasts <see cref="NotificationOptions.ClaimSeconds"/>;
/// a worker that dies leaves its claims to be re-taken then. An attempt is written (and committed) before the
/// provider is called: finding it unfinished on a re-taken claim means the outcome is unknown, and a channel without
/// idempotency is then not called again (dead, for an admin to retry).
/// </summary>
public sealed class OutboxDispatcher(IServiceProvider services, TimeProvider clock, IOptions<NotificationOptions> options,
    NotificationMetrics metrics, ILogger<OutboxDispatcher> log)
{
    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);
    private long _claims;
    public string Worker { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Claims and sends one batch; answers how many deliveries it handled (0: nothing due).</summary>
    public Task<int> DispatchOnceAsync(CancellationToken ct) => DispatchOnceAsync(null, ct);

    /// <summary>The same with the given senders in place of the registered ones (tests).</summary>
    internal Task<int> DispatchOnceAsync(IReadOnlyList<IChannelSender>? senderOverride, CancellationToken ct) => services.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var sqlite = db.Database.IsSqlite();
        if (sqlite) await SqliteWriter.WaitAsync(ct);
        try
        {
            var claimed = await ClaimAsync(db, ct);
            if (claimed.Count == 0) return 0;
            var senders = sp.GetServices<IChannelSender>().ToDictionary(s => s.Channel);
            foreach (var s in senderOverride ?? []) senders[s.Channel] = s;
            var protector = sp.GetRequiredService<PersonalDataProtector>();
            var ids = claimed.Select(d => d.Id).ToList();
            var interrupted = (await db.DeliveryAttempts.Where(a => ids.Contains(a.DeliveryId) && a.FinishedAt == null).Select(a => a.DeliveryId).ToListAsync(ct)).ToHashSet();
            foreach (var delivery in claimed)
            {
                try { await SendAsync(db, delivery, senders, protector, interrupted.Contains(delivery.Id), ct); }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    // Drop what this delivery left unsaved; the others stay tracked. Its claim expires and it is taken again.
                    log.LogError(ex, "Delivery {Id} could not be processed.", delivery.Id);
                    foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
                        entry.State = EntityState.Detached;
                }
            }
            return claimed.Count;
        }
        finally
        {
            if (sqlite) SqliteWriter.Release();
        }
    });

    /// <summary>Counts what waits (queued, sending, dead) per channel for the <c>gongzhi_outbox_queue_depth</c> gauge.</summary>
    public Task RefreshDepthAsync(CancellationToken ct) => services.AsSystemAsync(async sp =>
    {
        var counts = await sp.GetRequiredService<GongzhiDb>().NotificationDeliveries
            .Where(d => d.State == DeliveryState.Queued || d.State == DeliveryState.Sending || d.State == DeliveryState.Dead)
            .GroupBy(d => new { d.Channel, d.State }).Select(g => new { g.Key.Channel, g.Key.State, Count = g.LongCount() }).ToListAsync(ct);
        metrics.SetDepth(counts.ToDictionary(c => (c.Channel, c.State), c => c.Count));
    });

    private async Task<List<NotificationDelivery>> ClaimAsync(GongzhiDb db, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var until = now.AddSeconds(o.ClaimSeconds);
        var token = $"{Worker}:{Interlocked.Increment(ref _claims)}"; // this batch's claims, whatever the database's time precision
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"""
                UPDATE notification_deliveries SET "State" = 1, "ClaimedBy" = {token}, "ClaimedUntil" = {until}
                WHERE "Id" IN (SELECT "Id" FROM notification_deliveries
                               WHERE ("State" = 0 AND "NextAttemptAt" <= {now}) OR ("State" = 1 AND "ClaimedUntil" <= {now})
                               ORDER BY "NextAttemptAt" LIMIT {o.BatchSize} FOR UPDATE SKIP LOCKED)
                """, ct);
        }
        else
        {
            var ids = await Due(db, now).OrderBy(d => d.NextAttemptAt).Take(o.BatchSize).Select(d => d.Id).ToListAsync(ct);
            if (ids.Count == 0) return [];
            await Due(db, now).Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Sending).SetProperty(d => d.ClaimedBy, token).SetProperty(d => d.ClaimedUntil, until), ct);
        }
        return await db.NotificationDeliveries.Include(d => d.Notification)
            .Where(d => d.State == DeliveryState.Sending && d.ClaimedBy == token)
            .OrderBy(d => d.Id).ToListAsync(ct);
    }

    private static IQueryable<NotificationDelivery> Due(GongzhiDb db, DateTimeOffset now) =>
        db.NotificationDeliveries.Where(d => (d.State == DeliveryState.Queued && d.NextAttemptAt <= now)
                                             || (d.State == DeliveryState.Sending && d.ClaimedUntil <= now));

    private async Task SendAsync(GongzhiDb db, NotificationDelivery delivery, Dictionary<DeliveryChannel, IChannelSender> senders,
        PersonalDataProtector protector, bool interrupted, CancellationToken ct)
    {
        var o = options.Value;
        if (!senders.TryGetValue(delivery.Channel, out var sender))
        {
            Finish(delivery, DeliveryState.Dead, "No sender for this channel.");
            metrics.Dead(delivery.Channel);
            await db.SaveChangesAsync(ct);
            return;
        }
        var unfinished = interrupted ? await db.DeliveryAttempts.Where(a => a.DeliveryId == delivery.Id && a.FinishedAt == null).ToListAsync(ct) : [];
        if (unfinished.Count > 0)
        {
            foreach (var a in unfinished) { a.FinishedAt = clock.GetUtcNow(); a.Outcome = AttemptOutcome.Unknown; a.Response = "The worker stopped during the call."; }
            if (!sender.Idempotent)
            {
                Finish(delivery, DeliveryState.Dead, "Outcome unknown (a worker stopped during the call); not repeated because the channel cannot deduplicate.");
                metrics.Dead(delivery.Channel);
                await db.SaveChangesAsync(ct);
                return;
            }
        }

        var attempt = new DeliveryAttempt { DeliveryId = delivery.Id, StartedAt = clock.GetUtcNow(), Worker = Worker };
        db.DeliveryAttempts.Add(attempt);
        delivery.Attempts++;
        await db.SaveChangesAsync(ct);

        SendResult result;
        var started = Stopwatch.GetTimestamp();
        try
        {
            result = await sender.SendAsync(Message(delivery, protector), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            result = new SendResult(SendStatus.Retry, ex.GetType().Name + ": " + ex.Message);
        }
        var now = clock.GetUtcNow();
        attempt.FinishedAt = now;
        attempt.Response = Truncate(result.Response, 1000);
        if (result.Status == SendStatus.Deferred)
        {
            // Our own rate limit: not an attempt at all.
            db.DeliveryAttempts.Remove(attempt);
            delivery.Attempts--;
            delivery.State = DeliveryState.Queued;
            delivery.NextAttemptAt = result.NotBefore ?? now.AddSeconds(1);
            delivery.ClaimedBy = null;
            delivery.ClaimedUntil = null;
            await db.SaveChangesAsync(ct);
            return;
        }
        metrics.Attempted(delivery.Channel, Stopwatch.GetElapsedTime(started).TotalSeconds, result.Status == SendStatus.Sent);
        switch (result.Status)
        {
            case SendStatus.Sent:
                attempt.Outcome = AttemptOutcome.Sent;
                Finish(delivery, DeliveryState.Sent, null);
                delivery.SentAt = now;
                metrics.Sent(delivery.Channel);
                break;
            case SendStatus.GiveUp:
                attempt.Outcome = AttemptOutcome.Rejected;
                Finish(delivery, DeliveryState.Dead, result.Response);
                metrics.Dead(delivery.Channel);
                break;
            default:
                attempt.Outcome = AttemptOutcome.Failed;
                if (delivery.Attempts >= o.MaxAttempts)
                {
                    Finish(delivery, DeliveryState.Dead, result.Response);
                    metrics.Dead(delivery.Channel);
                }
                else
                {
                    Finish(delivery, DeliveryState.Queued, result.Response);
                    delivery.NextAttemptAt = now + o.Backoff(delivery.Attempts, Random.Shared.NextDouble());
                }
                break;
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Finish(NotificationDelivery delivery, DeliveryState state, string? error)
    {
        delivery.State = state;
        delivery.LastError = Truncate(error, 1000);
        delivery.ClaimedBy = null;
        delivery.ClaimedUntil = null;
    }

    private static ChannelMessage Message(NotificationDelivery d, PersonalDataProtector protector)
    {
        var n = d.Notification;
        var address = d.Channel is DeliveryChannel.Sms or DeliveryChannel.Email && d.Address is not null ? protector.Decrypt(d.Address) : d.Address ?? "";
        var options = d.Options is null ? null : JsonSerializer.Deserialize<WeComDeliveryOptions>(d.Options);
        var mobiles = options?.MentionedMobiles is { } m ? protector.Decrypt(m).Split(',') : null;
        return new ChannelMessage(d.Id, address, n.Title, n.Body, n.Link, n.Kind, n.DedupKey + "|" + d.Channel, options?.Markdown ?? false, mobiles);
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}

/// <summary>Runs the dispatcher in the background: a batch, then another at once while there is work, else a pause.</summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, TimeProvider clock, IOptions<NotificationOptions> options, ILogger<OutboxWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.Value.Dispatch) return;
        await Task.Yield();
        var depthAt = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            if (clock.GetUtcNow() - depthAt >= TimeSpan.FromSeconds(30))
            {
                depthAt = clock.GetUtcNow();
                try { await dispatcher.RefreshDepthAsync(ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { log.LogWarning(ex, "The outbox depth could not be counted."); }
            }
            var handled = 0;
            try { handled = await dispatcher.DispatchOnceAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex) { log.LogWarning(ex, "The outbox dispatcher failed a round; trying again."); }
            if (handled == 0)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), clock, ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
