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
    private readonly ChannelRateGate _gate = new(services, clock);
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
            await SendBatchAsync(db, claimed, senders, sp.GetRequiredService<PersonalDataProtector>(), ct);
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

    /// <summary>One provider call, after the provider's limit (counted across nodes) has given a permit.</summary>
    private async Task<SendResult> SendAsync(IChannelSender sender, ChannelMessage message, CancellationToken ct)
    {
        if (sender.Limit(message) is { } limit && await _gate.TryTakeAsync(limit, ct) is { } notBefore)
            return new SendResult(SendStatus.Deferred, "rate limit", notBefore);
        return await sender.SendAsync(message, ct);
    }

    /// <summary>
    /// What a call that threw means. An open circuit (the provider failed repeatedly of late) sent nothing: the delivery
    /// waits, without an attempt. A timeout may have reached the provider: on a channel that cannot deduplicate it is
    /// not repeated blindly but left dead for an admin. Anything else (connection refused, a reset) is retried.
    /// </summary>
    internal SendResult Classify(Exception ex, IChannelSender sender)
    {
        var reason = ex.GetType().Name + ": " + ex.Message;
        return ex switch
        {
            Polly.CircuitBreaker.BrokenCircuitException =>
                new SendResult(SendStatus.Deferred, reason, clock.GetUtcNow().AddSeconds(options.Value.ProviderBreakSeconds)),
            Polly.Timeout.TimeoutRejectedException or TaskCanceledException when !sender.Idempotent =>
                new SendResult(SendStatus.GiveUp, "Outcome unknown (the provider did not answer in time); not repeated because the channel cannot deduplicate. " + reason),
            _ => new SendResult(SendStatus.Retry, reason),
        };
    }

    private static IQueryable<NotificationDelivery> Due(GongzhiDb db, DateTimeOffset now) =>
        db.NotificationDeliveries.Where(d => (d.State == DeliveryState.Queued && d.NextAttemptAt <= now)
                                             || (d.State == DeliveryState.Sending && d.ClaimedUntil <= now));

    /// <summary>
    /// Sends a claimed batch with two saves in all, whatever its size: the first records every attempt (and every
    /// delivery that is dead before a call) before any provider is called, so at-most-once per channel holds for the
    /// whole batch; then the calls; then the second save records every outcome. A failure between the two leaves
    /// the attempts unfinished: the claims expire and the outcome is treated as unknown, as for a worker that died.
    /// </summary>
    private async Task SendBatchAsync(GongzhiDb db, List<NotificationDelivery> claimed, Dictionary<DeliveryChannel, IChannelSender> senders,
        PersonalDataProtector protector, CancellationToken ct)
    {
        var o = options.Value;
        var ids = claimed.Select(d => d.Id).ToList();
        // One query for the whole batch: attempts left unfinished by a worker that stopped during the call.
        var unfinished = (await db.DeliveryAttempts.Where(a => ids.Contains(a.DeliveryId) && a.FinishedAt == null).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        var calls = new List<(NotificationDelivery Delivery, DeliveryAttempt Attempt, IChannelSender Sender, ChannelMessage? Message, string? Unprepared)>(claimed.Count);
        foreach (var delivery in claimed)
        {
            if (!senders.TryGetValue(delivery.Channel, out var sender))
            {
                Finish(delivery, DeliveryState.Dead, "No sender for this channel.");
                metrics.Dead(delivery.Channel);
                continue;
            }
            if (unfinished.Contains(delivery.Id))
            {
                foreach (var a in unfinished[delivery.Id]) { a.FinishedAt = clock.GetUtcNow(); a.Outcome = AttemptOutcome.Unknown; a.Response = "The worker stopped during the call."; }
                if (!sender.Idempotent)
                {
                    Finish(delivery, DeliveryState.Dead, "Outcome unknown (a worker stopped during the call); not repeated because the channel cannot deduplicate.");
                    metrics.Dead(delivery.Channel);
                    continue;
                }
            }
            // Prepared here, one by one, so that the calls below touch nothing but the senders. A message that cannot
            // be prepared (an address that does not decrypt) counts as a failed attempt, as before batching.
            ChannelMessage? message = null;
            string? unprepared = null;
            try { message = Message(delivery, protector); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Delivery {Id} could not be prepared.", delivery.Id);
                unprepared = ex.GetType().Name + ": " + ex.Message;
            }
            var attempt = new DeliveryAttempt { DeliveryId = delivery.Id, StartedAt = clock.GetUtcNow(), Worker = Worker };
            db.DeliveryAttempts.Add(attempt);
            delivery.Attempts++;
            calls.Add((delivery, attempt, sender, message, unprepared));
        }
        await db.SaveChangesAsync(ct);
        if (calls.Count == 0) return;

        // The calls run side by side (the providers are remote; a batch waits on the network, not on this CPU), but
        // deliveries to one WeCom robot stay in order, since its rate limit decides which of them waits.
        var results = new (SendResult Result, double Seconds)[calls.Count];
        var lanes = Enumerable.Range(0, calls.Count)
            .GroupBy(i => (calls[i].Delivery.Channel, calls[i].Delivery.Channel == DeliveryChannel.WeCom ? calls[i].Delivery.Address : calls[i].Delivery.Id.ToString()))
            .Select(g => g.ToList()).ToList();
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.SendConcurrency), CancellationToken = ct }, async (lane, token) =>
        {
            foreach (var i in lane)
            {
                var started = Stopwatch.GetTimestamp();
                SendResult result;
                try { result = calls[i].Message is { } m ? await SendAsync(calls[i].Sender, m, token) : new SendResult(SendStatus.Retry, calls[i].Unprepared); }
                catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    result = Classify(ex, calls[i].Sender);
                }
                results[i] = (result, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        });

        var now = clock.GetUtcNow();
        for (var i = 0; i < calls.Count; i++)
        {
            var (delivery, attempt, _, _, _) = calls[i];
            var (result, seconds) = results[i];
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
                continue;
            }
            metrics.Attempted(delivery.Channel, seconds, result.Status == SendStatus.Sent);
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
        }
        // The common outcome, sent, is written set-based: one UPDATE for the batch's deliveries and one per distinct
        // provider answer for their attempts, instead of one UPDATE per row from the change tracker. In one
        // transaction with the other outcomes, so a batch's outcomes are recorded together or not at all.
        var sent = calls.Where(c => c.Delivery.State == DeliveryState.Sent && c.Attempt.Outcome == AttemptOutcome.Sent).ToList();
        if (sent.Count < 2)
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var sentIds = sent.Select(c => c.Delivery.Id).ToList();
        await db.NotificationDeliveries.Where(d => sentIds.Contains(d.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.State, DeliveryState.Sent).SetProperty(d => d.SentAt, now).SetProperty(d => d.LastError, (string?)null)
            .SetProperty(d => d.ClaimedBy, (string?)null).SetProperty(d => d.ClaimedUntil, (DateTimeOffset?)null), ct);
        foreach (var answer in sent.GroupBy(c => c.Attempt.Response))
        {
            var attemptIds = answer.Select(c => c.Attempt.Id).ToList();
            await db.DeliveryAttempts.Where(a => attemptIds.Contains(a.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.FinishedAt, now).SetProperty(a => a.Outcome, AttemptOutcome.Sent).SetProperty(a => a.Response, answer.Key), ct);
        }
        foreach (var (delivery, attempt, _, _, _) in sent)
        {
            db.Entry(delivery).State = EntityState.Unchanged; // already written above
            db.Entry(attempt).State = EntityState.Unchanged;
        }
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
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
