using System.Data.Common;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features.Jobs;
using Gongzhi.Modules.Operations.Features.Backup;
using Gongzhi.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Gongzhi.Tests.Operations;

/// <summary>
/// Backup and restore through the real executable (<c>backup</c>, <c>restore</c>, <c>export-keys</c>, <c>import-keys</c>
/// run as processes, as an operator would), on an installation of its own so that only the test writes to it: a backup
/// under concurrent writes restores every table, schema versions are checked, bad files create nothing, keys travel
/// under a passphrase and wrong keys fail loudly, and the scheduled job writes and prunes.
/// </summary>
public abstract class BackupTests(GongzhiApp app) : IAsyncLifetime
{
    protected readonly string Dir = Directory.CreateTempSubdirectory("gongzhi-backup-").FullName;
    protected const string Passphrase = "rivers and mountains 2026";

    /// <summary>A connection string of a database that does not exist yet.</summary>
    protected abstract string NewDatabase();
    protected abstract Task<bool> ExistsAsync(string connectionString);
    protected abstract Task CreateEmptyAsync(string connectionString);
    protected abstract DbConnection Connection(string connectionString);
    protected virtual IEnumerable<string> ProviderSettings => [];
    protected string SourceConnectionString => app.ConnectionString;
    protected string KeyFile => app.KeyFile;

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    protected sealed record Cli(int Exit, string Out, string Err)
    {
        public override string ToString() => $"exit {Exit}\n{Out}\n{Err}";
    }

