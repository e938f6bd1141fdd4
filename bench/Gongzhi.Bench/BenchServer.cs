using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gongzhi.Bench;

/// <summary>
/// Gongzhi as its own process on loopback, as production runs it (Release build, its own GC and thread pool), and the
/// measuring side: sign-in as a bench account and percentile timings of sequential requests.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;
    public HttpClient Http { get; }
    public int Port { get; }
    public int ProcessId => _process.Id;

    private BenchServer(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(15) };
    }

    public static async Task<BenchServer> StartAsync(IEnumerable<string> settings, int port, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gongzhi.dll"));
        foreach (var s in settings.Append($"--Urls=http://127.0.0.1:{port}")) start.ArgumentList.Add(s);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        var server = new BenchServer(process, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => server.Kill();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; ; i++)
        {
            try { if ((await server.Http.GetAsync("/readyz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
            if (i > 240) throw new TimeoutException("The app did not become ready.");
            await Task.Delay(500);
        }
        return server;
    }

    /// <summary>A client signed in (bearer token) as one of the bench accounts.</summary>
    public async Task<HttpClient> SignInAsync(string user, string password)
    {
        var response = await Http.PostAsJsonAsync("/api/auth/token", new { userName = user, password });
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromMinutes(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }

    /// <summary>Peak and current resident memory of the server process, in MB (from /proc).</summary>
    public long PeakMb() => ProcStatus("VmHWM:");
    public long ResidentMb() => ProcStatus("VmRSS:");
    private long ProcStatus(string field) =>
        long.Parse(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;

    /// <summary>
    /// 30 warm-up requests, then <paramref name="runs"/> sequential ones; a markdown row with p50/p95/p99 and, for a
    /// paged answer (<c>{"items":…,"total":…}</c>), the total of the first.
    /// </summary>
    public static async Task<string> MeasureAsync(string label, HttpClient client, Func<string> url, int runs = 300)
    {
        for (var i = 0; i < 30; i++) (await client.GetAsync(url())).EnsureSuccessStatusCode();
        var times = new List<double>();
        long total = -1;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.GetAsync(url());
            var body = await response.Content.ReadAsStringAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{label}: {(int)response.StatusCode} {body}");
            if (total < 0 && body.StartsWith("{\"items\"")) total = JsonDocument.Parse(body).RootElement.GetProperty("total").GetInt64();
        }
        times.Sort();
        double P(double q) => times[Math.Max(0, (int)Math.Ceiling(q * times.Count) - 1)];
        return $"| {label} | {runs} | {P(0.5):0.0} | {P(0.95):0.0} | {P(0.99):0.0} | {(total >= 0 ? total.ToString("N0") : "")} |";
    }

    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Http.Dispose();
    }
}
