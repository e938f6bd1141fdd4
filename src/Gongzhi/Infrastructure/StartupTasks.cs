using Gongzhi.Demo;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;

namespace Gongzhi.Infrastructure;

/// <summary>
/// Runs before the web server starts listening, with system reach: applies migrations (in demo mode or with
/// <c>Database:MigrateOnStart</c>), lets every module ensure its reference data and seeds the demo on first start.
/// </summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration config, ILogger<StartupTasks> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken ct) => services.AsSystemAsync(async sp =>
    {
        var demo = config.GetValue("Demo:Seed", false);
        var migrator = sp.GetRequiredService<Migrator>();
        if (demo || config.GetValue("Database:MigrateOnStart", false)) await migrator.MigrateAsync(ct);
        if (!await migrator.IsCurrentAsync(ct))
        {
            log.LogError("The database schema is not current: run the 'migrate' verb. /readyz answers 503 until then.");
            return;
        }
        await EnsureReferenceDataAsync(sp, ct);
        if (!demo) return;
        if (!await SeedDemoAsync(sp, ct)) return;
        var urls = config["Urls"] ?? config["ASPNETCORE_URLS"] ?? "http://localhost:5080";
        Console.WriteLine($"""

            Gongzhi 共治 demo is ready at {urls.Split(';')[0]}
            Demo accounts (password {DemoSeeder.Password}):
            {string.Join("\n", DemoSeeder.Accounts.Select(a => $"  {a.UserName,-10} {a.DisplayName}"))}

            """);
    });

    /// <summary>
    /// The demo: the cross-module scenario (the tree below 济阳街道, its registry, the demo accounts) on first start,
    /// then every module's own demo data (each does nothing when its data is there). True when it was new.
    /// </summary>
    public static async Task<bool> SeedDemoAsync(IServiceProvider sp, CancellationToken ct)
    {
        var seeder = sp.GetRequiredService<DemoSeeder>();
        var fresh = !await seeder.IsSeededAsync(ct);
        if (fresh) await seeder.SeedAsync(ct);
        foreach (var module in sp.GetRequiredService<ModuleCatalog>().Modules)
            await module.SeedDemoAsync(sp, ct);
        return fresh;
    }

    /// <summary>Every module's reference data, in module order (idempotent).</summary>
    public static async Task EnsureReferenceDataAsync(IServiceProvider sp, CancellationToken ct)
    {
        foreach (var module in sp.GetRequiredService<ModuleCatalog>().Modules)
            await module.EnsureReferenceDataAsync(sp, ct);
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
