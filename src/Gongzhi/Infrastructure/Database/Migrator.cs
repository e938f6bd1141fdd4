using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Infrastructure.Database;

/// <summary>Applies pending migrations (each in its own transaction) and reports whether the schema is current.</summary>
public sealed class Migrator(GongzhiDb db, ILogger<Migrator> log)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (db.Database.IsSqlite())
        {
            await using var connection = new SqliteConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(ct);
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync(ct);
        }
        var pending = await PendingAsync(ct);
        if (pending.Count == 0)
        {
            log.LogInformation("Database schema is current");
            return;
        }
        log.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(ct);
    }

    public async Task<bool> IsCurrentAsync(CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct) && (await PendingAsync(ct)).Count == 0;

    /// <summary>On an empty database every migration is pending; asking EF then would log a failed query.</summary>
    private async Task<List<string>> PendingAsync(CancellationToken ct) =>
        await db.GetService<IHistoryRepository>().ExistsAsync(ct)
            ? [.. await db.Database.GetPendingMigrationsAsync(ct)]
            : [.. db.Database.GetMigrations()];
}
