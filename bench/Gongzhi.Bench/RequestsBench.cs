using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Gongzhi.Demo;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.Bench;

/// <summary>
/// Staff lists and statistics over a million requests. Loads the real Rencheng tree with a small synthetic registry
/// (the nodes requests hang on), writes <c>N</c> requests spread over a year and every building through the bulk path
/// the app itself uses (<see cref="BulkInsert"/>, so the rows are exactly what EF would store), then starts Gongzhi as
/// its own process and times the role lists as a grid worker, a community worker and street staff.
/// Usage: requests sqlite|postgres [requests]
/// </summary>
internal static class RequestsBench
{
    private const int Seed = 20261129;

    public static async Task RunAsync(string[] args)
    {
        var provider = args.Length > 0 && args[0].StartsWith("p", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var count = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
        var work = BenchDatabase.Folder();
        // GONGZHI_BENCH_REUSE=1 (SQLite): measure again on the database a previous run generated (brought to this
        // build's schema by its migrations) instead of writing a million requests anew.
        var file = Path.Combine(work, "bench_requests.db");
        var reuse = provider == DatabaseProvider.Sqlite && Environment.GetEnvironmentVariable("GONGZHI_BENCH_REUSE") == "1" && File.Exists(file + ".json");
        var connectionString = reuse ? $"Data Source={file}" : await BenchDatabase.CreateAsync(provider, "bench_requests");
        var settings = BenchDatabase.Settings(provider, connectionString);
        var report = new StringBuilder();
        void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }

        await using var host = BenchDatabase.Host(settings);
        var clock = Stopwatch.StartNew();
        Generator.Result data = null!;
        Dictionary<string, string> accounts = null!;
        var written = 0;
        TimeSpan treeTime = default;
        if (reuse)
        {
            data = JsonSerializer.Deserialize<Generator.Result>(await File.ReadAllTextAsync(file + ".json"))!;
            await host.Services.AsSystemAsync(async sp =>
            {
                await sp.GetRequiredService<Migrator>().MigrateAsync();
                written = await sp.GetRequiredService<GongzhiDb>().Requests.IgnoreQueryFilters().CountAsync();
            });
            Console.WriteLine($"Reusing {file}.");
        }
        else
        {
            await host.Services.AsSystemAsync(async sp =>
            {
                await BenchDatabase.PrepareAsync(sp);
                var db = sp.GetRequiredService<GongzhiDb>();
                Console.WriteLine("Generating the tree and a small registry …");
                data = await new Generator(provider, connectionString, sp.GetRequiredService<PersonalDataProtector>()).RunAsync(db, 60_000, Seed);
                accounts = await BenchAccounts.CreateAsync(sp, ("bench-admin", Roles.Admin, null), ("bench-street", Roles.Street, data.Street),
                    ("bench-community", Roles.Community, data.Community), ("bench-grid", Roles.Grid, data.Grid));
            });
            treeTime = clock.Elapsed;
            clock.Restart();
            await host.Services.AsSystemAsync(async sp =>
                written = await WriteRequestsAsync(sp, count, data, accounts));
            if (provider == DatabaseProvider.Sqlite) await File.WriteAllTextAsync(file + ".json", JsonSerializer.Serialize(data));
        }
        var size = provider == DatabaseProvider.Sqlite ? new FileInfo(Path.Combine(work, "bench_requests.db")).Length : 0L;
        Say($"### {provider}: {written:N0} requests over one year on {data.Nodes:N0} generated nodes (tree {treeTime.TotalSeconds:0} s, requests written in {clock.Elapsed.TotalSeconds:0} s{(size > 0 ? $", database file {size / 1024 / 1024:N0} MB" : "")})");
        Say("");

        await using var server = await BenchServer.StartAsync(settings, 5195 + (int)provider);
        var admin = await server.SignInAsync("bench-admin", BenchAccounts.Password);
        var street = await server.SignInAsync("bench-street", BenchAccounts.Password);
        var community = await server.SignInAsync("bench-community", BenchAccounts.Password);
        var gridWorker = await server.SignInAsync("bench-grid", BenchAccounts.Password);
        async Task Measure(string label, HttpClient client, string url, int runs = 300) => Say(await BenchServer.MeasureAsync(label, client, () => url, runs));

        // GONGZHI_BENCH_ONLY=public skips the lists and statistics (to repeat the load test alone).
        var onlyPublic = Environment.GetEnvironmentVariable("GONGZHI_BENCH_ONLY") == "public";
        if (!onlyPublic)
        {
        Say("| request | runs | p50 ms | p95 ms | p99 ms | total found |");
        Say("|---|---|---|---|---|---|");
        await Measure($"my queue (grid worker, {data.Grid})", gridWorker, "/api/requests?list=Mine");
        await Measure("role-list counts (grid worker)", gridWorker, "/api/requests/counts");
        await Measure($"my community, first page (community worker, {data.Community})", community, "/api/requests?list=Area");
        await Measure("overdue (community worker)", community, "/api/requests?list=Overdue");
        await Measure("awaiting return visit (community worker)", community, "/api/requests?list=AwaitingReturnVisit");
        await Measure("role-list counts (community worker)", community, "/api/requests/counts");
        await Measure($"whole street, first page (street staff, {data.Street})", street, "/api/requests?list=Area");
        await Measure("whole street, category 物业管理 and its children (street staff)", street, "/api/requests?list=Area&category=property");
        await Measure("whole street, overdue (street staff)", street, "/api/requests?list=Overdue");
        await Measure("role-list counts (street staff)", street, "/api/requests/counts");
        await Measure("whole district, first page (admin)", admin, "/api/requests?list=Area");
        // A substring of the description reads every row of the street (no full-text index yet): fewer runs.
        await Measure("whole street, words in the description (street staff)", street, "/api/requests?list=Area&q=漏水", 50);
        await Measure("supervised list (street staff)", street, "/api/requests?list=Supervised");
        await Measure($"statistics, last 90 days (community worker, {data.Community})", community, "/api/requests/statistics");
        await Measure($"statistics, last 90 days (street staff, {data.Street})", street, $"/api/requests/statistics?area={data.Street}");
        await Measure("statistics, one year (street staff)", street,
            $"/api/requests/statistics?area={data.Street}&from={DateTime.UtcNow.AddHours(8).AddDays(-364):yyyy-MM-dd}");
        Say("");
        }
        var tokens = await DoorPlateTokensAsync(admin, data.SampleBuildings, 400);
        await server.DisposeAsync();

        // The public door-plate submission under load: wrk against a server whose outbox delivers the tracking SMS
        // (development file sender) as production would, with the anonymous limits raised so that they do not
        // answer instead of the endpoint (they are tested, not measured, here).
        var phones = Enumerable.Range(0, 200).Select(i => $"1370000{i:D4}").ToList();
        string[] publicSettings = [.. settings.Where(x => !x.StartsWith("--Notifications:Dispatch")), "--Notifications:Dispatch=true",
            "--Requests:Public:PerAddressPerMinute=100000000", "--Requests:Public:SubmissionsPerPhonePerDay=1000000", "--Requests:Public:SubmissionsPerHouseholdPerDay=1000000"];
        await using var publicServer = await BenchServer.StartAsync(publicSettings, 5197 + (int)provider);
        var category = await FirstCategoryAsync(publicServer.Http, tokens[0]);
        // A phone confirmed once stays confirmed in its browser (a signed cookie); the bench signs those cookies with
        // the app's own key ring, as the one-time-code step would have, so that every submission is a returning resident's.
        var protector = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Gongzhi.Requests.ConfirmedPhone").ToTimeLimitedDataProtector();
        var cookies = phones.Select(p => protector.Protect(p, TimeSpan.FromDays(1))).ToList();
        var script = Path.Combine(work, "wrk-submit.lua");
        await File.WriteAllTextAsync(script, WrkScript(tokens, cookies, category));
        var url = $"http://127.0.0.1:{publicServer.Port}";
        await Wrk(script, url, 2, 16, 10); // warm-up
        foreach (var connections in new[] { 16, 64 })
        {
            var run = await Wrk(script, url, 2, connections, 30);
            Say($"wrk -t2 -c{connections} -d30s --timeout 10s --latency -s wrk-submit.lua (public door-plate submission, no photo): {run.Rate:N0} requests/s, p50 {run.P50}, p90 {run.P90}, p99 {run.P99}, {run.Failed:N0} failed (non-2xx or no answer) of {run.Total:N0}");
        }
        Say("");
        await File.WriteAllTextAsync(Path.Combine(work, $"requests-{provider}.md".ToLowerInvariant()), report.ToString());
    }

