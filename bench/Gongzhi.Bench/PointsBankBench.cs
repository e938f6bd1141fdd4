using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gongzhi.Demo;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Ledger;
using Gongzhi.Modules.PointsBank.Features.Passbook;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Gongzhi.Bench;

/// <summary>
/// The points bank at district scale: <c>V</c> volunteers' accounts on every community's savings office of the real
/// Rencheng tree and <c>M</c> ledger movements (M/2 earnings over the last year, each two legs: the office's issuing
/// account −n, the volunteer +n, with the running balance after each leg), written in bulk (binary COPY on
/// PostgreSQL, prepared multi-row INSERTs in one transaction on SQLite). Balances on the account rows are the sums of
/// their movements and every transaction sums to zero, so <c>ledger-check</c> must pass. Then times, against Gongzhi
/// as its own process: a balance read, a passbook page, an area's yearly points ranking (the bank's ranking use case,
/// over the yearly totals written with the accounts), many parallel clients redeeming one item (rate, no oversell, stock
/// and balances after), and <c>ledger-check</c> over everything.
/// Usage: pointsbank sqlite|postgres [volunteers] [movements] [parallelClients] [stock]
/// </summary>
internal static class PointsBankBench
{
    private const int Seed = 20261130;

    public sealed record Seeded(int Volunteers, long Movements, List<long> SampleAccounts, string Community, string Street, double SeedSeconds);

    public static async Task RunAsync(string[] args)
    {
        var provider = args.Length > 0 && args[0].StartsWith("p", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var volunteers = args.Length > 1 ? int.Parse(args[1]) : 300_000;
        var movements = args.Length > 2 ? long.Parse(args[2]) : 10_000_000;
        var clients = args.Length > 3 ? int.Parse(args[3]) : 64;
        var stock = args.Length > 4 ? int.Parse(args[4]) : 3000;
        var work = BenchDatabase.Folder();
        // GONGZHI_BENCH_REUSE=1 (SQLite): measure again on the database a previous run wrote (the redemption test
        // adds a new item each run, so it can be repeated on the same data).
        var file = Path.Combine(work, "bench_points.db");
        // On PostgreSQL GONGZHI_BENCH_REUSE=1 measures again on the database gongzhi_bench_points a previous run wrote.
        var reuseWanted = Environment.GetEnvironmentVariable("GONGZHI_BENCH_REUSE") == "1";
        var reuse = reuseWanted && (provider == DatabaseProvider.Postgres || File.Exists(file + ".json"));
        var connectionString = !reuse ? await BenchDatabase.CreateAsync(provider, "bench_points")
            : provider == DatabaseProvider.Sqlite ? $"Data Source={file}"
            : new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("GONGZHI_BENCH_POSTGRES") ?? "Host=127.0.0.1;Port=55432;Username=postgres") { Database = "gongzhi_bench_points" }.ToString();
        var settings = BenchDatabase.Settings(provider, connectionString);
        var report = new StringBuilder();
        void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }

        await using var host = BenchDatabase.Host(settings);
        Seeded data = null!;
        if (reuse)
        {
            await host.Services.AsSystemAsync(sp => sp.GetRequiredService<Migrator>().MigrateAsync());
            if (provider == DatabaseProvider.Sqlite) data = JsonSerializer.Deserialize<Seeded>(await File.ReadAllTextAsync(file + ".json"))!;
            else
            {
                await PostgresAfterLoadAsync(connectionString);
                await host.Services.AsSystemAsync(async sp => data = await DescribeAsync(sp));
            }
            Console.WriteLine($"Reusing {file}.");
        }
        else
        {
            await host.Services.AsSystemAsync(async sp =>
            {
                await BenchDatabase.PrepareAsync(sp);
                await BenchAccounts.CreateAsync(sp, ("bench-admin", Roles.Admin, null));
            });
            await host.Services.AsSystemAsync(async sp => data = await SeedAsync(sp, provider, connectionString, volunteers, movements));
            if (provider == DatabaseProvider.Sqlite) await File.WriteAllTextAsync(file + ".json", JsonSerializer.Serialize(data));
        }
        var size = provider == DatabaseProvider.Sqlite ? new FileInfo(file).Length : 0L;
        Say($"### {provider}: {data.Volunteers:N0} volunteer accounts, {data.Movements:N0} movements ({data.Movements / 2:N0} earnings) " +
            $"(written in {data.SeedSeconds:0} s{(size > 0 ? $", database file {size / 1024 / 1024:N0} MB" : "")})");
        Say("");