    /// <summary>Runs the executable against <paramref name="connectionString"/> with the installation's key file unless another is given.</summary>
    protected async Task<Cli> Run(string connectionString, string[] args, string? keyFile = null, string? passphrase = null, string stdin = "", params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Dir,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gongzhi.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--Database:Provider={app.Provider}");
        start.ArgumentList.Add($"--ConnectionStrings:Gongzhi={connectionString}");
        start.ArgumentList.Add($"--PersonalData:KeyFile={keyFile ?? app.KeyFile}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var s in ProviderSettings.Concat(settings)) start.ArgumentList.Add(s);
        start.Environment.Remove("GONGZHI_KEYS_PASSPHRASE");
        if (passphrase is not null) start.Environment["GONGZHI_KEYS_PASSPHRASE"] = passphrase;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return new Cli(process.ExitCode, await output, await error);
    }

    private async Task<string> BackupAsync(string name = "backup.zip")
    {
        var file = Path.Combine(Dir, name);
        var result = await Run(app.ConnectionString, ["backup", file]);
        Assert.True(result.Exit == 0, result.ToString());
        return file;
    }

    [Fact]
    public async Task A_backup_taken_under_concurrent_writes_restores_into_a_new_database_with_every_table_equal()
    {
        var writer = "backup-writer-" + Guid.NewGuid().ToString("N")[..6];
        var written = 0;
        using var stop = new CancellationTokenSource();
        var writing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await app.Db(async db =>
                {
                    db.JobRuns.Add(new JobRun { Name = writer, StartedAt = DateTimeOffset.UtcNow, Outcome = JobOutcome.Succeeded, Node = "writer" });
                    return await db.SaveChangesAsync();
                });
                Interlocked.Increment(ref written);
            }
        });
        while (Volatile.Read(ref written) < 10) await Task.Delay(10);
        var before = Volatile.Read(ref written);
        var file = Path.Combine(Dir, "under-writes.zip");
        var backup = await Run(app.ConnectionString, ["backup", file]);
        var after = Volatile.Read(ref written);
        await stop.CancelAsync();
        await writing;
        Assert.True(backup.Exit == 0, backup.ToString());
        Assert.Contains("The personal-data keys are NOT in this backup", backup.Out);
        Assert.Contains(app.KeyFile, backup.Out); // says where they are
        Assert.True(after > before, "the writer did not write while the backup ran");

        var target = NewDatabase();
        var restore = await Run(target, ["restore", file]);
        Assert.True(restore.Exit == 0, restore.ToString());
        Assert.Contains("all counted back", restore.Out);
        Assert.Contains("the configured personal-data keys read it", restore.Out);

        await using var source = Connection(app.ConnectionString);
        await using var restored = Connection(target);
        await Task.WhenAll(source.OpenAsync(), restored.OpenAsync());
        var tables = await DatabaseInventory.TablesAsync(source, app.Provider, null, default);
        Assert.Equal(tables, await DatabaseInventory.TablesAsync(restored, app.Provider, null, default));
        Assert.Contains("residents", tables);
        // The writer's table holds a prefix of what was written: exactly the rows committed before the snapshot.
        var lastRestored = Convert.ToInt64(await Scalar(restored, "SELECT max(\"Id\") FROM job_runs"));
        var restoredWrites = Convert.ToInt64(await Scalar(restored, $"SELECT count(*) FROM job_runs WHERE \"Name\" = '{writer}'"));
        Assert.InRange(restoredWrites, before, after + 1);
        foreach (var table in tables)
        {
            var filter = table == "job_runs" ? $" WHERE \"Id\" <= {lastRestored}" : "";
            var (expectedCount, expectedHash) = await ContentAsync(source, table, filter);
            var (count, hash) = await ContentAsync(restored, table, filter);
            Assert.True(expectedCount == count && expectedHash == hash, $"{table}: {expectedCount} rows in the source, {count} restored; contents {(expectedHash == hash ? "equal" : "differ")}");
        }
        Assert.True(Convert.ToInt64(await Scalar(source, "SELECT count(*) FROM residents")) > 0);
    }

    [Fact]
    public async Task A_backup_of_a_newer_schema_is_refused_and_one_of_an_older_schema_is_migrated_forward()
    {
        var file = await BackupAsync("current.zip");
        var newer = Path.Combine(Dir, "newer.zip");
        File.Copy(file, newer);
        await EditManifestAsync(newer, m => m["schemaVersion"] = "29991231000000_Future");
        var target = NewDatabase();
        var refused = await Run(target, ["restore", newer]);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("newer than this version of Gongzhi knows", refused.Err);
        Assert.False(await ExistsAsync(target));

        // A database one migration behind, backed up and restored by this version: migrated forward on the way.
        var old = NewDatabase();
        await CreateEmptyAsync(old);
        var options = new DbContextOptionsBuilder<GongzhiDb>();
        DatabaseSetup.Configure(options, app.Provider, old);
        var scope = new DataScope();
        scope.GrantAll();
        string[] migrations;
        await using (var db = new GongzhiDb(options.Options, scope))
        {
            migrations = [.. db.Database.GetMigrations()];
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
        }
        var oldFile = Path.Combine(Dir, "old.zip");
        var backup = await Run(old, ["backup", oldFile]);
        Assert.True(backup.Exit == 0, backup.ToString());
        Assert.Contains($"schema {migrations[^2]}", backup.Out);
        var upgraded = NewDatabase();
        var restore = await Run(upgraded, ["restore", oldFile]);
        Assert.True(restore.Exit == 0, restore.ToString());
        Assert.Contains($"schema migrated forward from {migrations[^2]} to {migrations[^1]}", restore.Out);
        await using var connection = Connection(upgraded);
        await connection.OpenAsync();
        Assert.Equal(migrations[^1], await Scalar(connection, "SELECT max(\"MigrationId\") FROM __migrations"));
    }

    [Fact]
    public async Task A_truncated_foreign_or_altered_file_is_refused_and_creates_nothing()
    {
        var file = await BackupAsync("good.zip");
        var bytes = await File.ReadAllBytesAsync(file);
        var truncated = Path.Combine(Dir, "truncated.zip");
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var foreign = Path.Combine(Dir, "foreign.zip");
        await File.WriteAllTextAsync(foreign, "code,name,level,parent_code\n370811,任城区,district,3708\n");
        var otherZip = Path.Combine(Dir, "other.zip");
        using (var zip = ZipFile.Open(otherZip, ZipArchiveMode.Create)) zip.CreateEntry("readme.txt");
        var altered = Path.Combine(Dir, "altered.zip");
        File.Copy(file, altered);
        using (var zip = ZipFile.Open(altered, ZipArchiveMode.Update))
        {
            var payload = zip.GetEntry("payload")!;
            byte[] content;
            await using (var s = payload.Open()) { using var m = new MemoryStream(); await s.CopyToAsync(m); content = m.ToArray(); }
            content[content.Length / 2] ^= 0x5A;
            payload.Delete();
            await using var w = zip.CreateEntry("payload").Open();
            await w.WriteAsync(content);
        }

        foreach (var (bad, expected) in new[]
                 {
                     (truncated, "is not a Gongzhi backup, or is damaged"),
                     (foreign, "is not a Gongzhi backup, or is damaged"),
                     (otherZip, "it has no manifest"),
                     (altered, "does not match the checksum in its manifest"),
                     (Path.Combine(Dir, "missing.zip"), "No such file"),
                 })
        {
            var target = NewDatabase();
            var result = await Run(target, ["restore", bad]);
            Assert.True(result.Exit == 1, $"{Path.GetFileName(bad)}: {result}");
            Assert.Contains(expected, result.Err);
            Assert.False(await ExistsAsync(target), $"{Path.GetFileName(bad)} left a database behind");
        }
        Assert.DoesNotContain(Directory.GetFiles(Dir, "*", SearchOption.AllDirectories), f => f.Contains(".restoring") || f.Contains(".partial"));

        // A database that exists is never overwritten.
        var again = await Run(app.ConnectionString, ["restore", file]);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already exists", again.Err);
    }

    [Fact]
    public async Task Restoring_with_other_keys_fails_loudly_and_a_request_reading_such_data_says_so()
    {
        var file = await BackupAsync("keys-check.zip");
        var otherKeys = Path.Combine(Dir, "other.json");
        await WriteKeyFileAsync(otherKeys, "k1"); // the same key id, another key: AES-GCM's tag check fails
        var target = NewDatabase();
        var wrong = await Run(target, ["restore", file], keyFile: otherKeys);
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("do not read this backup's personal data", wrong.Err);
        Assert.Contains("residents.IdNumberCipher", wrong.Err);
        Assert.False(await ExistsAsync(target));

        var unknownIds = Path.Combine(Dir, "k9.json");
        await WriteKeyFileAsync(unknownIds, "k9");
        var unknown = await Run(target, ["restore", file], keyFile: unknownIds);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("key id", unknown.Err);
        Assert.False(await ExistsAsync(target));

        var none = Path.Combine(Dir, "none", "keys.json");
        var missing = await Run(target, ["restore", file], keyFile: none);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("No personal-data keys are installed", missing.Err);
        Assert.False(await ExistsAsync(target));
        var skipped = await Run(target, ["restore", file], keyFile: none, settings: "--Restore:SkipKeyCheck=true");
        Assert.True(skipped.Exit == 0, skipped.ToString());
        Assert.Contains("NOT checked", skipped.Out);
        Assert.False(File.Exists(none)); // restoring never makes up keys

        // The app itself, on this database with other keys, answers a clear problem, never garbage.
        await using var other = app.WithWebHostBuilder(b => b.UseSetting("PersonalData:KeyFile", otherKeys));
        var admin = await SignedInAsync(other, "admin");
        var residentId = await app.Db(db => db.Residents.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var problem = await admin.PostJson($"/api/residents/{residentId}/unmask", new { reason = "核对" }).Problem(HttpStatusCode.InternalServerError);
        Assert.Contains("Personal data cannot be decrypted with the keys this server has", problem.Str("detail"));
        Assert.False(problem.TryGetProperty("idNumber", out _));
    }

    [Fact]
    public async Task The_scheduled_backup_writes_into_its_folder_and_keeps_only_the_newest()
    {
        var folder = Path.Combine(Dir, "scheduled");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not a backup");
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await using var node = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Backup:Folder", folder);
            b.UseSetting("Backup:Keep", "2");
            b.UseSetting("Backup:Schedule", "0 * * * *");
            foreach (var setting in ProviderSettings) b.UseSetting(setting[2..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock));
        });
        var jobs = node.Services.GetRequiredService<ModuleCatalog>().Jobs.Where(j => j.Job.Name == ScheduledBackup.JobName).ToList();
        Assert.Equal("0 * * * *", Assert.Single(jobs).Job.Schedule);
        // Without a folder there is no scheduled backup.
        Assert.DoesNotContain(app.Services.GetRequiredService<ModuleCatalog>().Jobs, j => j.Job.Name == ScheduledBackup.JobName);
        var listed = await (await SignedInAsync(node, "admin")).GetAsync("/api/jobs").Ok();
        Assert.Contains(listed.EnumerateArray(), j => j.Str("name") == ScheduledBackup.JobName && j.Str("module") == "Operations");

        var scheduler = ActivatorUtilities.CreateInstance<JobScheduler>(node.Services, clock);
        await scheduler.TickAsync(jobs, default); // first sight
        for (var hour = 1; hour <= 3; hour++)
        {
            clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, await scheduler.TickAsync(jobs, default));
        }
        var runs = await app.Db(db => db.JobRuns.Where(r => r.Name == ScheduledBackup.JobName).ToListAsync());
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.True(r.Outcome == JobOutcome.Succeeded, r.Error));
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["gongzhi-backup-20270501T020000Z.zip", "gongzhi-backup-20270501T030000Z.zip", "notes.txt"], files);
        var manifest = await BackupArchive.ReadManifestAsync(Path.Combine(folder, files[1]!), default);
        Assert.Equal(app.Provider.ToString(), manifest.Provider);
        Assert.True(manifest.RowCounts["residents"] > 0);
    }

    private static async Task<HttpClient> SignedInAsync(WebApplicationFactory<Program> host, string userName)
    {
        using var anonymous = host.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password = GongzhiApp.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        return client;
    }

    protected static async Task WriteKeyFileAsync(string path, string keyId) =>
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            CurrentKeyId = keyId,
            Keys = new Dictionary<string, string> { [keyId] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            LookupKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }));

    private static async Task EditManifestAsync(string file, Action<JsonNode> edit)
    {
        using var zip = ZipFile.Open(file, ZipArchiveMode.Update);
        var entry = zip.GetEntry("manifest.json")!;
        JsonNode manifest;
        await using (var s = entry.Open()) manifest = (await JsonNode.ParseAsync(s))!;
        edit(manifest);
        entry.Delete();
        await using var w = zip.CreateEntry("manifest.json").Open();
        await w.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    private static async Task<object?> Scalar(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Row count and a hash of a table's content, independent of row order.</summary>
    private static async Task<(long Count, string Hash)> ContentAsync(DbConnection connection, string table, string filter)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"{filter}";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++) values[i] = Text(reader.GetValue(i));
            rows.Add(string.Join("\u001f", values));
        }
        rows.Sort(StringComparer.Ordinal);
        return (rows.Count, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001e", rows)))));
    }

    private static string Text(object value) => value switch
    {
        DBNull => "<null>",
        byte[] bytes => Convert.ToBase64String(bytes),
        string s => s,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object>().Select(Text)) + "]",
        _ => value.ToString() ?? "",
    };
}

