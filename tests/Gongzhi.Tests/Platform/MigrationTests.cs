using System.Data.Common;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>
/// The schema comes from hand-written migrations. These tests migrate an empty database, and compare its schema
/// (tables, columns, types, nullability, defaults, keys, indexes) with the one the current model would create: any model
/// change without a migration fails here.
/// </summary>
public abstract class MigrationTests
{
    protected abstract DatabaseProvider Provider { get; }
    protected abstract Task<(string ConnectionString, Func<Task> Drop)> NewDatabaseAsync();
    protected abstract Task<List<string>> SchemaAsync(DbConnection connection);

    private GongzhiDb Context(string connectionString)
    {
        var options = new DbContextOptionsBuilder<GongzhiDb>();
        DatabaseSetup.Configure(options, Provider, connectionString);
        var scope = new DataScope();
        scope.GrantAll();
        return new GongzhiDb(options.Options, scope);
    }

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_leave_nothing_pending()
    {
        var (cs, drop) = await NewDatabaseAsync();
        try
        {
            await using var db = Context(cs);
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.AreaNodes.CountAsync());
            await db.Database.MigrateAsync(); // idempotent
        }
        finally { await drop(); }
    }

    [Fact]
    public async Task Upgrading_a_database_with_data_backfills_the_registry()
    {
        var (cs, drop) = await NewDatabaseAsync();
        try
        {
            await using (var db = Context(cs))
            {
                await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261122000001_Initial");
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO area_nodes ("Code", "Name", "Level", "Path", "Depth", "IsOfficial", "CreatedAt", "UpdatedAt") VALUES ('9', 'x', 9, '/9/', 1, FALSE, {0}, {0});
                    """, Provider == DatabaseProvider.Sqlite ? (object)0L : DateTimeOffset.UtcNow);
                var node = await db.Database.SqlQueryRaw<long>("SELECT \"Id\" AS \"Value\" FROM area_nodes").SingleAsync();
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO households ("AreaNodeId", "AreaPath", "Address", "CreatedAt", "UpdatedAt") VALUES ({0}, '/9/', 'a', {1}, {1});
                    """, node, Provider == DatabaseProvider.Sqlite ? (object)0L : DateTimeOffset.UtcNow);
                var household = await db.Database.SqlQueryRaw<long>("SELECT \"Id\" AS \"Value\" FROM households").SingleAsync();
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO residents ("HouseholdId", "AreaPath", "Name", "IdNumberCipher", "IdNumberHash", "IdNumberMasked", "Sex", "BirthDate", "Relation", "ResidencyType", "CreatedAt", "UpdatedAt")
                    VALUES ({0}, '/9/', 'n', 'c', 'h', 'm', 1, {1}, 1, 1, {2}, {2});
                    """, household, new DateOnly(1950, 1, 1), Provider == DatabaseProvider.Sqlite ? (object)0L : DateTimeOffset.UtcNow);
            }
            await using (var db = Context(cs))
            {
                await db.Database.MigrateAsync();
                Assert.Equal(1, await db.Households.Select(h => h.MemberCount).SingleAsync());
                var membership = await db.HouseholdMemberships.SingleAsync();
                Assert.Null(membership.EndedOn);
                Assert.Equal(Gongzhi.Modules.Registry.Domain.ResidentStatus.Active, await db.Residents.Select(r => r.Status).SingleAsync());
            }
        }
        finally { await drop(); }
    }

    /// <summary>
    /// <see cref="PathRange"/> relies on the database comparing paths byte by byte (BINARY on SQLite, COLLATE "C" on
    /// PostgreSQL): '-' and '.' sort before '/', digits and letters after it, CJK after everything ASCII. Checked here
    /// in the databases themselves, against a plain ordinal prefix test.
    /// </summary>
    [Theory]
    [InlineData("/37/")]
    [InlineData("/37/3708/")]
    [InlineData("/37/3708/370811012007-W01/")]
    [InlineData("/37/网格/")]
    [InlineData("/37/a/")]
    public async Task A_path_range_holds_exactly_the_subtree_in_the_databases_byte_order(string prefix)
    {
        string[] paths =
        [
            "/37/", "/370/", "/37-W01/", "/37./", "/37", "/36/", "/38/", "/3/", "/37a/", "/37网格/", "/37 /",
            "/37/3708/", "/37/3708-W01/", "/37/37080/", "/37/3708/370811012007-W01/", "/37/3708/370811012007-W01-X01/",
            "/37/3708/370811012007-W01/370811012007-W01-X01-B12/", "/37/3708/370811012007-W010/", "/37/3708/370811012007-W01-/",
            "/37/a/", "/37/a/b/", "/37/A/", "/37/a-1/", "/37/ab/", "/37/0/", "/37/-/", "/37/~/",
            "/37/网格/", "/37/网格/一/", "/37/网格一/", "/37/网格-1/", "/37/网/", "/37/网格0/",
        ];
        var (cs, drop) = await NewDatabaseAsync();
        try
        {
            await using var db = Context(cs);
            await db.Database.MigrateAsync();
            var now = Provider == DatabaseProvider.Sqlite ? (object)0L : DateTimeOffset.UtcNow;
            for (var i = 0; i < paths.Length; i++)
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO area_nodes ("Code", "Name", "Level", "Path", "Depth", "IsOfficial", "CreatedAt", "UpdatedAt") VALUES ({0}, 'x', 9, {1}, 1, FALSE, {2}, {2});
                    """, $"c{i}", paths[i], now);

            var found = await db.AreaNodes.Under(n => n.Path, prefix).Select(n => n.Path).ToListAsync();
            var expected = paths.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.True(expected.Count >= 2, "each prefix has a subtree of more than itself here");
            Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        }
        finally { await drop(); }
    }

    [Fact]
    public async Task Upgrading_files_existing_audit_entries_under_the_path_of_what_they_touched()
    {
        var (cs, drop) = await NewDatabaseAsync();
        try
        {
            var now = Provider == DatabaseProvider.Sqlite ? (object)0L : DateTimeOffset.UtcNow;
            await using (var db = Context(cs))
            {
                await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("20261122000002_Registry");
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO area_nodes ("Code", "Name", "Level", "Path", "Depth", "IsOfficial", "CreatedAt", "UpdatedAt") VALUES ('9', 'x', 9, '/9/', 1, FALSE, {0}, {0});
                    """, now);
                var node = await db.Database.SqlQueryRaw<long>("SELECT \"Id\" AS \"Value\" FROM area_nodes").SingleAsync();
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO households ("AreaNodeId", "AreaPath", "Address", "Tenure", "MemberCount", "CreatedAt", "UpdatedAt") VALUES ({0}, '/9/', 'a', 1, 0, {1}, {1});
                    """, node, now);
                var household = await db.Database.SqlQueryRaw<long>("SELECT \"Id\" AS \"Value\" FROM households").SingleAsync();
                foreach (var (type, id) in new[] { ("area", "9"), ("household", household.ToString()), ("user", "u1"), ("household", "999999") })
                    await db.Database.ExecuteSqlRawAsync("""
                        INSERT INTO audit_entries ("At", "Action", "EntityType", "EntityId") VALUES ({0}, 'x.y', {1}, {2});
                        """, now, type, id);
            }
            await using (var db = Context(cs))
            {
                await db.Database.MigrateAsync();
                var filed = await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.AreaPath).ToListAsync();
                Assert.Equal(["/9/", "/9/", null, null], filed);
            }
        }
        finally { await drop(); }
    }

    [Fact]
    public async Task The_migrated_schema_matches_the_model()
    {
        var (migratedCs, dropMigrated) = await NewDatabaseAsync();
        var (modelCs, dropModel) = await NewDatabaseAsync();
        try
        {
            await using (var migrated = Context(migratedCs)) await migrated.Database.MigrateAsync();
            await using (var model = Context(modelCs)) await model.Database.EnsureCreatedAsync(); // the model's own schema, for comparison only

            await using var a = Context(migratedCs);
            await using var b = Context(modelCs);
            await a.Database.OpenConnectionAsync();
            await b.Database.OpenConnectionAsync();
            var fromMigrations = await SchemaAsync(a.Database.GetDbConnection());
            var fromModel = await SchemaAsync(b.Database.GetDbConnection());
            Assert.NotEmpty(fromModel);
            var missing = fromModel.Except(fromMigrations).ToList();
            var extra = fromMigrations.Except(fromModel).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                $"Schema drift. In the model but not migrated:\n{string.Join("\n", missing)}\nMigrated but not in the model:\n{string.Join("\n", extra)}");
        }
        finally
        {
            await dropMigrated();
            await dropModel();
        }
    }

    [Fact]
    public async Task The_draft_scripts_what_a_migrated_database_lacks_and_bring_it_to_the_model()
    {
        var (cs, drop) = await NewDatabaseAsync();
        var (referenceCs, dropReference) = await NewDatabaseAsync();
        try
        {
            await using (var db = Context(cs)) await db.Database.MigrateAsync();
            await using (var db = Context(referenceCs)) await db.Database.MigrateAsync();
            // Take away a table, an index and a column: what the next model change would bring.
            await using (var db = Context(cs))
            {
                await db.Database.ExecuteSqlRawAsync("DROP TABLE saved_searches");
                await db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_facilities_AreaPath\"");
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE residents DROP COLUMN \"Note\"");
            }
            MigrationDraftFiles draft;
            await using (var db = Context(cs)) draft = await new MigrationDraft(db).ComposeAsync("Probe", 99, new DateOnly(2026, 11, 29), default);
            Assert.Equal(new[] { "column residents.Note", "index IX_facilities_AreaPath", "table saved_searches" }, draft.Additions.Order());
            Assert.Equal("20261129000099_Probe", draft.Id);
            Assert.Contains("[Migration(\"20261129000099_Probe\")]", draft.WrapperClass);
            foreach (var script in new[] { draft.Sqlite, draft.Postgres })
            {
                Assert.Contains("CREATE TABLE", script);
                Assert.Contains("\"IX_facilities_AreaPath\"", script);
                Assert.Contains("\"Note\"", script);
                Assert.DoesNotContain("CREATE TABLE \"residents\"", script);
            }

            // This provider's script brings the database to exactly the migrated schema.
            await using (var db = Context(cs)) await db.Database.ExecuteSqlRawAsync(Provider == DatabaseProvider.Sqlite ? draft.Sqlite : draft.Postgres);
            await using var a = Context(cs);
            await using var b = Context(referenceCs);
            await a.Database.OpenConnectionAsync();
            await b.Database.OpenConnectionAsync();
            Assert.Equal((await SchemaAsync(b.Database.GetDbConnection())).Order(), (await SchemaAsync(a.Database.GetDbConnection())).Order());
            // Nothing more to draft then.
            await using (var db = Context(cs)) Assert.True((await new MigrationDraft(db).ComposeAsync("Again", 100, new DateOnly(2026, 11, 29), default)).IsEmpty);
        }
        finally
        {
            await drop();
            await dropReference();
        }
    }

    protected static async Task<List<string>> Query(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i)))));
        return rows;
    }
}

