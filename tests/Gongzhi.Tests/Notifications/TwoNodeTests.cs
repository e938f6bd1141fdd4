using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Tests.Infrastructure;
using Npgsql;
using Xunit;

namespace Gongzhi.Tests.Notifications;

/// <summary>
/// Two real Gongzhi processes on one PostgreSQL database deliver every message exactly once (counted at a local
/// SMS gateway). The processes are the built application started with `dotnet Gongzhi.dll`.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoNodeTests : IAsyncLifetime
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("gongzhi-2node-").FullName;
    private readonly string _database = "gongzhi_2node_" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<Process> _nodes = [];
    private readonly ConcurrentQueue<string> _output = new();
    private string Connection => new NpgsqlConnectionStringBuilder(PostgresApp.ServerConnectionString) { Database = _database }.ToString();

    public async Task InitializeAsync()
    {
        await using var server = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await server.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", server).ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            try { node.Kill(entireProcessTree: true); await node.WaitForExitAsync(); } catch (InvalidOperationException) { }
            node.Dispose();
        }
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(PostgresApp.ServerConnectionString);
        await server.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", server).ExecuteNonQueryAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
    }

    private static string AppDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gongzhi.slnx"))) dir = dir.Parent;
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        return Path.Combine(dir!.FullName, "src", "Gongzhi", "bin", config, "net10.0", "Gongzhi.dll");
    }

    private async Task<string> StartNodeAsync(string smsGateway, bool migrate, params string[] settings)
    {
        var port = LocalHttpListener.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var dll = AppDll();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            dll, "--Database:Provider=Postgres", $"--ConnectionStrings:Gongzhi={Connection}", $"--Database:MigrateOnStart={migrate}",
            $"--PersonalData:KeyFile={Path.Combine(_workDir, "keys.json")}", $"--Urls={url}", "--Notifications:Sms:Provider=Http",
            $"--Notifications:Sms:Http:Url={smsGateway}", "--Notifications:PollSeconds=1", "--Notifications:BatchSize=25",
            $"--Notifications:DevelopmentOutbox={_workDir}", "--Logging:LogLevel:Default=Warning",
            .. (settings.Length > 0 ? settings : ["--Jobs:Run=false"]),
        ];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var node = Process.Start(start)!;
        _nodes.Add(node);
        node.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(node.HasExited, "The node stopped:\n" + string.Join("\n", _output.TakeLast(30)));
            try
            {
                if ((await http.GetAsync(url + "/readyz")).IsSuccessStatusCode) return url;
            }
            catch (HttpRequestException) { }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), "The node did not get ready:\n" + string.Join("\n", _output.TakeLast(30)));
            await Task.Delay(200); // waiting for another process to start, not for time to pass in the code under test
        }
    }

    [Fact]
    public async Task Two_app_processes_deliver_each_message_exactly_once()
    {
        if (!File.Exists(AppDll())) throw new InvalidOperationException("Build src/Gongzhi first: " + AppDll());
        using var gateway = new LocalHttpListener();
        gateway.Reply = _ => (200, """{"ok":true}""");
        await StartNodeAsync(gateway.Url + "sms", migrate: true);
        await StartNodeAsync(gateway.Url + "sms", migrate: false);

        const int count = 400;
        var protector = PersonalDataProtector.FromKeyFile(Path.Combine(_workDir, "keys.json"));
        await using (var db = new NpgsqlConnection(Connection))
        {
            await db.OpenAsync();
            await using var tx = await db.BeginTransactionAsync();
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < count; i++)
            {
                var phone = $"139{i:D8}";
                await using var insert = new NpgsqlCommand("""
                    WITH n AS (INSERT INTO notifications ("DedupKey","Kind","Module","Culture","Title","Body","Urgent","InApp","CreatedAt")
                               VALUES (@key,'notifications.notice','Notifications','zh-CN','停水通知','明日停水',false,false,@now) RETURNING "Id")
                    INSERT INTO notification_deliveries ("NotificationId","Channel","State","Address","AddressMasked","Attempts","NextAttemptAt")
                    SELECT "Id", 2, 0, @address, @masked, 0, @now FROM n
                    """, db, tx);
                insert.Parameters.AddWithValue("key", $"two-node:{i}|r:{i}");
                insert.Parameters.AddWithValue("now", now);
                insert.Parameters.AddWithValue("address", protector.Encrypt(phone));
                insert.Parameters.AddWithValue("masked", Masking.Phone(phone));
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }

        var waited = Stopwatch.StartNew();
        while (await SentAsync() < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), $"Only {await SentAsync()} of {count} sent:\n" + string.Join("\n", _output.TakeLast(30)));
            await Task.Delay(200);
        }
        var phones = gateway.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("phone").GetString()).ToList();
        Assert.Equal(count, phones.Count);
        Assert.Equal(count, phones.Distinct().Count());
        await using var check = new NpgsqlConnection(Connection);
        await check.OpenAsync();
        // One successful attempt per message; a call that failed on the way (a reset connection on a loaded machine)
        // is retried and leaves a failed attempt beside it, never a second send.
        var attempts = (long)(await new NpgsqlCommand("""SELECT count(*) FROM notification_attempts WHERE "Outcome" = 1""", check).ExecuteScalarAsync())!;
        Assert.Equal(count, attempts);
        var unknown = (long)(await new NpgsqlCommand("""SELECT count(*) FROM notification_attempts WHERE "Outcome" = 0""", check).ExecuteScalarAsync())!;
        Assert.Equal(0, unknown);
        var workers = (long)(await new NpgsqlCommand("""SELECT count(DISTINCT split_part("Worker", ':', 2)) FROM notification_attempts""", check).ExecuteScalarAsync())!;
        Assert.InRange(workers, 1, 2);
    }

    [Fact]
    public async Task Two_app_processes_run_each_job_tick_once()
    {
        if (!File.Exists(AppDll())) throw new InvalidOperationException("Build src/Gongzhi first: " + AppDll());
        using var gateway = new LocalHttpListener();
        string[] jobs = ["--Jobs:Run=true", "--Jobs:PollSeconds=1", "--Jobs:HeartbeatSeconds=1"];
        await StartNodeAsync(gateway.Url + "sms", migrate: true, jobs);
        await StartNodeAsync(gateway.Url + "sms", migrate: false, jobs);

        // Real processes keep real time: wait (bounded) until several one-second ticks have run.
        var waited = Stopwatch.StartNew();
        while (await ScalarAsync("""SELECT count(*) FROM job_runs WHERE "Name" = 'jobs.heartbeat' AND "Outcome" = 1""") < 8)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), "The heartbeat did not run:\n" + string.Join("\n", _output.TakeLast(30)));
            await Task.Delay(200);
        }
        // Both counts in one statement: the nodes keep ticking, and two queries would see different rows.
        var twice = await ScalarAsync("""SELECT count(*) - count(DISTINCT "Tick") FROM job_runs WHERE "Name" = 'jobs.heartbeat'""");
        Assert.Equal(0, twice); // no tick ran twice
        Assert.Equal(0, await ScalarAsync("""SELECT count(*) FROM job_runs WHERE "Name" = 'jobs.heartbeat' AND "Tick" IS NULL"""));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var db = new NpgsqlConnection(Connection);
        await db.OpenAsync();
        return (long)(await new NpgsqlCommand(sql, db).ExecuteScalarAsync())!;
    }

    private async Task<long> SentAsync()
    {
        await using var db = new NpgsqlConnection(Connection);
        await db.OpenAsync();
        return (long)(await new NpgsqlCommand("SELECT count(*) FROM notification_deliveries WHERE \"State\" = 2", db).ExecuteScalarAsync())!;
    }
}
