using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// SQLite has one writer per database file. Left to itself, a second writer's <c>BEGIN IMMEDIATE</c> is answered
/// "busy" and Microsoft.Data.Sqlite retries it after sleeping a thread for 150 ms, again and again: under a few dozen
/// concurrent submissions most of the time went to those sleeps (a quarter of all thread time in a profile) and the
/// blocked pool threads. Here writers queue instead, in order and without holding a thread, for a process-wide gate
/// per file: a transaction waits for the gate before it begins and gives it back when it commits, rolls back, fails,
/// or its connection closes. Every save runs in a transaction on SQLite (see <see cref="GongzhiDb"/>), so every
/// tracked write passes the gate. Waiting longer than the connection's timeout fails as SQLite's "busy" would.
/// </summary>
public sealed class SqliteWriteGate(string dataSource, TimeSpan timeout) : DbTransactionInterceptor, IDbConnectionInterceptor
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = Gates.GetOrAdd(dataSource, _ => new SemaphoreSlim(1, 1));

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (Holder(eventData.Context) is { HeldWriteGate: null } db)
        {
            if (!_gate.Wait(timeout)) throw Busy();
            db.HeldWriteGate = _gate;
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken ct = default)
    {
        if (Holder(eventData.Context) is { HeldWriteGate: null } db)
        {
            if (!await _gate.WaitAsync(timeout, ct)) throw Busy();
            db.HeldWriteGate = _gate;
        }
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ReleaseUnlessActive(eventData.Context);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken ct = default)
    {
        ReleaseUnlessActive(eventData.Context);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback ends when its connection closes.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private static void ReleaseUnlessActive(DbContext? context)
    {
        // A failed commit may leave the transaction open until it is rolled back; a failed begin leaves none.
        if (context is not null && context.Database.CurrentTransaction is null) Release(context);
    }

    private static void Release(DbContext? context) => Holder(context)?.ReleaseWriteGate();

    private static GongzhiDb? Holder(DbContext? context) => context as GongzhiDb;

    private static TimeoutException Busy() =>
        new("The database stayed busy with other writes for longer than the timeout (SQLite writes one transaction at a time).");
}
