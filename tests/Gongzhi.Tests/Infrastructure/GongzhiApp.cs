using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace Gongzhi.Tests.Infrastructure;

/// <summary>
/// Gongzhi over HTTP on a real database, seeded with a small demo (the same seeder as production, fewer residents).
/// Tests drive it only through HttpClient; <see cref="Db"/> is for asserting what was (not) written.
/// </summary>
public abstract class GongzhiApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Demo#2026";
    private readonly ConcurrentDictionary<string, string> _tokens = new();
    private readonly string _workDir = Directory.CreateTempSubdirectory("gongzhi-test-").FullName;

    public abstract DatabaseProvider Provider { get; }
    public string ConnectionString { get; private set; } = "";
    public string KeyFile => Path.Combine(_workDir, "personal-data.json");

    protected abstract Task<string> CreateDatabaseAsync(string workDir);
    protected abstract Task DropDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Gongzhi", ConnectionString);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Residents", "1200");
        builder.UseSetting("PersonalData:KeyFile", KeyFile);
        builder.UseSetting("Notifications:DevelopmentOutbox", Path.Combine(_workDir, "outbox"));
        builder.UseSetting("Database:StrictQueries", "true");
        builder.UseSetting("Jobs:Run", "false"); // tests tick the scheduler themselves, on their own clocks
        // …and run the outbox dispatcher themselves: a test's dispatcher on a clock a year ahead sees the claims of a
        // background one on the real clock as expired, and both would send (and lock) the same rows.
        builder.UseSetting("Notifications:Dispatch", "false");
        builder.UseSetting("Security:SignInsPerMinute", "100000");
        builder.UseSetting("Requests:Public:PerAddressPerMinute", "100000"); // every test client is one address; a test of its own lowers it
        // Open311 requests land on 许庄街道 by default, on 南门社区's first grid for the jurisdiction "nanmen-w01".
        builder.UseSetting("Open311:DefaultAreaCode", DemoCodes.OtherStreet);
        builder.UseSetting("Open311:Jurisdictions:nanmen-w01", DemoCodes.Grid1);
        builder.UseSetting("Open311:ReadsPerMinute", "100000");
        builder.UseSetting("Assistant:AskPerMinute", "100000");
        builder.UseSetting("Care:DoorPerMinute", "100000");
        builder.UseSetting("Care:SmsInboundSecret", SmsSecret);
        // The values published with WeCom's callback sample (WXBizMsgCrypt): the tests replay its requests.
        builder.UseSetting("Assistant:WeCom:Token", Assistant.WeComSample.Token);
        builder.UseSetting("Assistant:WeCom:EncodingAESKey", Assistant.WeComSample.EncodingAesKey);
        builder.UseSetting("Assistant:WeCom:CorpId", Assistant.WeComSample.CorpId);
        // Forced sign-outs reach open sessions within a second (production: a minute), so tests can watch them.
        builder.UseSetting("Accounts:SessionCheckSeconds", "1");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        builder.ConfigureLogging(logging => logging.AddProvider(new ErrorCollector(ServerErrors)));
    }

    /// <summary>Errors the server logged (with their exceptions): shown by assertions when a request fails unexpectedly.</summary>
    public ConcurrentQueue<string> ServerErrors { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync(_workDir);
        StartServer(); // migrates and seeds (StartupTasks)
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await DropDatabaseAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
    }

    /// <summary>An API client signed in with a bearer token as the given account.</summary>
    public async Task<HttpClient> ClientFor(string userName, string password = Password, string culture = "zh-CN")
    {
        var token = _tokens.TryGetValue(userName, out var cached) ? cached : await TokenAsync(userName, password);
        _tokens[userName] = token;
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        return client;
    }

    public HttpClient Anonymous(string culture = "zh-CN")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        return client;
    }

    public async Task<string> TokenAsync(string userName, string password = Password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>A DbContext that sees everything (for assertions only).</summary>
    public async Task<T> Db<T>(Func<GongzhiDb, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().GrantAll();
        return await query(scope.ServiceProvider.GetRequiredService<GongzhiDb>());
    }

    /// <summary>Test data made the way users make it (see <see cref="Infrastructure.Given"/>).</summary>
    public Given Given => new(this);

    /// <summary>A fresh, unique name for data a test creates, so tests sharing the demo never collide.</summary>
    /// <summary>The inbound SMS webhook's shared secret (Care:SmsInboundSecret) in the test apps.</summary>
    public const string SmsSecret = "test-sms-secret-0123456789";

    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid().ToString("N")[..8]}";
}

internal sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) errors.Enqueue(formatter(state, exception) + "\n" + exception);
    }
    public void Dispose() { }
}

public class SqliteApp : GongzhiApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    private string? _file;

    protected override Task<string> CreateDatabaseAsync(string workDir)
    {
        _file = Path.Combine(workDir, "gongzhi.db");
        return Task.FromResult($"Data Source={_file}");
    }

    protected override Task DropDatabaseAsync() => Task.CompletedTask;
}

/// <summary>
/// A small Gongzhi of its own on SQLite (ten demo residents) with a few settings changed: for tests of limits and
/// misconfiguration that would disturb the shared apps.
/// </summary>
public abstract class SmallSqliteApp(string name, params (string Key, string Value)[] settings) : GongzhiApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    protected override Task<string> CreateDatabaseAsync(string workDir) => Task.FromResult($"Data Source={Path.Combine(workDir, name + ".db")}");
    protected override Task DropDatabaseAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Residents", "10");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

public class PostgresApp : GongzhiApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
    private string? _database;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("GONGZHI_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "GONGZHI_TEST_POSTGRES is not set. Run the suite with scripts/test.sh, which starts PostgreSQL and sets it.");

    protected override async Task<string> CreateDatabaseAsync(string workDir)
    {
        _database = "gongzhi_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database }.ToString();
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_database is null) return;
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>
{
    public const string Name = "postgres";
}
