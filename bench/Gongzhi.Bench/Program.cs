using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Gongzhi.Bench;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Tags;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// Usage: dotnet run -c Release --project bench/Gongzhi.Bench -- sqlite|postgres [residents] [importRows]
//        dotnet run -c Release --project bench/Gongzhi.Bench -- outbox sqlite|postgres [messages] [nodes] [batchSize]
//        dotnet run -c Release --project bench/Gongzhi.Bench -- requests sqlite|postgres [requests]
//        dotnet run -c Release --project bench/Gongzhi.Bench -- assistant sqlite|postgres [entries] [rounds]
//        dotnet run -c Release --project bench/Gongzhi.Bench -- pointsbank sqlite|postgres [volunteers] [movements] [parallelClients] [stock]
//        dotnet run -c Release --project bench/Gongzhi.Bench -- notices sqlite|postgres [residents]
if (args.Length > 0 && args[0] == "outbox")
{
    await OutboxBench.RunAsync(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "assistant")
{
    await AssistantBench.RunAsync(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "pointsbank")
{
    await PointsBankBench.RunAsync(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "notices")
{
    await NoticesBench.RunAsync(args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "requests")
{
    await RequestsBench.RunAsync(args[1..]);
    return;
}
// PostgreSQL: GONGZHI_BENCH_POSTGRES (server connection string, default the test cluster on 127.0.0.1:55432).
var provider = args.Length > 0 && args[0].StartsWith("p", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
var residentTarget = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
var importRows = args.Length > 2 ? int.Parse(args[2]) : 100_000;
var work = BenchDatabase.Folder();
var keyFile = Path.Combine(work, "bench-keys.json");
var connectionString = await BenchDatabase.CreateAsync(provider, "bench");
string[] settings = [$"--Database:Provider={provider}", $"--ConnectionStrings:Gongzhi={connectionString}", $"--PersonalData:KeyFile={keyFile}", "--Logging:LogLevel:Default=Warning"];
var report = new StringBuilder();
void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }

// 1. Schema, the real tree, accounts.
var builder = WebApplication.CreateBuilder(settings);
builder.AddGongzhi();
await using var host = builder.Build();
Generator.Result data;
var clock = Stopwatch.StartNew();
// GONGZHI_BENCH_REUSE=1 (SQLite): keep the generated database beside the run and start later runs from a copy of it,
// to repeat the measurements without generating a million residents again.
var snapshot = Path.Combine(work, "bench-snapshot.db");
var reuse = provider == DatabaseProvider.Sqlite && Environment.GetEnvironmentVariable("GONGZHI_BENCH_REUSE") == "1";
if (reuse && File.Exists(snapshot) && File.Exists(snapshot + ".json"))
{
    File.Copy(snapshot, Path.Combine(work, "bench.db"), overwrite: true);
    data = JsonSerializer.Deserialize<Generator.Result>(await File.ReadAllTextAsync(snapshot + ".json"))!;
    Console.WriteLine($"Reusing the generated database {snapshot}.");
    using var scope = host.Services.CreateScope(); // brought to this build's schema
    scope.ServiceProvider.GetRequiredService<DataScope>().GrantAll();
    await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync();
}
else
{
    using (var scope = host.Services.CreateScope())
    {
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<DataScope>().GrantAll();
        await sp.GetRequiredService<Migrator>().MigrateAsync();
        await StartupTasks.EnsureReferenceDataAsync(sp, default);
        var db = sp.GetRequiredService<GongzhiDb>();
        await using (var csv = typeof(Gongzhi.Demo.DemoSeeder).Assembly.GetManifestResourceStream("divisions-rencheng-2023.csv")!)
            await sp.GetRequiredService<DivisionImporter>().ImportAsync(csv, default);
        Console.WriteLine($"Generating {residentTarget:N0} residents ({provider}) …");
        data = await new Generator(provider, connectionString, sp.GetRequiredService<PersonalDataProtector>()).RunAsync(db, residentTarget, 20261122);
        Console.WriteLine();
        await BenchAccounts.CreateAsync(sp, ("bench-admin", Roles.Admin, null), ("bench-street", Roles.Street, data.Street), ("bench-community", Roles.Community, data.Community));
        if (reuse)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            File.Copy(Path.Combine(work, "bench.db"), snapshot, overwrite: true);
            await File.WriteAllTextAsync(snapshot + ".json", JsonSerializer.Serialize(data));
        }
    }
}
var size = provider == DatabaseProvider.Sqlite ? new FileInfo(Path.Combine(work, "bench.db")).Length : 0L;
Say($"### {provider}: {data.Residents:N0} residents in {data.Households:N0} households, {data.Nodes:N0} generated nodes (generated in {clock.Elapsed.TotalSeconds:0} s{(size > 0 ? $", database file {size / 1024 / 1024:N0} MB" : "")})");
Say("");

// 2. The app as its own process, over loopback HTTP.
await using var server = await BenchServer.StartAsync(settings, 5190 + (int)provider);
var admin = await server.SignInAsync("bench-admin", BenchAccounts.Password);
var community = await server.SignInAsync("bench-community", BenchAccounts.Password);
var street = await server.SignInAsync("bench-street", BenchAccounts.Password);
var random = new Random(7);
async Task Measure(string label, HttpClient client, Func<string> url, int runs = 300) => Say(await BenchServer.MeasureAsync(label, client, url, runs));

// GONGZHI_BENCH_ONLY=policies: policy targeting (政策找人) over the generated registry instead of the searches and
// the import: a district-wide 高龄津贴 with 70 % of those who qualify enrolled and a few who do not (the review
// list), the rule preview, a full recomputation of the five lists' counts over the district, and the lists.
if (Environment.GetEnvironmentVariable("GONGZHI_BENCH_ONLY") == "policies")
{
    const string rule = "age >= 80 and residency = 户籍 and not tag 已故";
    var created = await admin.PostAsJsonAsync("/api/policies", new { name = "高龄津贴", department = "民政局", areaCode = "370811", rule });
    var policy = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
    await using (var scope = host.Services.CreateAsyncScope())
    {
        scope.ServiceProvider.GetRequiredService<DataScope>().GrantAll();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        // 70 % of those who qualify enrolled, and a few young people enrolled (the review list).
        await db.Database.ExecuteSqlRawAsync(@"INSERT INTO policy_enrolments (""PolicyId"", ""ResidentId"", ""EnrolledOn"", ""Source"", ""RecordedAt"")
            SELECT {0}, ""Id"", '2024-01-01', 2, {1} FROM residents WHERE ""BirthDate"" <= {2} AND ""ResidencyType"" = 1 AND ""Status"" = 1 AND ""Id"" % 10 < 7", policy, DateTimeOffset.UtcNow, DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-80));
        await db.Database.ExecuteSqlRawAsync(@"INSERT INTO policy_enrolments (""PolicyId"", ""ResidentId"", ""EnrolledOn"", ""Source"", ""RecordedAt"")
            SELECT {0}, ""Id"", '2024-01-01', 1, {1} FROM residents WHERE ""BirthDate"" > '1990-01-01' AND ""Id"" % 500 = 3", policy, DateTimeOffset.UtcNow);
        await db.Database.ExecuteSqlRawAsync(provider == DatabaseProvider.Sqlite ? "ANALYZE" : "ANALYZE policy_enrolments");
    }
    foreach (var (label, client, body) in new[] { ("preview: district 80+ (admin)", admin, (object)new { rule, area = "370811" }), ("preview: own community (community)", community, new { rule, area = (string?)null }) })
    {
        var times = new List<double>();
        string last = "";
        for (var i = 0; i < 12; i++)
        {
            var w = Stopwatch.StartNew();
            var r = await client.PostAsJsonAsync("/api/policies/preview", body);
            var text = await r.Content.ReadAsStringAsync();
            last = text[..Math.Min(30, text.Length)];
            times.Add(w.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Say($"{label}: p50 {times[6]:0} ms, max {times[^1]:0} ms; {last}");
    }
    for (var i = 0; i < 3; i++)
    {
        var t = Stopwatch.StartNew();
        var counts = await admin.GetStringAsync($"/api/policies/{policy}/counts?area=370811");
        Say($"counts over the district (five lists, full recomputation): {t.Elapsed.TotalMilliseconds:0} ms {counts}");
    }
    Say("| request | runs | p50 ms | p95 ms | p99 ms | total found |");
    Say("|---|---|---|---|---|---|");
    await Measure($"not-enrolled list of community {data.Community} (community)", community, () => $"/api/policies/{policy}/residents?list=not-enrolled", 200);
    await Measure($"to-review list of community {data.Community} (community)", community, () => $"/api/policies/{policy}/residents?list=to-review", 100);
    await Measure($"counts of community {data.Community} (community)", community, () => $"/api/policies/{policy}/counts", 50);
    await Measure($"not-enrolled list of street {data.Street} (street)", street, () => $"/api/policies/{policy}/residents?list=not-enrolled", 50);
    await Measure("not-enrolled list of the district (admin)", admin, () => $"/api/policies/{policy}/residents?list=not-enrolled&area=370811", 20);
    await File.WriteAllTextAsync(Path.Combine(work, $"policies-{provider}.md".ToLowerInvariant()), report.ToString());
    return;
}
// GONGZHI_BENCH_ONLY=import skips the searches (to repeat the import measurement alone).
var onlyImport = Environment.GetEnvironmentVariable("GONGZHI_BENCH_ONLY") == "import";
if (!onlyImport)
{
    Say("| request | runs | p50 ms | p95 ms | p99 ms | total found |");
    Say("|---|---|---|---|---|---|");
    await Measure($"search: street {data.Street}, living alone, age 60+ (street staff)", street, () => $"/api/residents?tagsAll=living-alone&ageMin=60");
    await Measure($"search: community {data.Community}, elderly 80+ not living alone, women", community, () => $"/api/residents?area={data.Community}&tagsAll=elderly-80&tagsNone=living-alone&sex=Female");
    await Measure($"search: grid {data.Grid}, party members aged 18–45, sorted by name", admin, () => $"/api/residents?area={data.Grid}&tagsAll=party-member&ageMin=18&ageMax=45&sort=name");
    await Measure("search: whole district 370811, living alone, age 80+ (admin)", admin, () => "/api/residents?area=370811&tagsAll=living-alone&ageMin=80");
    await Measure("resident by ID number (keyed hash, exact)", admin, () => $"/api/residents?q={data.SampleIds[random.Next(data.SampleIds.Count)]}");
    await Measure("building layout (一眼观全楼)", admin, () => $"/api/buildings/{data.SampleBuildings[random.Next(data.SampleBuildings.Count)]}/layout");
    Say("");
}

// 3. A 100,000-row import into the same database (new people in existing flats), with the server's peak memory.
// Two district-wide policies with 双提醒 lead times first, as a deployment has them: the import tells the policies
// of every committed batch (IResidentChanged), and that work is part of what is measured.
foreach (var (name, rule) in new[] { ("高龄津贴", "age >= 80 and residency = 户籍 and not tag 已故"), ("老年人优待", "age >= 60") })
{
    var created = await admin.PostAsJsonAsync("/api/policies", new { name, department = "民政局", areaCode = "370811", rule, reminderLeadTimes = "30,7" });
    if (!created.IsSuccessStatusCode) throw new InvalidOperationException(await created.Content.ReadAsStringAsync());
}
var units = new List<string>();
await using (var scope = host.Services.CreateAsyncScope())
{
    scope.ServiceProvider.GetRequiredService<DataScope>().GrantAll();
    var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
    units = await db.AreaNodes.Where(n => n.Level == AreaLevel.Unit && n.Path.StartsWith("/37/3708/370811/")).OrderBy(n => n.Path).Select(n => n.Code).Take(20_000).ToListAsync();
}
var xlsx = Path.Combine(work, "import-100k.xlsx");
var people = new Gongzhi.Demo.DemoPeople(new Random(99));
var today = DateOnly.FromDateTime(DateTime.UtcNow);
async IAsyncEnumerable<IReadOnlyList<string?>> Rows([EnumeratorCancellation] CancellationToken ct = default)
{
    await Task.CompletedTask;
    // As a community fills the form: building by building, a few people per unit, units in tree order.
    var perUnit = Math.Max(1, importRows / units.Count);
    for (var i = 0; i < importRows; i++)
    {
        var unit = units[i / perUnit % units.Count];
        var floor = 1 + i % perUnit % 6;
        var sex = i % 2 == 0 ? Sex.Male : Sex.Female;
        // Born in 1905–1915: no generated resident shares these ID numbers.
        var birth = new DateOnly(1905 + i % 10, 1, 1).AddDays(i / 10 % 365);
        yield return [unit, floor.ToString(), $"{floor}0{1 + i % 2}", null, people.Name(sex), people.IdNumber(birth, sex), "其他", "常住", people.Phone(), "汉族", null, null, null, null, null, null];
    }
}
await using (var file = File.Create(xlsx))
    await Xlsx.WriteAsync(file, "一表采集", [.. Gongzhi.Modules.Registry.Features.Import.RegistryForm.Fields.Select(f => f.Header)], Rows());
var before = server.ResidentMb();
var upload = new MultipartFormDataContent { { new StreamContent(File.OpenRead(xlsx)), "file", "import-100k.xlsx" } };
var importWatch = Stopwatch.StartNew();
var response = await community.PostAsync("/api/registry/import", upload);
var importTime = importWatch.Elapsed;
var result = await response.Content.ReadFromJsonAsync<JsonElement>();
if (!response.IsSuccessStatusCode) throw new InvalidOperationException(result.ToString());
// The community account reaches one community: rows for other communities are rejected as out of reach,
// which exercises validation on every row; the admin account then imports the whole file.
var inScope = result.GetProperty("added").GetInt32();
var adminWatch = Stopwatch.StartNew();
var adminResponse = await admin.PostAsync("/api/registry/import", new MultipartFormDataContent { { new StreamContent(File.OpenRead(xlsx)), "file", "import-100k.xlsx" } });
var adminTime = adminWatch.Elapsed;
var adminResult = await adminResponse.Content.ReadFromJsonAsync<JsonElement>();
if (!adminResponse.IsSuccessStatusCode) throw new InvalidOperationException(adminResult.ToString());
Say("| import (.xlsx, " + $"{new FileInfo(xlsx).Length / 1024 / 1024:N1} MB, {importRows:N0} rows) | seconds | added | updated | unchanged | rejected |");
Say("|---|---|---|---|---|---|");
Say($"| by a community worker (rows outside the community rejected) | {importTime.TotalSeconds:0.0} | {inScope:N0} | {result.GetProperty("updated").GetInt32():N0} | {result.GetProperty("unchanged").GetInt32():N0} | {result.GetProperty("rejected").GetInt32():N0} |");
Say($"| by an admin (all rows) | {adminTime.TotalSeconds:0.0} | {adminResult.GetProperty("added").GetInt32():N0} | {adminResult.GetProperty("updated").GetInt32():N0} | {adminResult.GetProperty("unchanged").GetInt32():N0} | {adminResult.GetProperty("rejected").GetInt32():N0} |");
Say("");
Say($"Server process memory: {before:N0} MB resident before the imports, peak {server.PeakMb():N0} MB (VmHWM, whole process).");
server.Kill();
await File.WriteAllTextAsync(Path.Combine(work, $"{provider}.md".ToLowerInvariant()), report.ToString());