    private static async Task<List<string>> DoorPlateTokensAsync(HttpClient staff, IReadOnlyList<long> buildings, int wanted)
    {
        var tokens = new List<string>();
        foreach (var building in buildings)
        {
            var sheet = await staff.GetFromJsonAsync<JsonElement>($"/api/door-plates/buildings/{building}");
            tokens.AddRange(sheet.GetProperty("plates").EnumerateArray().Select(p => p.GetProperty("token").GetString()!));
            if (tokens.Count >= wanted) break;
        }
        return tokens;
    }

    private static async Task<string> FirstCategoryAsync(HttpClient http, string token)
    {
        var form = await http.GetFromJsonAsync<JsonElement>($"/api/public/door-plates/{token}");
        return form.GetProperty("categories").EnumerateArray().First(c => c.GetProperty("isChild").GetBoolean()).GetProperty("code").GetString()!;
    }

    /// <summary>Each request a random household's code and a random confirmed phone's cookie.</summary>
    private static string WrkScript(List<string> tokens, List<string> cookies, string category)
    {
        static string List(IEnumerable<string> items) => "{" + string.Join(",", items.Select(t => $"\"{t}\"")) + "}";
        return $$"""
            local tokens = {{List(tokens)}}
            local cookies = {{List(cookies)}}
            local body = '{"categoryCode":"{{category}}","description":"楼道灯坏了，晚上上下楼看不清，请尽快修理。"}'
            math.randomseed(os.time())
            request = function()
              local path = "/api/public/door-plates/" .. tokens[math.random(#tokens)] .. "/requests"
              return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Cookie"] = "gz_phone=" .. cookies[math.random(#cookies)] }, body)
            end
            """;
    }