public sealed class BackupTestsOnSqlite(SqliteApp app) : BackupTests(app), IClassFixture<SqliteApp>
{
    protected override string NewDatabase() => $"Data Source={Path.Combine(Dir, "restored-" + Guid.NewGuid().ToString("N")[..8] + ".db")}";
    protected override Task<bool> ExistsAsync(string connectionString) => Task.FromResult(File.Exists(new SqliteConnectionStringBuilder(connectionString).DataSource));
    protected override Task CreateEmptyAsync(string connectionString) => Task.CompletedTask;
    protected override DbConnection Connection(string connectionString) => new SqliteConnection(connectionString);

    /// <summary>Keys do not depend on the database: tested once, here.</summary>
    [Fact]
    public async Task Keys_travel_under_a_passphrase_and_a_wrong_passphrase_writes_nothing()
    {
        var export = Path.Combine(Dir, "keys.export");
        var exported = await Run(SourceConnectionString, ["export-keys", export], passphrase: Passphrase);
        Assert.True(exported.Exit == 0, exported.ToString());
        var text = await File.ReadAllTextAsync(export);
        var original = JsonNode.Parse(await File.ReadAllTextAsync(KeyFile))!;
        Assert.DoesNotContain(original["LookupKey"]!.GetValue<string>(), text); // encrypted, not copied
        Assert.Contains("PBKDF2-HMAC-SHA256", text);

        var wrongKeyFile = Path.Combine(Dir, "wrong-pass", "keys.json");
        var wrong = await Run(SourceConnectionString, ["import-keys", export], keyFile: wrongKeyFile, stdin: "not the passphrase at all");
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("Wrong passphrase", wrong.Err);
        Assert.False(File.Exists(wrongKeyFile));

        var imported = Path.Combine(Dir, "imported", "keys.json");
        var import = await Run(SourceConnectionString, ["import-keys", export], keyFile: imported, stdin: Passphrase); // passphrase on standard input
        Assert.True(import.Exit == 0, import.ToString());
        Assert.True(JsonNode.DeepEquals(original, JsonNode.Parse(await File.ReadAllTextAsync(imported))));
        var twice = await Run(SourceConnectionString, ["import-keys", export], keyFile: imported, passphrase: Passphrase);
        Assert.True(twice.Exit == 0, twice.ToString());
        Assert.Contains("already holds these keys", twice.Out);

        var other = Path.Combine(Dir, "other-keys.json");
        await WriteKeyFileAsync(other, "k1");
        var clobber = await Run(SourceConnectionString, ["import-keys", export], keyFile: other, passphrase: Passphrase);
        Assert.Equal(1, clobber.Exit);
        Assert.Contains("A different key file already exists", clobber.Err);

        var foreign = await Run(SourceConnectionString, ["import-keys", KeyFile], keyFile: Path.Combine(Dir, "x", "k.json"), passphrase: Passphrase);
        Assert.Equal(1, foreign.Exit);
        Assert.Contains("is not a Gongzhi key export", foreign.Err);
        var weak = await Run(SourceConnectionString, ["export-keys", Path.Combine(Dir, "weak.export")], passphrase: "short");
        Assert.Equal(1, weak.Exit);
        Assert.False(File.Exists(Path.Combine(Dir, "weak.export")));
    }
}

