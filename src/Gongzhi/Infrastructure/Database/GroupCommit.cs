using System.Threading.Channels;
using Gongzhi.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// Group commit for units of work that only add rows (a resident's submission: the request, its first event, the
/// audit entry, the outbox message). On SQLite every transaction writes each page it touched to the log once, and
/// one writer goes at a time: a submission alone touches a page of each of the table's indexes, so a transaction per
/// submission spends most of its time writing the same pages again. Here a caller hands its added entities over
/// and waits; one writer takes whatever has queued meanwhile (up to <see cref="MaxBatch"/>) and saves it in one
/// transaction, through <see cref="GongzhiDb"/>'s own save rules (audit ids and the rest). If that save fails,
/// each unit is saved alone, so a bad unit fails only its own caller. On PostgreSQL, whose writers do not
/// serialise, and for anything but added rows, the caller's context simply saves.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable, IDisposable
{
    public const int MaxBatch = 64;

    private readonly IServiceProvider _services;
    private readonly ILogger<GroupCommit> _log;
    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private sealed record Unit(IReadOnlyList<object> Entities, TaskCompletionSource Done);

    public GroupCommit(IServiceProvider services, ILogger<GroupCommit> log)
    {
        _services = services;
        _log = log;
        // The writer works for every caller: it must not inherit the reach of whichever request resolved it first.
        using (ExecutionContext.SuppressFlow()) _writer = Task.Run(WriteAsync);
    }

    /// <summary>Saves what <paramref name="db"/> tracks; once this returns, the added entities carry their ids.</summary>
    public async Task SaveAsync(GongzhiDb db, CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries().ToList();
        if (!db.Database.IsSqlite() || db.Database.CurrentTransaction is not null || db.HasPendingBulkWrites
            || entries.Any(e => e.State is not (EntityState.Added or EntityState.Unchanged)))
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        var unit = new Unit([.. entries.Where(e => e.State == EntityState.Added).Select(e => e.Entity)], new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (unit.Entities.Count == 0) return;
        db.ChangeTracker.Clear();
        if (!_queue.Writer.TryWrite(unit)) throw new ObjectDisposedException(nameof(GroupCommit));
        // Not cancelled once queued: the unit is written whether or not its caller still waits.
        await unit.Done.Task;
    }

    private async Task WriteAsync()
    {
        var batch = new List<Unit>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var unit)) batch.Add(unit);
            try
            {
                await SaveTogetherAsync(batch);
                foreach (var unit in batch) unit.Done.TrySetResult();
            }
            catch (Exception e)
            {
                if (batch.Count > 1) _log.LogWarning(e, "A group of {Count} units failed to save; saving each alone.", batch.Count);
                foreach (var unit in batch) await SaveAloneAsync(unit);
            }
        }
    }

    private Task SaveTogetherAsync(IReadOnlyList<Unit> units) => _services.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        foreach (var unit in units) Attach(db, unit);
        await db.SaveChangesAsync();
    });

    private async Task SaveAloneAsync(Unit unit)
    {
        try
        {
            await _services.AsSystemAsync(async sp =>
            {
                var db = sp.GetRequiredService<GongzhiDb>();
                Attach(db, unit, resetKeys: true);
                await db.SaveChangesAsync();
            });
            unit.Done.TrySetResult();
        }
        catch (Exception e)
        {
            unit.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// Tracks each entity as added, one by one (not as a graph): the relations between them (a request and its
    /// events) are restored from their navigations; keys a failed save may have left are cleared first.
    /// </summary>
    private static void Attach(GongzhiDb db, Unit unit, bool resetKeys = false)
    {
        foreach (var entity in unit.Entities)
        {
            var entry = db.Entry(entity);
            if (resetKeys)
                foreach (var key in entry.Metadata.FindPrimaryKey()?.Properties ?? [])
                    if (key.ValueGenerated != Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never) entry.Property(key.Name).CurrentValue = key.ClrType.IsValueType ? Activator.CreateInstance(key.ClrType) : null;
            entry.State = EntityState.Added;
        }
    }

    /// <summary>Stops taking units; what has queued is still written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public void Dispose() => _queue.Writer.TryComplete();
}
