using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Demo;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Operations.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Cli;

/// <summary>
/// The verbs of the executable: <c>serve</c> (default), <c>migrate</c>, <c>seed-demo</c>, <c>import-divisions FILE</c>,
/// <c>create-admin NAME</c>, <c>schema-script</c>, <c>ledger-check</c> (the points bank's), <c>new-personal-data-key</c>, <c>rotate-personal-data</c>, and the
/// operator's <c>backup [FILE]</c>, <c>restore FILE</c>, <c>export-keys FILE</c>, <c>import-keys FILE</c> (their logic lives
/// in the Operations module). A verb and its arguments come first; <c>--Key=Value</c> settings after.
/// Small by design: the host's own configuration parser takes every option, so only the leading words are ours.
/// </summary>
public static class CommandLine
{
    public static readonly string[] Verbs = ["serve", "migrate", "seed-demo", "import-divisions", "create-admin", "schema-script",
        "rotate-personal-data", "new-personal-data-key", "backup", "restore", "export-keys", "import-keys", "ledger-check", "help"];

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
                await StartupTasks.SeedDemoAsync(sp, ct);
                Console.WriteLine($"Demo data is present. Demo accounts use the password {DemoSeeder.Password}.");
                return 0;
            case "import-divisions" when verbArgs.Length == 1:
            {
                if (!File.Exists(verbArgs[0])) return Fail($"No such file: {verbArgs[0]}");
                await using var file = File.OpenRead(verbArgs[0]);
                DivisionImportReport report;
                try
                {
                    report = await sp.GetRequiredService<DivisionImporter>().ImportAsync(file, ct);
                }
                catch (Http.AppProblem problem)
                {
                    return Fail(problem.Detail); // e.g. a file that is not UTF-8 text
                }
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
            case "schema-script" when verbArgs is ["draft", var name, ..]:
            {
                // Drafts the next migration from what the configured (migrated) database lacks, for both providers.
                if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Z][A-Za-z0-9]{1,60}$"))
                    return Fail("A migration name is PascalCase letters and digits, e.g. Notifications.");
                var folder = verbArgs.Length > 2 ? verbArgs[2] : DefaultMigrationsFolder();
                if (!Directory.Exists(folder)) return Fail($"No such folder: {folder}");
                var drafter = new MigrationDraft(sp.GetRequiredService<GongzhiDb>());
                var draft = await drafter.ComposeAsync(name, drafter.NextNumber(), DateOnly.FromDateTime(DateTime.UtcNow), ct);
                if (draft.IsEmpty)
                {
                    Console.WriteLine("The database already has every table, column and index of the model: nothing to draft.");
                    return 0;
                }
                foreach (var file in MigrationDraft.Write(draft, folder)) Console.WriteLine($"wrote {file}");
                Console.WriteLine($"Adds: {string.Join(", ", draft.Additions)}. Review the scripts, then run the tests (the drift test checks them).");
                return 0;
            }
            case "ledger-check" when verbArgs.Length == 0:
                return await sp.GetRequiredService<Gongzhi.Modules.PointsBank.Features.Ledger.LedgerCheck>().PrintAsync(Console.Out, Console.Error, ct);
            case "new-personal-data-key" when verbArgs.Length == 0:
                return NewPersonalDataKey(sp);
            case "rotate-personal-data" when verbArgs.Length == 0:
                return await RotatePersonalDataAsync(sp, ct);
            case "backup" when verbArgs.Length <= 1:
            case "restore" or "export-keys" or "import-keys" when verbArgs.Length == 1:
                return await sp.GetRequiredService<OperationsCommands>().RunAsync(verb, verbArgs, ct);
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
                      new-personal-data-key    add a fresh personal-data key (of --PersonalData:Algorithm=AES-GCM|SM4-GCM)
                                               and lookup key to the key file and make them current
                      rotate-personal-data     re-encrypt every stored value under the current key and rebuild the
                                               lookup hashes, in batches; resumable, while the app serves
                      ledger-check             recompute every points balance from its movements and check that
                                               every transaction sums to zero; exit 1 on any difference
                      schema-script            print the CREATE script of the current model
                      schema-script draft NAME [FOLDER]
                                               draft the next migration (both providers) from what the
                                               configured, migrated database lacks
                                               (FOLDER: src/Gongzhi/Infrastructure/Database/Migrations)
                    """ + "\n" + OperationsCommands.Usage + "\n" + """
                    Settings: --Database:Provider=Sqlite|Postgres --ConnectionStrings:Gongzhi=... --Demo:Seed=true
                    """);
                return verb == "help" ? 0 : 2;
        }
    }

    private static int NewPersonalDataKey(IServiceProvider sp)
    {
        var config = sp.GetRequiredService<IConfiguration>();
        if (config.GetSection("PersonalData:Keys").GetChildren().Any())
            return Fail("The personal-data keys are given in settings (PersonalData:Keys), not in a key file: add the new key there " +
                        "(32 random bytes in base64 for AES-GCM, 16 for SM4-GCM), make it PersonalData:CurrentKeyId, give a new PersonalData:LookupKey " +
                        "(and PersonalData:LookupAlgorithm) and move the old one to PersonalData:PreviousLookupKeys:0:Key/Algorithm.");
        PersonalDataAlgorithm algorithm;
        try { algorithm = PersonalDataAlgorithms.Parse(config["PersonalData:Algorithm"]); }
        catch (InvalidOperationException ex) { return Fail(ex.Message); }
        var path = PersonalDataProtector.KeyFileOf(config, sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
        PersonalDataKeyFile file;
        try { file = File.Exists(path) ? PersonalDataKeyFile.Read(path) : PersonalDataKeyFile.Create(algorithm); }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException) { return Fail(ex.Message); }
        var id = File.Exists(path) ? file.AddKey(algorithm) : file.CurrentKeyId;
        file.Write(path);
        Console.WriteLine($"""
            Key {id} ({algorithm.Name()}, lookup hash {algorithm.LookupHash().Name()}) is now current in {path}.
            App nodes reading this file take it up within seconds (copy the file to nodes that keep their own, or restart them);
            they write new values under it and still read the older keys. Next: run rotate-personal-data with the same settings.
            Set PersonalData:Algorithm={algorithm.Name()} in the app's settings too, so that a restart keeps checking it.
            The key file changed: run export-keys again and keep the new export apart from the backups.
            """);
        return 0;
    }

    private static async Task<int> RotatePersonalDataAsync(IServiceProvider sp, CancellationToken stopping)
    {
        if (!await sp.GetRequiredService<Migrator>().IsCurrentAsync(stopping)) return Fail("The database schema is not current: run migrate first.");
        PersonalDataRotation rotation;
        try { rotation = sp.GetRequiredService<PersonalDataRotation>(); }
        catch (InvalidOperationException ex) { return Fail(ex.Message); } // the key settings do not load
        var batchSize = sp.GetRequiredService<IConfiguration>().GetValue("PersonalData:RotationBatchSize", PersonalDataRotation.DefaultBatchSize);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        ConsoleCancelEventHandler interrupt = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += interrupt;
        try
        {
            // Flushed per line: whoever watches the progress through a pipe sees each batch as it commits.
            var report = await rotation.RunAsync(Math.Clamp(batchSize, 1, 100_000), line => { Console.WriteLine(line); Console.Out.Flush(); }, cts.Token);
            Console.WriteLine(string.Join(", ", report.Tables.Select(t => $"{t.Table}: {t.Changed} of {t.Read} rewritten")));
            return 0;
        }
        catch (OperationCanceledException)
        {
            return Fail("Interrupted: the batches committed so far stay rotated. Run rotate-personal-data again to finish.");
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return Fail($"Stopped: {ex.Message} Nothing of the failing batch was written; the batches before it stay rotated.");
        }
        finally
        {
            Console.CancelKeyPress -= interrupt;
        }
    }

    private static string DefaultMigrationsFolder()
    {
        // From the repository root or from src/Gongzhi, as people run it.
        foreach (var candidate in new[] { "src/Gongzhi/Infrastructure/Database/Migrations", "Infrastructure/Database/Migrations" })
            if (Directory.Exists(candidate)) return candidate;
        return ".";
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
