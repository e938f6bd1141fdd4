using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// Per-connection SQLite settings: a 32 MB page cache (the default 2 MB thrashes once the registry has a million
/// rows), and synchronous=NORMAL, the recommended setting with WAL: the database stays consistent after a crash,
/// and only the last transactions before a power loss may be lost.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA cache_size=-32768; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// A long write on SQLite (a registry import): the context keeps one connection for the whole run, with a larger page
/// cache and WAL checkpoints every ~80 MB instead of every 4 MB, so that pages of the hash indexes that every batch
/// touches are read and written back once per several batches rather than once per batch. Both are restored when the
/// run ends (the connection returns to the pool with the usual cache). Nothing on PostgreSQL.
/// </summary>
public static class SqliteBulkWrite
{
    public const int CacheMegabytes = 128;

    public static async Task<IAsyncDisposable> BeginAsync(GongzhiDb db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return Nothing.Instance;
        await db.Database.OpenConnectionAsync(ct);
        await Run(db, $"PRAGMA cache_size=-{CacheMegabytes * 1024}; PRAGMA wal_autocheckpoint=20000;", ct);
        return new Session(db);
    }

    private static async Task Run(GongzhiDb db, string pragmas, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed class Session(GongzhiDb db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { await Run(db, "PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=1000; PRAGMA shrink_memory;", default); }
            finally { await db.Database.CloseConnectionAsync(); }
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