        await using var server = await BenchServer.StartAsync(settings, 5199 + (int)provider);
        var admin = await server.SignInAsync("bench-admin", BenchAccounts.Password);
        var random = new Random(7);
        long Sample() => data.SampleAccounts[random.Next(data.SampleAccounts.Count)];
        // GONGZHI_BENCH_ONLY=redeem skips the reads and rankings (to repeat the redemption test and ledger-check alone).
        if (Environment.GetEnvironmentVariable("GONGZHI_BENCH_ONLY") != "redeem")
        {
        Say("| measurement | runs | p50 ms | p95 ms | p99 ms | target |");
        Say("|---|---|---|---|---|---|");
        Say(Row(await BenchServer.MeasureAsync("balance read: GET /api/points/balance (HTTP, admin)", admin, () => $"/api/points/balance?accountId={Sample()}", 500), "p95 ≤ 5 ms"));
        Say(Row(await BenchServer.MeasureAsync("balance read: passbook header, pageSize=1 (HTTP, admin)", admin, () => $"/api/points/passbook?accountId={Sample()}&pageSize=1", 500), "p95 ≤ 5 ms"));
        Say(Row(await TimeInProcessAsync("balance read: IPointsLedger.BalanceAsync (in process, no HTTP)", host.Services, 500,
            (sp, ct) => sp.GetRequiredService<IPointsLedger>().BalanceAsync(1 + random.Next(data.Volunteers), ct)), "p95 ≤ 5 ms"));
        Say(Row(await BenchServer.MeasureAsync("passbook page 1, 50 lines (HTTP, admin)", admin, () => $"/api/points/passbook?accountId={Sample()}&pageSize=50", 500), "p95 ≤ 50 ms"));
        var year = BeijingTime.Today(TimeProvider.System).Year;
        foreach (var (label, code) in new[] { ("community", data.Community), ("street", data.Street), ("district", "370811") })
            Say(Row(await TimeInProcessAsync($"yearly points ranking, top 20 of a {label} ({code}), the bank's query in process", host.Services, label == "district" ? 5 : 30,
                (sp, ct) => RankingAsync(sp, code, year, ct)), "p95 ≤ 500 ms"));
        Say("");
        }

        var redemption = await RedeemUnderContentionAsync(host.Services, admin, data, clients, stock, Say);
        Say("");

