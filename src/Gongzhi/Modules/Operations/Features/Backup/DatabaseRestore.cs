using System.Data.Common;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Operations.Features.Keys;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Gongzhi.Modules.Operations.Features.Backup;

public sealed record RestoreReport(BackupManifest Manifest, string Target, bool MigratedForward, string SchemaVersion, PersonalDataCheck.Result? KeyCheck);

/// <summary>
/// Restores a backup into a database that does not exist yet, and only there: a SQLite file that is absent, a PostgreSQL
/// database the server does not have. The archive is checked first (manifest, schema version, payload checksum); the
/// restored rows are counted against the manifest; an older schema is migrated forward; and the configured personal-data
/// keys must read a sample of the encrypted columns. Anything failing leaves nothing behind: SQLite is restored into a
/// scratch file renamed at the very end, a PostgreSQL database made by the restore is dropped again.
/// </summary>
public sealed class DatabaseRestore(DatabaseInfo database, GongzhiDb db, IOptions<BackupOptions> options, KeyLocation keys,
    IServiceProvider services, ILoggerFactory logs)
{
    public async Task<RestoreReport> RestoreAsync(string file, bool checkKeys, CancellationToken ct)
    {
        var manifest = await BackupArchive.ReadManifestAsync(file, ct);
        if (!string.Equals(manifest.Provider, database.Provider.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new OperationFailed($"{file} is a backup of a {manifest.Provider} database, and the configured database is {database.Provider} " +
                                      $"(--Database:Provider). A backup is restored onto the same kind of database.");
        var migrateForward = CompareSchema(manifest.SchemaVersion);
        if (checkKeys && !keys.Present)
            throw new OperationFailed($"No personal-data keys are installed: nothing {keys.Describe()}. Install the keys this backup was made with first " +
                                      "(import-keys FILE), or restore with --Restore:SkipKeyCheck=true and install them before serving. Nothing was restored.");
        return database.Provider == DatabaseProvider.Sqlite
            ? await RestoreSqliteAsync(file, manifest, migrateForward, checkKeys, ct)
            : await RestorePostgresAsync(file, manifest, migrateForward, checkKeys, ct);
    }

    /// <summary>True when the backup is older than the app (to be migrated forward); refuses a newer or unknown schema.</summary>
    private bool CompareSchema(string version)
    {
        var known = db.Database.GetMigrations().ToList();
        var latest = known[^1];
        if (string.CompareOrdinal(version, latest) > 0)
            throw new OperationFailed($"The backup's schema ({version}) is newer than this version of Gongzhi knows (up to {latest}). " +
                                      "Restore it with the version of Gongzhi that made it, or a newer one. Nothing was restored.");
        if (!known.Contains(version))
            throw new OperationFailed($"The backup's schema ({version}) is not one this version of Gongzhi knows. Nothing was restored.");
        return version != latest;
    }

    private async Task<RestoreReport> RestoreSqliteAsync(string file, BackupManifest manifest, bool migrateForward, bool checkKeys, CancellationToken ct)
    {
        var target = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(target) || target == ":memory:") throw new OperationFailed("The configured SQLite database is not a file.");
        target = Path.GetFullPath(target);
        if (new[] { target, target + "-wal", target + "-journal" }.Any(File.Exists))
            throw new OperationFailed($"A database already exists at {target}. restore only creates a new database: move the existing one away " +
                                      "or point --ConnectionStrings:Gongzhi at a new file. Nothing was restored.");
        var scratch = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.restoring");
        var scratchCs = new SqliteConnectionStringBuilder(database.ConnectionString) { DataSource = scratch, Pooling = false }.ToString();
        try
        {
            await BackupArchive.ExtractPayloadAsync(file, manifest, scratch, ct);
            await using (var connection = new SqliteConnection(scratchCs))
            {
                await connection.OpenAsync(ct);
                await using var check = DatabaseInventory.Command(connection, null, "PRAGMA quick_check");
                if (await check.ExecuteScalarAsync(ct) as string != "ok")
                    throw new OperationFailed($"The database inside {file} fails SQLite's integrity check. Nothing was restored.");
                await CompareCountsAsync(connection, manifest, ct);
            }
            var version = migrateForward ? await MigrateAsync(scratchCs, ct) : manifest.SchemaVersion;
            PersonalDataCheck.Result? keyCheck = null;
            if (checkKeys)
            {
                await using var connection = new SqliteConnection(scratchCs);
                await connection.OpenAsync(ct);
                keyCheck = await CheckKeysAsync(connection, ct);
            }
            await using (var connection = new SqliteConnection(scratchCs))
            {
                // One self-contained file to rename; WAL is switched on again in its final place.
                await connection.OpenAsync(ct);
                await using var journal = DatabaseInventory.Command(connection, null, "PRAGMA journal_mode=DELETE");
                await journal.ExecuteNonQueryAsync(ct);
            }
            try
            {
                File.Move(scratch, target, overwrite: false);
            }
            catch (IOException ex)
            {
                throw new OperationFailed($"A database appeared at {target} while restoring; it was left as it is. Nothing was restored.", ex);
            }
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString()))
            {
                await connection.OpenAsync(ct);
                await using var wal = DatabaseInventory.Command(connection, null, "PRAGMA journal_mode=WAL");
                await wal.ExecuteNonQueryAsync(ct);
            }
            return new RestoreReport(manifest, target, migrateForward, version, keyCheck);
        }
        finally
        {
            foreach (var leftover in new[] { scratch, scratch + "-wal", scratch + "-shm", scratch + "-journal" }) File.Delete(leftover);
        }
    }

    private async Task<RestoreReport> RestorePostgresAsync(string file, BackupManifest manifest, bool migrateForward, bool checkKeys, CancellationToken ct)
    {
        var pgRestore = PgTools.Require("pg_restore", options.Value.PgRestorePath, "Backup:PgRestorePath");
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false };
        var name = target.Database;
        if (string.IsNullOrEmpty(name)) throw new OperationFailed("The configured connection string names no database (Database=…).");
        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = options.Value.MaintenanceDatabase, Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if ((long)(await exists.ExecuteScalarAsync(ct))! > 0)
                throw new OperationFailed($"The database {name} already exists on {target.Host}:{target.Port}. restore only creates a new database: " +
                                          "drop or rename the existing one, or name a new one in --ConnectionStrings:Gongzhi. Nothing was restored.");
        }
        var scratch = Path.Combine(Path.GetTempPath(), $"gongzhi-restore-{Guid.NewGuid():N}.pgdump");
        var created = false;
        try
        {
            await BackupArchive.ExtractPayloadAsync(file, manifest, scratch, ct);
            await using (var connection = new NpgsqlConnection(server.ConnectionString))
            {
                await connection.OpenAsync(ct);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseInventory.Quote(name)}", connection);
                await create.ExecuteNonQueryAsync(ct);
                created = true;
            }
            await PgTools.RunAsync(pgRestore, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password",
                $"--dbname={name}", scratch], target, ct);
            await using (var connection = new NpgsqlConnection(target.ConnectionString))
            {
                await connection.OpenAsync(ct);
                await CompareCountsAsync(connection, manifest, ct);
            }
            var version = migrateForward ? await MigrateAsync(target.ConnectionString, ct) : manifest.SchemaVersion;
            PersonalDataCheck.Result? keyCheck = null;
            if (checkKeys)
            {
                await using var connection = new NpgsqlConnection(target.ConnectionString);
                await connection.OpenAsync(ct);
                keyCheck = await CheckKeysAsync(connection, ct);
            }
            return new RestoreReport(manifest, $"{name} on {target.Host}:{target.Port}", migrateForward, version, keyCheck);
        }
        catch when (created)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseInventory.Quote(name)} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private static async Task CompareCountsAsync(DbConnection connection, BackupManifest manifest, CancellationToken ct)
    {
        var provider = connection is SqliteConnection ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        var counts = await DatabaseInventory.RowCountsAsync(connection, provider, null, ct);
        foreach (var (table, expected) in manifest.RowCounts)
        {
            var actual = counts.GetValueOrDefault(table, -1);
            if (actual != expected)
                throw new OperationFailed($"The restored table {table} has {(actual < 0 ? "gone missing" : actual + " rows")}, the backup's manifest says {expected}. Nothing was restored.");
        }
    }

    /// <summary>Runs this app's migrations on the restored database (still under its scratch name on SQLite).</summary>
    private async Task<string> MigrateAsync(string connectionString, CancellationToken ct)
    {
        var builder = new DbContextOptionsBuilder<GongzhiDb>();
        DatabaseSetup.Configure(builder, database.Provider, connectionString);
        var scope = new DataScope();
        scope.GrantAll();
        await using var restored = new GongzhiDb(builder.Options, scope);
        await new Migrator(restored, logs.CreateLogger<Migrator>()).MigrateAsync(ct);
        return db.Database.GetMigrations().Last();
    }

    private async Task<PersonalDataCheck.Result> CheckKeysAsync(DbConnection connection, CancellationToken ct)
    {
        var result = await PersonalDataCheck.RunAsync(connection, db.Model, services.GetRequiredService<PersonalDataProtector>(), ct);
        if (result.Problems.Count > 0)
            throw new OperationFailed($"The configured personal-data keys ({keys.Describe()}) do not read this backup's personal data: " +
                                      string.Join("; ", result.Problems) + ". Install the keys it was made with (import-keys FILE) and restore again. Nothing was restored.");
        return result;
    }
}
