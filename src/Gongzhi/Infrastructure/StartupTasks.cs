using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Demo;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Domain;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Infrastructure;

/// <summary>
/// Runs before the web server starts listening: applies migrations (in demo mode or with
/// <c>Database:MigrateOnStart</c>), makes sure the roles exist and seeds the demo on first start.
/// </summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration config, ILogger<StartupTasks> log) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        var demo = config.GetValue("Demo:Seed", false);
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<Security.DataScope>().GrantAll();
        var migrator = sp.GetRequiredService<Migrator>();
        if (demo || config.GetValue("Database:MigrateOnStart", false)) await migrator.MigrateAsync(ct);
        if (!await migrator.IsCurrentAsync(ct))
        {
            log.LogError("The database schema is not current: run the 'migrate' verb. /readyz answers 503 until then.");
            return;
        }
        await EnsureRolesAsync(sp.GetRequiredService<RoleManager<GongzhiRole>>());
        await Modules.Registry.Features.Tags.TagCatalog.EnsureSystemTagsAsync(sp.GetRequiredService<GongzhiDb>(), ct);
        if (!demo) return;
        var seeder = sp.GetRequiredService<DemoSeeder>();
        if (await seeder.IsSeededAsync(ct)) return;
        await seeder.SeedAsync(ct);
        var urls = config["Urls"] ?? config["ASPNETCORE_URLS"] ?? "http://localhost:5080";
        Console.WriteLine($"""

            Gongzhi 共治 demo is ready at {urls.Split(';')[0]}
            Demo accounts (password {DemoSeeder.Password}):
            {string.Join("\n", DemoSeeder.Accounts.Select(a => $"  {a.UserName,-10} {a.DisplayName}"))}

            """);
    }

    public static async Task EnsureRolesAsync(RoleManager<GongzhiRole> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new GongzhiRole(role));
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
