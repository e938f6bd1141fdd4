using System.Data.Common;
using Gongzhi.Infrastructure.Database;

namespace Gongzhi.Modules.Operations.Features.Backup;

/// <summary>What a database holds, read with plain SQL on an open connection (inside the caller's transaction or snapshot).</summary>
public static class DatabaseInventory
{
    public const string MigrationsTable = "__migrations";

    public static async Task<List<string>> TablesAsync(DbConnection connection, DatabaseProvider provider, DbTransaction? tx, CancellationToken ct)
    {
        var sql = provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
        var tables = new List<string>();
        await using var command = Command(connection, tx, sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        return tables;
    }

    public static async Task<SortedDictionary<string, long>> RowCountsAsync(DbConnection connection, DatabaseProvider provider, DbTransaction? tx, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await TablesAsync(connection, provider, tx, ct))
        {
            await using var command = Command(connection, tx, $"SELECT count(*) FROM {Quote(table)}");
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        return counts;
    }

    /// <summary>The id of the last migration applied, or null when the database has no schema yet.</summary>
    public static async Task<string?> SchemaVersionAsync(DbConnection connection, DatabaseProvider provider, DbTransaction? tx, CancellationToken ct)
    {
        if (!(await TablesAsync(connection, provider, tx, ct)).Contains(MigrationsTable)) return null;
        await using var command = Command(connection, tx, $"SELECT max(\"MigrationId\") FROM {Quote(MigrationsTable)}");
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.CommandTimeout = 0;
        return command;
    }
}