    private sealed record WrkRun(double Rate, string P50, string P90, string P99, long Total, long Failed);

    private static async Task<WrkRun> Wrk(string script, string url, int threads, int connections, int seconds)
    {
        var start = new ProcessStartInfo("wrk", $"-t{threads} -c{connections} -d{seconds}s --timeout 10s --latency -s {script} {url}") { RedirectStandardOutput = true };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk is not installed (Debian package wrk).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        string Percentile(string p) => Regex.Match(output, $@"^\s*{p}%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;
        var total = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value);
        var failed = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value) : 0;
        // A request without an answer in 10 s is a failure too (wrk counts it apart, as a socket error).
        failed += Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)") is { Success: true } e
            ? e.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value)) : 0;
        var rate = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new WrkRun(rate, Percentile("50"), Percentile("90"), Percentile("99"), total, failed);
    }

    /// <summary>
    /// Requests over the last year on every generated building: most closed, the recent ones in every open state;
    /// the bench grid worker and community worker handle and first-accept their share so "my queue" is not empty.
    /// </summary>
    private static async Task<int> WriteRequestsAsync(IServiceProvider sp, int count, Generator.Result data, Dictionary<string, string> accounts)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var protector = sp.GetRequiredService<PersonalDataProtector>();
        var random = new Random(Seed);
        var people = new DemoPeople(random);
        var now = DateTimeOffset.UtcNow;
        var categories = await db.RequestCategories.AsNoTracking().Where(c => c.ParentId != null).ToListAsync();
        var buildings = await db.AreaNodes.IgnoreQueryFilters().AsNoTracking().Where(n => n.Level == AreaLevel.Building && n.Path.StartsWith("/37/3708/370811/"))
            .Select(n => new { n.Id, n.Path, n.Name }).ToListAsync();
        var gridPath = (await db.AreaNodes.IgnoreQueryFilters().FirstAsync(n => n.Code == data.Grid)).Path;
        var communityPath = (await db.AreaNodes.IgnoreQueryFilters().FirstAsync(n => n.Code == data.Community)).Path;
        string[] texts = ["楼上漏水，卫生间天花板滴水", "楼道堆放杂物，影响通行", "小区路灯不亮", "暖气不热，室温不到十六度", "夜间广场舞噪音扰民", "车辆占用消防通道", "垃圾清运不及时", "电梯经常停运"];
        // A few thousand distinct phones, as residents file more than one request.
        var phones = Enumerable.Range(0, 5000).Select(_ => people.Phone()).Select(p => (Cipher: protector.Encrypt(p), Hash: protector.LookupHash(p), Masked: Masking.Phone(p))).ToArray();
        const int batch = 20_000;
        var written = 0;
        while (written < count)
        {
            var size = Math.Min(batch, count - written);
            await using var tx = await db.Database.BeginTransactionAsync();
            var ids = await BulkInsert.TakeIdsAsync(db, "requests", size, default);
            var rows = new List<Request>(size);
            for (var i = 0; i < size; i++)
            {
                var b = buildings[random.Next(buildings.Count)];
                var category = categories[random.Next(categories.Count)];
                var submitted = now.AddMinutes(-random.Next(0, 365 * 24 * 60));
                var ageDays = (now - submitted).TotalDays;
                var status = ageDays > 30
                    ? random.Next(100) switch { < 93 => RequestStatus.Closed, < 96 => RequestStatus.AwaitingReturnVisit, < 98 => RequestStatus.Resolved, _ => RequestStatus.InProgress }
                    : (RequestStatus)random.Next(1, 8);
                var phone = phones[random.Next(phones.Length)];
                var mine = b.Path.StartsWith(gridPath) ? accounts["bench-grid"] : b.Path.StartsWith(communityPath) ? accounts["bench-community"] : $"worker-{b.Path.Split('/')[5]}";
                var accepted = status >= RequestStatus.Accepted ? submitted.AddMinutes(random.Next(5, 60 * 30)) : (DateTimeOffset?)null;
                var resolved = status >= RequestStatus.Resolved ? accepted!.Value.AddHours(random.Next(1, 24 * 10)) : (DateTimeOffset?)null;
                rows.Add(new Request
                {
                    Id = ids[i],
                    TrackingCode = Gongzhi.Modules.Requests.Features.Workflow.RequestFactory.NewTrackingCode(),
                    Channel = (RequestChannel)random.Next(1, 8),
                    Status = status,
                    CategoryId = category.Id,
                    AreaNodeId = b.Id,
                    AreaPath = b.Path,
                    Address = b.Name + random.Next(1, 7) + "0" + random.Next(1, 3) + "室",
                    SubmitterName = people.Name(random.Next(2) == 0 ? Gongzhi.Modules.Registry.Domain.Sex.Male : Gongzhi.Modules.Registry.Domain.Sex.Female),
                    SubmitterPhoneCipher = phone.Cipher,
                    SubmitterPhoneHash = phone.Hash,
                    SubmitterPhoneMasked = phone.Masked,
                    Description = texts[random.Next(texts.Length)],
                    SubmittedAt = submitted,
                    AcceptDueAt = submitted.AddHours(category.AcceptWithinHours),
                    ResolveDueAt = submitted.AddHours(category.ResolveWithinHours),
                    AcceptedAt = accepted,
                    AssignedAt = status >= RequestStatus.Assigned ? accepted : null,
                    StartedAt = status >= RequestStatus.InProgress ? accepted : null,
                    ResolvedAt = resolved,
                    FeedbackAt = status >= RequestStatus.AwaitingReturnVisit ? resolved!.Value.AddHours(random.Next(1, 48)) : null,
                    ReturnVisitAt = status == RequestStatus.Closed ? resolved!.Value.AddDays(random.Next(1, 5)) : null,
                    ClosedAt = status == RequestStatus.Closed ? resolved!.Value.AddDays(random.Next(1, 5)) : null,
                    FirstResponsibleUserId = accepted is null ? null : mine,
                    FirstResponsibleName = accepted is null ? null : "网格员",
                    HandlerUserId = accepted is null ? null : mine,
                    HandlerName = accepted is null ? null : "网格员",
                    ResolutionNote = resolved is null ? null : "已处理",
                    Satisfied = status >= RequestStatus.AwaitingReturnVisit ? random.Next(10) > 0 : null,
                    SatisfactionScore = status >= RequestStatus.AwaitingReturnVisit ? random.Next(3, 6) : null,
                    ReopenCount = random.Next(50) == 0 ? 1 : 0,
                    OverdueMinutes = random.Next(10) == 0 ? random.Next(60, 6000) : 0,
                });
            }
            await BulkInsert.InsertAsync(db, rows, default);
            await tx.CommitAsync();
            written += size;
            Console.Write($"\r{written:N0} requests");
        }
        Console.WriteLine();
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE"); // as autovacuum would: the visibility map lets the covering indexes answer alone
        else await db.Database.ExecuteSqlRawAsync("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        return written;
    }
}