public sealed class MigrationTestsOnSqlite : MigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<(string, Func<Task>)> NewDatabaseAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"gongzhi-migrate-{Guid.NewGuid():N}.db");
        return Task.FromResult(($"Data Source={file}", (Func<Task>)(() =>
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            return Task.CompletedTask;
        })));
    }

    protected override async Task<List<string>> SchemaAsync(DbConnection c)
    {
        var tables = await Query(c, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__migrations', '__EFMigrationsLock') ORDER BY name");
        var schema = new List<string>();
        foreach (var table in tables)
        {
            schema.AddRange((await Query(c, $"SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info('{table}')")).Select(r => $"column {table}: {r}"));
            schema.AddRange((await Query(c, $"SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin <> 'pk'")).Select(r => $"index {table}: {r}"));
            schema.AddRange((await Query(c, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')")).Select(r => $"fk {table}: {r}"));
        }
        return schema;
    }
}

public sealed class MigrationTestsOnPostgres : MigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<(string, Func<Task>)> NewDatabaseAsync()
    {
        var name = "gongzhi_migrate_" + Guid.NewGuid().ToString("N")[..12];
        await Admin($"CREATE DATABASE \"{name}\"");
        var cs = new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Database = name }.ToString();
        return (cs, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await Admin($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    private static async Task Admin(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<List<string>> SchemaAsync(DbConnection c)
    {
        var schema = new List<string>();
        schema.AddRange((await Query(c, """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, is_identity, collation_name, column_default
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__migrations'
            ORDER BY table_name, column_name
            """)).Select(r => "column " + r));
        schema.AddRange((await Query(c, """
            SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '__migrations' ORDER BY tablename, indexname
            """)).Select(r => "index " + r));
        schema.AddRange((await Query(c, """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('__migrations', '"__migrations"') ORDER BY 1, 2
            """)).Select(r => "constraint " + r));
        return schema;
    }
}
