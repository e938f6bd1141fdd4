using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications;
using Gongzhi.Modules.Notifications.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gongzhi.Bench;

/// <summary>
/// The outbox benchmark: one street-wide notice to N residents enqueued through <see cref="INotifier"/> in one unit of
/// work, then delivered by one or two real Gongzhi processes through the generic HTTP JSON SMS gateway pointed at a
/// Kestrel listener in this process, which counts the requests per delivery id (lost and duplicated are counted there,
/// at the receiving end, not from the outbox's own bookkeeping).
/// Usage: outbox sqlite|postgres [messages] [nodes] [batchSize]
/// </summary>
internal static class OutboxBench
{
    public static async Task RunAsync(string[] args)
    {
        var provider = args.Length > 0 && args[0].StartsWith("p", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var count = args.Length > 1 ? int.Parse(args[1]) : 100_000;
        var nodes = args.Length > 2 ? int.Parse(args[2]) : 1;
        var batch = args.Length > 3 ? int.Parse(args[3]) : 500;
        var work = BenchDatabase.Folder();
        var keyFile = Path.Combine(work, "bench-keys.json");
        var connectionString = await BenchDatabase.CreateAsync(provider, "bench_outbox");
        string[] settings = [$"--Database:Provider={provider}", $"--ConnectionStrings:Gongzhi={connectionString}", $"--PersonalData:KeyFile={keyFile}",
            "--Logging:LogLevel:Default=Warning", "--Jobs:Run=false", $"--Notifications:DevelopmentOutbox={work}"];
        var lines = new List<string>();
        void Say(string line) { Console.WriteLine(line); lines.Add(line); }

        // 1. Enqueue in this process, which does not dispatch: one INotifier call and one SaveChangesAsync, as a module would.
        var builder = WebApplication.CreateBuilder([.. settings, "--Notifications:Dispatch=false"]);
        builder.AddGongzhi();
        await using (var host = builder.Build())
        {
            await host.Services.AsSystemAsync(async sp =>
            {
                await sp.GetRequiredService<Migrator>().MigrateAsync();
                await StartupTasks.EnsureReferenceDataAsync(sp, default);
            });
            var residents = Enumerable.Range(1, count).Select(i => ((long)i, (string?)$"139{i:D8}")).ToList();
            var message = new OutgoingMessage(NotificationsModule.Notice.Code, "bench:street-notice:2026-11-29", [.. Recipient.Residents(residents)],
                new Dictionary<string, string> { ["title"] = "停水通知", ["text"] = "因管网维修，11月30日8:00–18:00全街道停水，请提前储水。" },
                Channels.Sms, Urgent: true);
            var watch = Stopwatch.StartNew();
            TimeSpan enqueued = default;
            await host.Services.AsSystemAsync(async sp =>
            {
                var db = sp.GetRequiredService<GongzhiDb>();
                await sp.GetRequiredService<INotifier>().EnqueueAsync(message, default);
                enqueued = watch.Elapsed;
                await db.SaveChangesAsync();
            });
            var total = watch.Elapsed;
            Say($"| enqueue {count:N0} SMS ({provider}) | {total.TotalSeconds:0.0} s (EnqueueAsync {enqueued.TotalSeconds:0.0} s, SaveChangesAsync {(total - enqueued).TotalSeconds:0.0} s) | bench process peak {Peak("self"):N0} MB |");
        }

        // 2. The receiving end: a local "SMS gateway" that counts each delivery id.
        var received = new ConcurrentDictionary<long, int>();
        long firstTicks = 0, lastTicks = 0, requests = 0;
        var gatewayPort = FreePort();
        var gb = WebApplication.CreateSlimBuilder();
        gb.Logging.SetMinimumLevel(LogLevel.Warning);
        gb.WebHost.UseUrls($"http://127.0.0.1:{gatewayPort}");
        await using var gateway = gb.Build();
        gateway.MapPost("/sms", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var id = long.Parse(body.RootElement.GetProperty("id").GetString()!);
            received.AddOrUpdate(id, 1, (_, n) => n + 1);
            var now = Stopwatch.GetTimestamp();
            Interlocked.CompareExchange(ref firstTicks, now, 0);
            Interlocked.Exchange(ref lastTicks, now);
            Interlocked.Increment(ref requests);
            return Results.Text("""{"ok":true}""", "application/json");
        });
        await gateway.StartAsync();

        // 3. The app nodes, as real processes.
        var processes = new List<Process>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { foreach (var p in processes) try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } };
        var dll = Path.Combine(AppContext.BaseDirectory, "Gongzhi.dll");
        var started = Stopwatch.StartNew();
        var startTs = Stopwatch.GetTimestamp();
        for (var i = 0; i < nodes; i++)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            foreach (var s in settings.Concat([$"--Urls=http://127.0.0.1:{FreePort()}", "--Notifications:Sms:Provider=Http",
                         $"--Notifications:Sms:Http:Url=http://127.0.0.1:{gatewayPort}/sms", "--Notifications:PollSeconds=1", "--Notifications:Sms:PerSecond=0", $"--Notifications:BatchSize={batch}"]))
                start.ArgumentList.Add(s);
            var p = Process.Start(start)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"node{processes.Count}: " + e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            processes.Add(p);
        }
        // Bounded: stop when every message arrived and nothing more came for 3 s, or after 10 minutes.
        long seen = -1;
        var quiet = Stopwatch.StartNew();
        var peaks = new long[nodes];
        while (started.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(250);
            for (var i = 0; i < nodes; i++) if (!processes[i].HasExited) peaks[i] = Math.Max(peaks[i], Peak(processes[i].Id.ToString()));
            var r = Interlocked.Read(ref requests);
            if (r != seen) { seen = r; quiet.Restart(); }
            if (received.Count >= count && quiet.Elapsed > TimeSpan.FromSeconds(3)) break;
            if (processes.Any(p => p.HasExited)) throw new InvalidOperationException("A node stopped.");
        }
        foreach (var p in processes) { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        var seconds = Stopwatch.GetElapsedTime(firstTicks, lastTicks).TotalSeconds;
        var lost = count - received.Count;
        var duplicated = received.Values.Sum(n => n - 1);
        Say($"| deliver {count:N0} SMS, {nodes} node(s) on {provider}, batch {batch} | {seconds:0.0} s first to last request, {(seconds > 0 ? received.Count / seconds : 0):N0} messages/s | {Stopwatch.GetElapsedTime(startTs, lastTicks).TotalSeconds:0.0} s from starting the nodes | lost {lost:N0}, duplicated {duplicated:N0} | node peak {string.Join(" / ", peaks.Select(p => $"{p:N0} MB"))} |");
        await gateway.StopAsync();
        await File.WriteAllLinesAsync(Path.Combine(work, $"outbox-{provider}-{nodes}.md".ToLowerInvariant()), lines);
    }

    /// <summary>Peak resident memory (VmHWM) of a process, MB.</summary>
    private static long Peak(string pid)
    {
        try { return long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024; }
        catch (IOException) { return 0; }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