        var check = Stopwatch.StartNew();
        LedgerCheckReport? result = null;
        await host.Services.AsSystemAsync(async sp => result = await sp.GetRequiredService<LedgerCheck>().RunAsync(default));
        Say($"ledger-check over everything: {result!.Accounts:N0} accounts, {result.Transactions:N0} transactions, {result.Movements:N0} movements in {check.Elapsed.TotalSeconds:0.0} s (target ≤ 60 s): " +
            (result.Passed ? "the ledger holds." : $"FAILED: {result.Balances.Count} balance difference(s), {result.Transactions_.Count} unbalanced transaction(s)."));
        Say("");
        server.Kill();
        await File.WriteAllTextAsync(Path.Combine(work, $"pointsbank-{provider}.md".ToLowerInvariant()), report.ToString());
        if (!result.Passed || !redemption) Environment.ExitCode = 1;
    }

    /// <summary>A measured row with its target in place of the "total found" column.</summary>
    private static string Row(string measured, string target)
    {
        var parts = measured.Split('|');
        return $"|{parts[1]}|{parts[2]}|{parts[3]}|{parts[4]}|{parts[5]}| {target} |";
    }

    /// <summary>Sequential timings of work in its own scope (system reach), 10 warm-ups first; the row as <see cref="BenchServer.MeasureAsync"/> writes it.</summary>
    private static async Task<string> TimeInProcessAsync<T>(string label, IServiceProvider services, int runs, Func<IServiceProvider, CancellationToken, Task<T>> work)
    {
        var times = new List<double>();
        for (var i = 0; i < runs + Math.Min(10, runs); i++)
        {
            var watch = Stopwatch.StartNew();
            await services.AsSystemAsync(sp => work(sp, default));
            if (i >= Math.Min(10, runs)) times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double P(double q) => times[Math.Max(0, (int)Math.Ceiling(q * times.Count) - 1)];
        return $"| {label} | {runs} | {P(0.5):0.0} | {P(0.95):0.0} | {P(0.99):0.0} | |";
    }

    /// <summary>
    /// The ranking the bank would serve: volunteers of an area by points earned in a Beijing calendar year (earnings
    /// net of reversals, so spending does not lower a rank), top 20. Reads the yearly totals the ledger keeps
    /// (<see cref="PointsYearTotal"/>) joined to the accounts under the area's path.
    /// </summary>
    private static async Task<int> RankingAsync(IServiceProvider sp, string areaCode, int year, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var path = await db.AreaNodes.IgnoreQueryFilters().Where(n => n.Code == areaCode).Select(n => n.Path).SingleAsync(ct);
        // The bank's own ranking query (GET /api/points/rankings/{areaCode}), top 20.
        return (await sp.GetRequiredService<Passbooks>().RankingAsync(path, year, 20, ct)).Count;
    }

    /// <summary>
    /// Many clients redeem one item of one savings office at once (staff redeeming for the office's volunteers), more
    /// attempts than stock: the rate of successful redemptions, then the proof there was no oversell (stock 0,
    /// exactly <c>stock</c> redemptions, the shop account up by exactly their points, no volunteer below zero).
    /// </summary>
    private static async Task<bool> RedeemUnderContentionAsync(IServiceProvider services, HttpClient admin, Seeded data, int clients, int wanted, Action<string> say)
    {
        const int price = 5;
        // The stock is what runs out, not the volunteers' points: at most the wanted stock, and under a small N at most 80 % of
        // what the office's volunteers can pay for together (a redemption refused for too few points is a 409 too).
        var affordable = 0L;
        await services.AsSystemAsync(async sp => affordable = await sp.GetRequiredService<GongzhiDb>().PointsAccounts.IgnoreQueryFilters()
            .Where(a => a.AreaPath.StartsWith("/37/3708/370811/" + data.Street + "/" + data.Community + "/") && a.Kind == PointsAccountKind.Volunteer).SumAsync(a => a.Balance / price));
        var stock = (int)Math.Min(wanted, affordable * 4 / 5);
        var attempts = stock + stock / 3;
        var created = await admin.PostAsJsonAsync("/api/points/shop/items", new { areaCode = data.Community, name = $"抽纸 {Guid.NewGuid():N}"[..11], kind = "Goods", pricePoints = price, stock });
        var item = await created.Content.ReadFromJsonAsync<JsonElement>();
        if (!created.IsSuccessStatusCode) throw new InvalidOperationException(item.ToString());
        var itemId = item.GetProperty("id").GetInt64();
        var bankNodeId = item.GetProperty("bankNodeId").GetInt64();
        List<long> accounts = [];
        long shopBefore = 0;
        await services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            accounts = await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.BankNodeId == bankNodeId && a.Kind == PointsAccountKind.Volunteer && a.Balance >= price)
                .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
            shopBefore = await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.BankNodeId == bankNodeId && a.Kind == PointsAccountKind.Shop).Select(a => a.Balance).SingleAsync();
        });
        // Warm the redemption path on another item of the office so the timed requests do not pay for JIT and pools.
        var run = Guid.NewGuid().ToString("N")[..8];
        var warm = await (await admin.PostAsJsonAsync("/api/points/shop/items", new { areaCode = data.Community, name = $"热身 {run}", kind = "Goods", pricePoints = price, stock = 20 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        for (var w = 0; w < 20; w++)
            (await admin.PostAsJsonAsync("/api/points/redemptions", new { itemId = warm.GetProperty("id").GetInt64(), accountId = accounts[w % accounts.Count], quantity = 1, idempotencyKey = $"warm-{run}-{w}" })).EnsureSuccessStatusCode();
        await services.AsSystemAsync(async sp => shopBefore = await sp.GetRequiredService<GongzhiDb>().PointsAccounts.IgnoreQueryFilters()
            .Where(a => a.BankNodeId == bankNodeId && a.Kind == PointsAccountKind.Shop).Select(a => a.Balance).SingleAsync());
        var next = -1;
        var outcomes = new ConcurrentDictionary<HttpStatusCode, int>();
        var latencies = new ConcurrentBag<double>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < attempts)
            {
                var t = Stopwatch.StartNew();
                using var response = await admin.PostAsJsonAsync("/api/points/redemptions", new { itemId, accountId = accounts[i % accounts.Count], quantity = 1, idempotencyKey = $"bench-{run}-{i}" });
                latencies.Add(t.Elapsed.TotalMilliseconds);
                outcomes.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            }
        }));
        var elapsed = watch.Elapsed;
        var ok = outcomes.GetValueOrDefault(HttpStatusCode.Created);
        var refused = outcomes.GetValueOrDefault(HttpStatusCode.Conflict);
        var sorted = latencies.OrderBy(x => x).ToList();
        int stockAfter = -1, redemptions = -1;
        long shopAfter = 0, negative = -1;
        await services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            stockAfter = await db.ShopItems.IgnoreQueryFilters().Where(x => x.Id == itemId).Select(x => x.Stock).SingleAsync();
            redemptions = await db.Redemptions.IgnoreQueryFilters().CountAsync(r => r.ItemId == itemId);
            shopAfter = await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.BankNodeId == bankNodeId && a.Kind == PointsAccountKind.Shop).Select(a => a.Balance).SingleAsync();
            negative = await db.PointsAccounts.IgnoreQueryFilters().LongCountAsync(a => a.Kind != PointsAccountKind.Issuing && a.Balance < 0);
        });
        var others = string.Join(", ", outcomes.Where(o => o.Key is not HttpStatusCode.Created and not HttpStatusCode.Conflict).Select(o => $"{(int)o.Key}×{o.Value}"));
        if (others.Length == 0) others = "none";
        // No oversell: never more reserved than stocked, the stock down by exactly what was reserved, one row and
        // the price on the shop account per reservation, nobody below zero; and the stock did run out.
        var correct = ok == stock && stockAfter == 0 && redemptions == ok && shopAfter - shopBefore == (long)ok * price && negative == 0;
        say($"Redemptions of one item (stock {stock:N0}, {price} points) by {clients} parallel HTTP clients, {attempts:N0} attempts over {accounts.Count:N0} volunteers of community {data.Community}: " +
            $"{ok:N0} reserved and {refused:N0} refused (409) in {elapsed.TotalSeconds:0.00} s = **{ok / elapsed.TotalSeconds:N0} redemptions/s** " +
            $"(p50 {sorted[sorted.Count / 2]:0} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:0} ms per request; other answers: {others}). " +
            $"After: stock {stockAfter}, {redemptions:N0} redemption rows, shop account +{shopAfter - shopBefore:N0} points, {negative} account(s) below zero: " +
            (correct ? "no oversell." : "INCORRECT."));
        return correct;
    }

    /// <summary>
    /// Explicit ids bypassed the identity sequences: move them past what was written; then vacuum and analyse as
    /// autovacuum would (the visibility map lets index-only scans answer). One statement per command: VACUUM cannot
    /// run inside a batch.
    /// </summary>
    private static async Task PostgresAfterLoadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "points_transactions", "points_movements", "points_accounts" })
        {
            await new NpgsqlCommand($"""SELECT setval(pg_get_serial_sequence('{table}', 'Id'), (SELECT MAX("Id") FROM {table}))""", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
        }
    }

    /// <summary>What a reused PostgreSQL database holds, as <see cref="SeedAsync"/> would have described it.</summary>
    private static async Task<Seeded> DescribeAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var volunteers = db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Kind == PointsAccountKind.Volunteer);
        var count = await volunteers.CountAsync();
        var first = await volunteers.MinAsync(a => a.Id);
        var movements = await db.PointsMovements.LongCountAsync();
        var community = await db.AreaNodes.IgnoreQueryFilters().Where(n => n.Level == AreaLevel.Community && n.Path.StartsWith("/37/3708/370811/"))
            .OrderBy(n => n.Code).Select(n => new { n.Code, n.Path }).FirstAsync();
        var sample = new Random(Seed + 1);
        return new Seeded(count, movements, [.. Enumerable.Range(0, 2000).Select(_ => first + sample.Next(count))], community.Code,
            community.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[3], 0);
    }

    /// <summary>
    /// Bank nodes (with their issuing and shop accounts) for every community of the district through the app's own
    /// <see cref="BankNodes"/>, then the volunteer accounts and the earnings in bulk. Two passes over the same random
    /// sequence: the first sums each account's balance so accounts are written once with their final balance before
    /// their movements; the second writes the movements with the running balance after each.
    /// </summary>
    private static async Task<Seeded> SeedAsync(IServiceProvider sp, DatabaseProvider provider, string connectionString, int volunteerCount, long movementCount)
    {
        var clock = Stopwatch.StartNew();
        var db = sp.GetRequiredService<GongzhiDb>();
        var communities = await db.AreaNodes.IgnoreQueryFilters().Where(n => n.Level == AreaLevel.Community && n.Path.StartsWith("/37/3708/370811/"))
            .OrderBy(n => n.Code).Select(n => new { n.Id, n.Code, n.Path }).ToListAsync();
        var banks = sp.GetRequiredService<BankNodes>();
        var offices = new List<(long Office, long Issuing, string Path, string Code)>();
        foreach (var c in communities)
        {
            var office = (await banks.ForAreaAsync(c.Id, default))!.Value.NearestFirst[0];
            offices.Add((office.Id, await banks.AccountIdAsync(office.Id, PointsAccountKind.Issuing, default), c.Path, c.Code));
        }
        Console.WriteLine($"{offices.Count} savings offices.");
        var firstAccount = await db.PointsAccounts.IgnoreQueryFilters().MaxAsync(a => a.Id) + 1;
        var transactions = movementCount / 2;
        var now = DateTimeOffset.UtcNow;
        var span = TimeSpan.FromDays(365).Ticks;
        // Earning i: a random volunteer, 5–60 points, at a time rising through the last year.
        (int Volunteer, int Points, DateTimeOffset At) Earning(Random r, long i) =>
            (r.Next(volunteerCount), 5 + r.Next(56), now.AddTicks(-span + span / transactions * i));
        var balances = new long[volunteerCount];
        var issued = new long[offices.Count];
        // What each volunteer earned per Beijing year: the ledger keeps these totals with each earning (the ranking reads them).
        var earned = new Dictionary<(int Volunteer, int Year), long>();
        var r1 = new Random(Seed);
        for (long i = 0; i < transactions; i++)
        {
            var (v, p, at) = Earning(r1, i);
            balances[v] += p;
            issued[v % offices.Count] += p;
            var year = BeijingTime.Date(at).Year;
            earned[(v, year)] = earned.GetValueOrDefault((v, year)) + p;
        }

        var names = new DemoPeople(new Random(Seed));
        var accounts = Enumerable.Range(0, volunteerCount).Select(v => new PointsAccount
        {
            Id = firstAccount + v, Kind = PointsAccountKind.Volunteer, BankNodeId = offices[v % offices.Count].Office, AreaPath = offices[v % offices.Count].Path,
            VolunteerId = v + 1, HolderName = names.Name(v % 2 == 0 ? Modules.Registry.Domain.Sex.Male : Modules.Registry.Domain.Sex.Female),
            Balance = balances[v], CreatedAt = now.AddDays(-366),
        }).ToList();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await BulkInsert.InsertAsync(db, accounts, default);
            await BulkInsert.InsertAsync(db, earned.Select(e => new PointsYearTotal { AccountId = firstAccount + e.Key.Volunteer, Year = e.Key.Year, Earned = e.Value }).ToList(), default);
            for (var o = 0; o < offices.Count; o++)
            {
                var id = offices[o].Issuing;
                var amount = -issued[o];
                await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, amount));
            }
            await tx.CommitAsync();
        }
        Console.WriteLine($"{volunteerCount:N0} accounts in {clock.Elapsed.TotalSeconds:0} s.");

        // Values as EF stores them on this provider (SQLite keeps DateTimeOffset as a binary long, enums as numbers).
        var timeConverter = db.Model.FindEntityType(typeof(PointsMovement))!.FindProperty(nameof(PointsMovement.PostedAt))!.GetTypeMapping().Converter;
        object Time(DateTimeOffset t) => timeConverter?.ConvertToProvider(t) ?? t;
        var firstTransaction = (await db.PointsTransactions.MaxAsync(t => (long?)t.Id) ?? 0) + 1;
        var firstMovement = (await db.PointsMovements.MaxAsync(m => (long?)m.Id) ?? 0) + 1;
        var running = new long[volunteerCount];
        var runningIssued = new long[offices.Count];
        var r2 = new Random(Seed);
        string[] reasons = ["社区环境整治 2 小时", "关爱空巢老人 1.5 小时", "文明劝导 3 小时", "垃圾分类宣传 2 小时", "助老服务订单", "疫苗接种引导 4 小时"];
        const int chunk = 200_000; // transactions per COPY / per progress line
        IEnumerable<(object?[] Tx, object?[] A, object?[] B)> Rows(long from, long count)
        {
            for (var i = from; i < from + count; i++)
            {
                var (v, p, at) = Earning(r2, i);
                var o = v % offices.Count;
                running[v] += p;
                runningIssued[o] -= p;
                var txId = firstTransaction + i;
                var time = Time(at);
                yield return (
                    [txId, (int)PointsTransactionKind.Earning, $"bench-earning:{i}", null, reasons[i % reasons.Length], "activity", (i / 40).ToString(), null, "bench", time],
                    [firstMovement + 2 * i, txId, offices[o].Issuing, (int)PointsTransactionKind.Earning, (long)-p, runningIssued[o], time],
                    [firstMovement + 2 * i + 1, txId, firstAccount + v, (int)PointsTransactionKind.Earning, (long)p, running[v], time]);
            }
        }
        const string txColumns = "\"Id\", \"Kind\", \"IdempotencyKey\", \"ReversesId\", \"Reason\", \"SourceKind\", \"SourceId\", \"PostedByUserId\", \"PostedByName\", \"PostedAt\"";
        const string mvColumns = "\"Id\", \"TransactionId\", \"AccountId\", \"Kind\", \"Amount\", \"BalanceAfter\", \"PostedAt\"";
        if (provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            // The rows are consistent by construction (and ledger-check proves it after); the foreign-key triggers
            // would double the load time of ten million rows, so this session skips them as pg_restore does.
            await new NpgsqlCommand("SET session_replication_role = replica", connection).ExecuteNonQueryAsync();
            for (long done = 0; done < transactions; done += chunk)
            {
                var rows = Rows(done, Math.Min(chunk, transactions - done)).ToList();
                await using (var copy = await connection.BeginBinaryImportAsync($"COPY points_transactions ({txColumns}) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var (t, _, _) in rows)
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync((long)t[0]!, NpgsqlDbType.Bigint);
                        await copy.WriteAsync((int)t[1]!, NpgsqlDbType.Integer);
                        await copy.WriteAsync((string)t[2]!, NpgsqlDbType.Varchar);
                        await copy.WriteNullAsync();
                        await copy.WriteAsync((string)t[4]!, NpgsqlDbType.Varchar);
                        await copy.WriteAsync((string)t[5]!, NpgsqlDbType.Varchar);
                        await copy.WriteAsync((string)t[6]!, NpgsqlDbType.Varchar);
                        await copy.WriteNullAsync();
                        await copy.WriteAsync((string)t[8]!, NpgsqlDbType.Varchar);
                        await copy.WriteAsync((DateTimeOffset)t[9]!, NpgsqlDbType.TimestampTz);
                    }
                    await copy.CompleteAsync();
                }
                await using (var copy = await connection.BeginBinaryImportAsync($"COPY points_movements ({mvColumns}) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var (_, a, b) in rows)
                    foreach (var m in new[] { a, b })
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync((long)m[0]!, NpgsqlDbType.Bigint);
                        await copy.WriteAsync((long)m[1]!, NpgsqlDbType.Bigint);
                        await copy.WriteAsync((long)m[2]!, NpgsqlDbType.Bigint);
                        await copy.WriteAsync((int)m[3]!, NpgsqlDbType.Integer);
                        await copy.WriteAsync((long)m[4]!, NpgsqlDbType.Bigint);
                        await copy.WriteAsync((long)m[5]!, NpgsqlDbType.Bigint);
                        await copy.WriteAsync((DateTimeOffset)m[6]!, NpgsqlDbType.TimestampTz);
                    }
                    await copy.CompleteAsync();
                }
                Console.Write($"\r{(done + rows.Count) * 2:N0} movements, {clock.Elapsed.TotalSeconds:0} s");
            }
            await PostgresAfterLoadAsync(connectionString);
        }
        else
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -400000;";
                await pragma.ExecuteNonQueryAsync();
            }
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            const int perStatement = 100; // rows per INSERT: 1,000 parameters at most, well under SQLite's limit
            SqliteCommand Prepare(string table, string columns, int width)
            {
                var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"INSERT INTO {table} ({columns}) VALUES " + string.Join(", ", Enumerable.Range(0, perStatement)
                    .Select(r => "(" + string.Join(", ", Enumerable.Range(0, width).Select(c => $"$p{r * width + c}")) + ")"));
                for (var p = 0; p < perStatement * width; p++) command.Parameters.Add(new SqliteParameter($"$p{p}", null));
                command.Prepare();
                return command;
            }
            await using var insertTx = Prepare("points_transactions", txColumns, 10);
            await using var insertMv = Prepare("points_movements", mvColumns, 7);
            // A remainder shorter than a statement goes row by row through one-row statements.
            async Task Write(SqliteCommand full, string table, string columns, int width, List<object?[]> rows)
            {
                var whole = rows.Count / perStatement * perStatement;
                for (var start = 0; start < whole; start += perStatement)
                {
                    for (var r = 0; r < perStatement; r++)
                    for (var c = 0; c < width; c++)
                        full.Parameters[r * width + c].Value = rows[start + r][c] ?? DBNull.Value;
                    await full.ExecuteNonQueryAsync();
                }
                for (var r = whole; r < rows.Count; r++)
                {
                    await using var one = connection.CreateCommand();
                    one.Transaction = transaction;
                    one.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", Enumerable.Range(0, width).Select(c => $"$p{c}"))})";
                    for (var c = 0; c < width; c++) one.Parameters.AddWithValue($"$p{c}", rows[r][c] ?? DBNull.Value);
                    await one.ExecuteNonQueryAsync();
                }
            }
            for (long done = 0; done < transactions; done += chunk)
            {
                var rows = Rows(done, Math.Min(chunk, transactions - done)).ToList();
                await Write(insertTx, "points_transactions", txColumns, 10, rows.Select(x => x.Tx).ToList());
                await Write(insertMv, "points_movements", mvColumns, 7, rows.SelectMany(x => new[] { x.A, x.B }).ToList());
                Console.Write($"\r{(done + rows.Count) * 2:N0} movements, {clock.Elapsed.TotalSeconds:0} s");
            }
            await transaction.CommitAsync();
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync();
        }
        Console.WriteLine();
        var sample = new Random(Seed + 1);
        return new Seeded(volunteerCount, transactions * 2,
            [.. Enumerable.Range(0, 2000).Select(_ => firstAccount + sample.Next(volunteerCount))],
            offices[0].Code, offices[0].Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[3], clock.Elapsed.TotalSeconds);
    }
}
