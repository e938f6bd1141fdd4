using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Senders;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Notifications.Features.Dispatch;

/// <summary>
/// Providers' send limits (a WeCom robot's 20 a minute, an SMS account's sends per second) counted in the database, so
/// that every app node draws on the same allowance. A sliding window: a permit is given when fewer than
/// <see cref="RateLimit.Count"/> sends of the key fall within the last <see cref="RateLimit.Per"/>; otherwise the answer
/// is when the oldest of them leaves the window. Takers of one key queue on its row's lock (PostgreSQL) or on the
/// database's write lock (SQLite), so two nodes cannot both see room for the last permit.
/// </summary>
public sealed class ChannelRateGate(IServiceProvider services, TimeProvider clock)
{
    /// <summary>Takes a permit: null when given, otherwise the time from which one may be.</summary>
    public Task<DateTimeOffset?> TryTakeAsync(RateLimit limit, CancellationToken ct) => services.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Database.ExecuteSqlAsync($"""UPDATE channel_rate_keys SET "Taken" = "Taken" + 1 WHERE "Key" = {limit.Key}""", ct) == 0)
        {
            await db.Database.ExecuteSqlAsync($"""INSERT INTO channel_rate_keys ("Key", "Taken") VALUES ({limit.Key}, 0) ON CONFLICT DO NOTHING""", ct);
            await db.Database.ExecuteSqlAsync($"""UPDATE channel_rate_keys SET "Taken" = "Taken" + 1 WHERE "Key" = {limit.Key}""", ct);
        }
        var now = clock.GetUtcNow();
        var since = now - limit.Per;
        await db.ChannelRateSends.Where(s => s.Key == limit.Key && s.At <= since).ExecuteDeleteAsync(ct);
        var recent = await db.ChannelRateSends.Where(s => s.Key == limit.Key).OrderByDescending(s => s.At)
            .Select(s => s.At).Take(limit.Count).ToListAsync(ct);
        if (recent.Count >= limit.Count)
        {
            await tx.RollbackAsync(ct);
            return (DateTimeOffset?)(recent[^1] + limit.Per);
        }
        db.ChannelRateSends.Add(new ChannelRateSend { Key = limit.Key, At = now });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    });
}