public sealed class BackupTestsOnPostgres(PostgresApp app) : BackupTests(app), IClassFixture<PostgresApp>
{
    private readonly List<string> _databases = [];

    /// <summary>pg_dump and pg_restore from PATH, else from PostgreSQL 15's own folder.</summary>
    protected override IEnumerable<string> ProviderSettings =>
        PgTools.Find("pg_dump", null) is null ? ["--Backup:PgDumpPath=/usr/lib/postgresql/15/bin/pg_dump", "--Backup:PgRestorePath=/usr/lib/postgresql/15/bin/pg_restore"] : [];

    protected override string NewDatabase()
    {
        var name = "gongzhi_restore_" + Guid.NewGuid().ToString("N")[..10];
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Database = name }.ToString();
    }

    protected override async Task<bool> ExistsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", connection);
        command.Parameters.AddWithValue("n", new NpgsqlConnectionStringBuilder(connectionString).Database!);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    protected override async Task CreateEmptyAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\"", connection).ExecuteNonQueryAsync();
    }

    protected override DbConnection Connection(string connectionString) => new NpgsqlConnection(connectionString);

    [Fact]
    public async Task Without_pg_dump_the_backup_says_so()
    {
        var result = await Run(SourceConnectionString, ["backup", Path.Combine(Dir, "none.zip")], settings: "--Backup:PgDumpPath=/nowhere/pg_dump");
        Assert.Equal(1, result.Exit);
        Assert.Contains("pg_dump was not found at /nowhere/pg_dump (Backup:PgDumpPath)", result.Err);
        Assert.Empty(Directory.GetFiles(Dir));
    }

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
        await base.DisposeAsync();
    }
}
