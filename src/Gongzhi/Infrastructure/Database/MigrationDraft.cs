using System.Data.Common;
using Gongzhi.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The scripts of a drafted migration, one per provider, and its EF wrapper class.</summary>
public sealed record MigrationDraftFiles(string Id, string ScriptName, string Sqlite, string Postgres, string WrapperClass, IReadOnlyList<string> Additions)
{
    public bool IsEmpty => Additions.Count == 0;
}

/// <summary>
/// Drafts the next migration from the model: what a migrated database lacks (tables, columns, indexes) becomes SQL
/// for both providers, produced by EF Core's own runtime model differ and SQL generators (EF Core Relational; the
/// design-time package is not needed). People then add only what a differ cannot know: renames, drops, backfills.
/// The drift test checks the result.
/// </summary>
public sealed class MigrationDraft(GongzhiDb db)
{
    public async Task<MigrationDraftFiles> ComposeAsync(string name, int number, DateOnly today, CancellationToken ct)
    {
        var existing = await ExistingSchemaAsync(ct);
        var additions = new List<string>();
        var sqlite = Script(DatabaseProvider.Sqlite, existing, additions);
        var postgres = Script(DatabaseProvider.Postgres, existing, []);
        var scriptName = $"{number:0000}_{name}";
        var id = $"{today:yyyyMMdd}{number:000000}_{name}";
        var wrapper = $$"""
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Gongzhi.Infrastructure.Database.Migrations;

            /// <summary>{{string.Join("; ", additions)}}.</summary>
            [DbContext(typeof(GongzhiDb))]
            [Migration("{{id}}")]
            public sealed class M{{scriptName}} : SqlMigration
            {
                protected override string ScriptName => "{{scriptName}}";
            }

            """;
        return new MigrationDraftFiles(id, scriptName, sqlite, postgres, wrapper, additions);
    }

    /// <summary>Writes the three files into the migrations folder; answers their paths.</summary>
    public static IReadOnlyList<string> Write(MigrationDraftFiles draft, string folder)
    {
        var files = new[]
        {
            (Path.Combine(folder, $"{draft.ScriptName}.Sqlite.sql"), draft.Sqlite),
            (Path.Combine(folder, $"{draft.ScriptName}.Postgres.sql"), draft.Postgres),
            (Path.Combine(folder, $"M{draft.ScriptName}.cs"), draft.WrapperClass),
        };
        foreach (var (path, text) in files) File.WriteAllText(path, text);
        return [.. files.Select(f => f.Item1)];
    }

    /// <summary>The next migration number: one past the highest the app knows (ids end in it: <c>…000004_Name</c>).</summary>
    public int NextNumber() => db.Database.GetMigrations().Select(id => int.Parse(id.Split('_')[0][^6..])).DefaultIfEmpty(0).Max() + 1;

    private sealed record Schema(Dictionary<string, HashSet<string>> Columns, HashSet<string> Indexes);

    private static string Script(DatabaseProvider provider, Schema existing, List<string> additions)
    {
        using var context = ContextFor(provider);
        var model = context.GetService<IDesignTimeModel>().Model;
        var operations = new List<MigrationOperation>();
        var newTables = new HashSet<string>();
        foreach (var operation in context.GetService<IMigrationsModelDiffer>().GetDifferences(null, model.GetRelationalModel()))
        {
            switch (operation)
            {
                case CreateTableOperation table when !existing.Columns.ContainsKey(table.Name):
                    newTables.Add(table.Name);
                    operations.Add(table);
                    additions.Add($"table {table.Name}");
                    break;
                case CreateTableOperation table:
                    foreach (var column in table.Columns.Where(c => !existing.Columns[table.Name].Contains(c.Name)))
                    {
                        column.Table = table.Name;
                        // A NOT NULL column added to rows that exist needs a value; the CLR default is a draft's guess.
                        if (!column.IsNullable && column.DefaultValue is null && column.DefaultValueSql is null && column.ClrType.IsValueType)
                            column.DefaultValue = Activator.CreateInstance(column.ClrType);
                        if (!column.IsNullable && column.DefaultValue is null && column.DefaultValueSql is null && column.ClrType == typeof(string))
                            column.DefaultValue = "";
                        operations.Add(column);
                        additions.Add($"column {table.Name}.{column.Name}");
                    }
                    break;
                case CreateIndexOperation index when newTables.Contains(index.Table) || !HasIndex(existing.Indexes, index.Name):
                    operations.Add(index);
                    if (!newTables.Contains(index.Table)) additions.Add($"index {index.Name}");
                    break;
            }
        }
        var sql = context.GetService<IMigrationsSqlGenerator>().Generate(operations, model, MigrationsSqlGenerationOptions.Script);
        var header = $"-- Drafted from the model by 'schema-script draft' for {provider}: {(additions.Count == 0 ? "nothing to add" : string.Join(", ", additions))}.\n"
                     + "-- Review it; add renames, drops and backfills by hand; the drift test checks the result.\n";
        return header + string.Concat(sql.Select(c => c.CommandText.TrimEnd() + "\n"));
    }

    /// <summary>
    /// Whether the database holds the index. PostgreSQL names are at most 63 bytes and EF shortens longer ones to a
    /// prefix ending in '~', so a database of one provider and the model of the other name a long index differently.
    /// </summary>
    private static bool HasIndex(HashSet<string> existing, string name) =>
        existing.Contains(name)
        || (name.EndsWith('~') && existing.Any(e => e.StartsWith(name[..^1], StringComparison.Ordinal)))
        || existing.Any(e => e.EndsWith('~') && name.StartsWith(e[..^1], StringComparison.Ordinal));

    private static GongzhiDb ContextFor(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<GongzhiDb>();
        // No connection is opened: the SQL generators need the provider, not a server.
        DatabaseSetup.Configure(options, provider, provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost");
        var scope = new DataScope();
        scope.GrantAll();
        return new GongzhiDb(options.Options, scope);
    }

    private async Task<Schema> ExistingSchemaAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var sqlite = db.Database.IsSqlite();
            var columns = new Dictionary<string, HashSet<string>>();
            var rows = await QueryAsync(connection, sqlite
                ? "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
                : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()", ct);
            foreach (var (table, column) in rows)
            {
                if (!columns.TryGetValue(table, out var set)) columns[table] = set = [];
                set.Add(column);
            }
            var indexes = (await QueryAsync(connection, sqlite
                ? "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
                : "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = current_schema()", ct)).Select(r => r.Item1).ToHashSet();
            return new Schema(columns, indexes);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<(string, string)>> QueryAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }
}
