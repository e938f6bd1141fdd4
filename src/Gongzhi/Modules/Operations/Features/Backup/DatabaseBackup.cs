using System.Data;
using Gongzhi.Infrastructure.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gongzhi.Modules.Operations.Features.Backup;

/// <summary>
/// Writes a backup of the configured database while the application keeps serving. SQLite: <c>VACUUM INTO</c> a
/// scratch file — one read transaction, so a consistent snapshot even while WAL writers commit, never a copy of the live
/// files. PostgreSQL: <c>pg_dump --format=custom</c> on a snapshot exported from a repeatable-read transaction in which
/// the row counts of the manifest are taken too, so counts and dump describe the same moment.
/// </summary>
public sealed class DatabaseBackup(DatabaseInfo database, IOptions<BackupOptions> options, TimeProvider clock, ILogger<DatabaseBackup> log)
{
    public async Task<BackupManifest> WriteAsync(string target, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(folder);
        var scratch = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.payload");
        try
        {
            var manifest = database.Provider == DatabaseProvider.Sqlite
                ? await SnapshotSqliteAsync(scratch, ct)
                : await DumpPostgresAsync(scratch, ct);
            manifest = await BackupArchive.WriteAsync(target, scratch, manifest, ct);
            log.LogInformation("Backup written to {File}: schema {Schema}, {Rows} rows in {Tables} tables", target, manifest.SchemaVersion,
                manifest.RowCounts.Values.Sum(), manifest.RowCounts.Count);
            return manifest;
        }
        finally
        {
            foreach (var file in new[] { scratch, scratch + "-wal", scratch + "-shm", scratch + "-journal" }) File.Delete(file);
        }
    }

    private BackupManifest Manifest(string kind, string schema, IReadOnlyDictionary<string, long> counts) =>
        new(BackupManifest.FormatName, BackupManifest.CurrentFormatVersion, database.Provider.ToString(), kind, schema, clock.GetUtcNow(),
            BackupManifest.ThisAppVersion, counts, 0, "");

    private async Task<BackupManifest> SnapshotSqliteAsync(string scratch, CancellationToken ct)
    {
        var source = new SqliteConnectionStringBuilder(database.ConnectionString);
        if (!File.Exists(source.DataSource)) throw new OperationFailed($"No database at {source.DataSource}: nothing to back up.");
        source.Mode = SqliteOpenMode.ReadWrite; // never create an empty database by backing up a wrong path
        await using (var connection = new SqliteConnection(source.ToString()))
        {
            await connection.OpenAsync(ct);
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $target";
            vacuum.CommandTimeout = 0;
            vacuum.Parameters.AddWithValue("$target", scratch);
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        // The copy is read, counted and made a single self-contained file (no WAL) before it goes into the archive.
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = scratch, Pooling = false }.ToString());
        await copy.OpenAsync(ct);
        await using (var journal = DatabaseInventory.Command(copy, null, "PRAGMA journal_mode=DELETE"))
            await journal.ExecuteNonQueryAsync(ct);
        var schema = await DatabaseInventory.SchemaVersionAsync(copy, DatabaseProvider.Sqlite, null, ct)
                     ?? throw new OperationFailed("The database has no schema yet (run the migrate verb): nothing to back up.");
        var counts = await DatabaseInventory.RowCountsAsync(copy, DatabaseProvider.Sqlite, null, ct);
        return Manifest(BackupManifest.SqliteDatabase, schema, counts);
    }

    private async Task<BackupManifest> DumpPostgresAsync(string scratch, CancellationToken ct)
    {
        var pgDump = PgTools.Require("pg_dump", options.Value.PgDumpPath, "Backup:PgDumpPath");
        var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var connection = new NpgsqlConnection(cs.ConnectionString);
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string snapshot;
        await using (var export = DatabaseInventory.Command(connection, tx, "SELECT pg_export_snapshot()"))
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        var schema = await DatabaseInventory.SchemaVersionAsync(connection, DatabaseProvider.Postgres, tx, ct)
                     ?? throw new OperationFailed("The database has no schema yet (run the migrate verb): nothing to back up.");
        var counts = await DatabaseInventory.RowCountsAsync(connection, DatabaseProvider.Postgres, tx, ct);
        // The exported snapshot lives as long as this transaction: pg_dump reads exactly what was counted.
        await PgTools.RunAsync(pgDump, ["--format=custom", "--no-password", $"--snapshot={snapshot}", $"--file={scratch}"], cs, ct);
        await tx.CommitAsync(ct);
        return Manifest(BackupManifest.PgDumpCustom, schema, counts);
    }
}
