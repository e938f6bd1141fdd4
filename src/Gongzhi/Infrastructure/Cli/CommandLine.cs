using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Demo;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Cli;

/// <summary>
/// The verbs of the executable: <c>serve</c> (default), <c>migrate</c>, <c>seed-demo</c>, <c>import-divisions FILE</c>,
/// <c>create-admin NAME</c>, <c>schema-script</c>. A verb and its arguments come first; <c>--Key=Value</c> settings after.
/// Small by design: the host's own configuration parser takes every option, so only the leading words are ours.
/// </summary>
public static class CommandLine
{
    public static readonly string[] Verbs = ["serve", "migrate", "seed-demo", "import-divisions", "create-admin", "schema-script", "help"];

    public static (string Verb, string[] VerbArgs, string[] HostArgs) Split(string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToArray();
        var rest = args.Skip(words.Length).ToArray();
        return words.Length == 0 ? ("serve", [], rest) : (words[0], words[1..], rest);
    }

    public static async Task<int> RunAsync(WebApplication app, string verb, string[] verbArgs)
    {
        if (verb == "serve")
        {
            await app.RunAsync();
            return 0;
        }
        // Every other verb is maintenance: it runs with system reach.
        var ct = app.Lifetime.ApplicationStopping;
        return await app.Services.AsSystemAsync(sp => RunVerbAsync(sp, verb, verbArgs, ct));
    }

    private static async Task<int> RunVerbAsync(IServiceProvider sp, string verb, string[] verbArgs, CancellationToken ct)
    {
        switch (verb)
        {
            case "migrate":
                await sp.GetRequiredService<Migrator>().MigrateAsync(ct);
                await StartupTasks.EnsureReferenceDataAsync(sp, ct);
                Console.WriteLine("Schema is current.");
                return 0;
            case "seed-demo":
                await sp.GetRequiredService<Migrator>().MigrateAsync(ct);
                await StartupTasks.EnsureReferenceDataAsync(sp, ct);
                await sp.GetRequiredService<DemoSeeder>().SeedAsync(ct);
                Console.WriteLine($"Demo data is present. Demo accounts use the password {DemoSeeder.Password}.");
                return 0;
            case "import-divisions" when verbArgs.Length == 1:
            {
                if (!File.Exists(verbArgs[0])) return Fail($"No such file: {verbArgs[0]}");
                await using var file = File.OpenRead(verbArgs[0]);
                var report = await sp.GetRequiredService<DivisionImporter>().ImportAsync(file, ct);
                foreach (var error in report.Errors.Take(100)) Console.Error.WriteLine($"line {error.Line}: {error.Message}");
                if (!report.Succeeded) return Fail($"{report.Errors.Count} row(s) rejected; nothing was imported.");
                Console.WriteLine($"Added {report.Added}, renamed {report.Renamed}, unchanged {report.Unchanged}.");
                return 0;
            }
            case "create-admin" when verbArgs.Length == 1:
            {
                await StartupTasks.EnsureReferenceDataAsync(sp, ct);
                var password = Environment.GetEnvironmentVariable("GONGZHI_ADMIN_PASSWORD");
                if (string.IsNullOrEmpty(password))
                {
                    Console.Write("Password: ");
                    password = Console.ReadLine();
                }
                var users = sp.GetRequiredService<UserManager<GongzhiUser>>();
                var user = new GongzhiUser { UserName = verbArgs[0], DisplayName = verbArgs[0], LockoutEnabled = true, CreatedAt = DateTimeOffset.UtcNow };
                var result = await users.CreateAsync(user, password ?? "");
                if (result.Succeeded) result = await users.AddToRoleAsync(user, Roles.Admin);
                if (!result.Succeeded) return Fail(string.Join(" ", result.Errors.Select(e => e.Description)));
                Console.WriteLine($"Admin account {user.UserName} created.");
                return 0;
            }
            case "schema-script":
                Console.WriteLine(sp.GetRequiredService<GongzhiDb>().Database.GenerateCreateScript());
                return 0;
            default:
                Console.WriteLine("""
                    Usage: Gongzhi [verb] [arguments] [--Key=Value ...]
                      serve                    run the web application (default)
                      migrate                  apply database migrations
                      seed-demo                migrate and load the demo data
                      import-divisions FILE    load division codes (code,name,level,parent_code)
                      create-admin NAME        create an admin account (password from GONGZHI_ADMIN_PASSWORD or stdin)
                      schema-script            print the CREATE script of the current model (for writing migrations)
                    Settings: --Database:Provider=Sqlite|Postgres --ConnectionStrings:Gongzhi=... --Demo:Seed=true
                    """);
                return verb == "help" ? 0 : 2;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
