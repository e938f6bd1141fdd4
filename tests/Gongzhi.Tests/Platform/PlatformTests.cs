using System.Net;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Platform;

public abstract class PlatformTests(GongzhiApp app)
{
    [Fact]
    public async Task Health_readiness_openapi_and_metrics_answer()
    {
        var anonymous = app.Anonymous();
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/readyz"));
        var openApi = await anonymous.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/areas/{code}/children", openApi);
        Assert.Contains("/api/auth/token", openApi);
        await anonymous.GetAsync("/api/areas/x"); // one more request to count
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", metrics);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/healthz\"[^}]*\\} [1-9]", metrics);
        var docs = await anonymous.GetAsync("/api-docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Metrics_keep_every_family_when_another_app_host_in_the_process_stops()
    {
        // Production runs one host per process, but tests (and in-process maintenance verbs) start and stop others beside
        // it: a stopping host disposes its meters, which must not end this host's streams of the same names.
        IAsyncLifetime other = new Accounts.TightSignInApp();
        try
        {
            await other.InitializeAsync();
            await ((GongzhiApp)other).Anonymous().GetStringAsync("/healthz");
            await ((GongzhiApp)other).Anonymous().GetStringAsync("/metrics");
        }
        finally
        {
            await other.DisposeAsync();
        }
        var anonymous = app.Anonymous();
        await anonymous.GetStringAsync("/metrics"); // OpenTelemetry drops an ended stream after the first scrape following its end
        await anonymous.GetStringAsync("/healthz");
        await app.Services.GetRequiredService<Gongzhi.Modules.Notifications.Features.Dispatch.OutboxDispatcher>().RefreshDepthAsync(default);
        var metrics = await anonymous.GetStringAsync("/metrics");
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/healthz\"[^}]*\\} [1-9]", metrics);
        Assert.Contains("# TYPE gongzhi_outbox_queue_depth gauge", metrics);
    }

    [Fact]
    public async Task The_api_docs_link_redirects_to_the_page_and_the_document_declares_the_bearer_token()
    {
        var anonymous = app.Anonymous();
        foreach (var link in new[] { "/api-docs", "/api-docs/" })
        {
            using var redirect = await anonymous.GetAsync(link);
            Assert.True((int)redirect.StatusCode is 301 or 302 or 307 or 308, $"{link}: {(int)redirect.StatusCode}");
            Assert.Equal("/api-docs/index.html", redirect.Headers.Location?.OriginalString);
        }

        var doc = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.Str("type"));
        Assert.Equal("bearer", scheme.Str("scheme"));
        static bool NeedsBearer(System.Text.Json.JsonElement operation) =>
            operation.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.TryGetProperty("bearer", out _));
        var paths = doc.GetProperty("paths");
        Assert.True(NeedsBearer(paths.GetProperty("/api/residents").GetProperty("get")));
        Assert.True(NeedsBearer(paths.GetProperty("/api/users").GetProperty("get")));
        Assert.True(NeedsBearer(paths.GetProperty("/api/audit").GetProperty("get")));
        Assert.False(NeedsBearer(paths.GetProperty("/api/auth/token").GetProperty("post")));
        // The search conditions bind themselves but are still documented as query parameters.
        var search = paths.GetProperty("/api/residents").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")).ToList();
        Assert.Contains("tagsAny", search);
        Assert.Contains("ageMax", search);
        var export = paths.GetProperty("/api/residents/export").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name")).ToList();
        Assert.Contains("reason", export);
        Assert.Contains("sex", export);
    }

    [Fact]
    public async Task The_building_page_shows_units_and_households_to_the_community()
    {
        var community = await app.ClientFor("community");
        var html = await community.GetStringAsync($"/areas/{DemoCodes.Building12}");
        Assert.Contains("12号楼", html);
        Assert.Contains("1单元", html);
        Assert.Contains("玉苑小区12号楼1单元101室", html.Replace("&#x", "")); // a household link
        Assert.Contains("href=\"/households/", html);
    }

    [Fact]
    public async Task Personal_data_is_encrypted_at_rest()
    {
        var (cipher, masked, hash) = await app.Db(db => db.Residents.Select(r => new Tuple<string, string, string>(r.IdNumberCipher, r.IdNumberMasked, r.IdNumberHash)).FirstAsync());
        var protector = app.Services.GetRequiredService<PersonalDataProtector>();
        var idNumber = protector.Decrypt(cipher);
        Assert.Matches(@"^\d{17}[\dX]$", idNumber);
        Assert.DoesNotContain(idNumber, cipher);
        Assert.Equal(Masking.IdNumber(idNumber), masked);
        Assert.Equal(protector.LookupHash(idNumber), hash);
        // No column of any resident row holds the number in clear.
        var clear = await app.Db(db => db.Residents.CountAsync(r => r.IdNumberCipher.Contains(idNumber.Substring(6, 8)) || r.Name.Contains(idNumber)));
        Assert.Equal(0, clear);

        if (app.Provider == Gongzhi.Infrastructure.Database.DatabaseProvider.Sqlite)
        {
            // The database file itself (and its write-ahead log) holds no ID number or phone in clear.
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(app.ConnectionString).DataSource;
            var bytes = System.Text.Encoding.ASCII.GetString(await ReadShared(file)) + System.Text.Encoding.ASCII.GetString(File.Exists(file + "-wal") ? await ReadShared(file + "-wal") : []);
            Assert.DoesNotContain(idNumber, bytes);
            var phones = await app.Db(db => db.Residents.Where(r => r.PhoneCipher != null).OrderBy(r => r.Id).Select(r => r.PhoneCipher!).Take(20).ToListAsync());
            Assert.All(phones.Select(protector.Decrypt), phone => Assert.DoesNotContain(phone, bytes));
        }
        else
        {
            // PostgreSQL's files are not ours to read: scan every text column of every table instead.
            var idNumbers = (await app.Db(db => db.Residents.OrderBy(r => r.Id).Select(r => r.IdNumberCipher).Take(50).ToListAsync())).Select(protector.Decrypt).ToList();
            var phones = (await app.Db(db => db.Residents.Where(r => r.PhoneCipher != null).OrderBy(r => r.Id).Select(r => r.PhoneCipher!).Take(50).ToListAsync())).Select(protector.Decrypt).ToList();
            var hits = await ColumnsHoldingAsync([.. idNumbers, .. phones]);
            Assert.True(hits.Count == 0, "In clear: " + string.Join(", ", hits));
        }
    }

    /// <summary>The "table.column"s of the PostgreSQL database in which any of the values occurs.</summary>
    private async Task<List<string>> ColumnsHoldingAsync(IReadOnlyList<string> values)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var list = new Npgsql.NpgsqlCommand("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character')
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1)));
        Assert.Contains(columns, c => c == ("residents", "IdNumberCipher")); // the scan sees the tables that matter

        var patterns = values.Select(v => "%" + v + "%").ToArray();
        var hits = new List<string>();
        foreach (var (table, column) in columns)
        {
            await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE \"{column}\" LIKE ANY (@patterns)", connection);
            command.Parameters.AddWithValue("patterns", patterns);
            if ((long)(await command.ExecuteScalarAsync())! > 0) hits.Add($"{table}.{column}");
        }
        return hits;
    }

    private static async Task<byte[]> ReadShared(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlatformTestsOnSqlite(SqliteApp app) : PlatformTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlatformTestsOnPostgres(PostgresApp app) : PlatformTests(app);
