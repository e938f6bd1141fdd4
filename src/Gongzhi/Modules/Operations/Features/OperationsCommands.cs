using Gongzhi.Modules.Operations.Features.Backup;
using Gongzhi.Modules.Operations.Features.Keys;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Operations.Features;

/// <summary>
/// The operator's verbs <c>backup [FILE]</c>, <c>restore FILE</c>, <c>export-keys FILE</c> and <c>import-keys FILE</c>:
/// what they print and their exit codes (0 done, 1 refused or failed with a message on standard error).
/// </summary>
public sealed class OperationsCommands(IServiceProvider services, IConfiguration config, IOptions<BackupOptions> options,
    IHostEnvironment env, KeyLocation keys, TimeProvider clock)
{
    public const string PassphraseVariable = "GONGZHI_KEYS_PASSPHRASE";

    public static readonly string Usage = """
          backup [FILE]            write a backup of the database while it serves (SQLite: a consistent copy; PostgreSQL:
                                   pg_dump); default FILE: gongzhi-backup-<time>.zip in Backup:Folder or here.
                                   The personal-data keys are not in it: keep them with export-keys
          restore FILE             restore a backup into a database that does not exist yet (checked, migrated forward,
                                   keys checked; --Restore:SkipKeyCheck=true restores without the keys)
          export-keys FILE         write the personal-data keys, encrypted with a passphrase
                                   (from GONGZHI_KEYS_PASSPHRASE or stdin)
          import-keys FILE         write the key file (PersonalData:KeyFile) from an export
        """;

    public async Task<int> RunAsync(string verb, string[] args, CancellationToken ct)
    {
        try
        {
            return verb switch
            {
                "backup" => await BackupAsync(args.Length == 1 ? args[0] : null, ct),
                "restore" => await RestoreAsync(args[0], ct),
                "export-keys" => await ExportKeysAsync(args[0], ct),
                "import-keys" => await ImportKeysAsync(args[0], ct),
                _ => throw new ArgumentOutOfRangeException(nameof(verb)),
            };
        }
        catch (OperationFailed failed)
        {
            await Console.Error.WriteLineAsync(failed.Message);
            return 1;
        }
    }

    private async Task<int> BackupAsync(string? file, CancellationToken ct)
    {
        var folder = options.Value.Folder is { Length: > 0 } configured ? ScheduledBackup.ResolveFolder(configured, env.ContentRootPath) : Directory.GetCurrentDirectory();
        var path = Path.GetFullPath(file ?? Path.Combine(folder, ScheduledBackup.FileName(clock.GetUtcNow())));
        var manifest = await services.GetRequiredService<DatabaseBackup>().WriteAsync(path, ct);
        Console.WriteLine($"Backup written to {path}");
        Console.WriteLine($"  {manifest.Provider}, schema {manifest.SchemaVersion}, {manifest.RowCounts.Count} tables, {manifest.RowCounts.Values.Sum()} rows, " +
                          $"{new FileInfo(path).Length / 1024.0 / 1024.0:0.0} MB");
        Console.WriteLine($"The personal-data keys are NOT in this backup: they are {keys.Describe()}.");
        Console.WriteLine("Without them the residents' ID numbers and phones in the backup cannot be read. Keep a copy apart from the backups: export-keys FILE.");
        return 0;
    }

    private async Task<int> RestoreAsync(string file, CancellationToken ct)
    {
        var checkKeys = !config.GetValue("Restore:SkipKeyCheck", false);
        var report = await services.GetRequiredService<DatabaseRestore>().RestoreAsync(file, checkKeys, ct);
        Console.WriteLine($"Restored {file} into {report.Target}");
        Console.WriteLine($"  backup of {report.Manifest.CreatedAt:u}, {report.Manifest.RowCounts.Values.Sum()} rows in {report.Manifest.RowCounts.Count} tables, all counted back");
        Console.WriteLine(report.MigratedForward
            ? $"  schema migrated forward from {report.Manifest.SchemaVersion} to {report.SchemaVersion}"
            : $"  schema {report.SchemaVersion} (current)");
        Console.WriteLine(report.KeyCheck switch
        {
            null => "  personal-data keys NOT checked (--Restore:SkipKeyCheck): install the right keys before serving",
            { Checked: 0 } => "  no encrypted personal data to check the keys against",
            var check => $"  the configured personal-data keys read it ({check.Checked} encrypted values checked)",
        });
        return 0;
    }

    private async Task<int> ExportKeysAsync(string file, CancellationToken ct)
    {
        var passphrase = ReadPassphrase(confirm: true);
        var ids = await services.GetRequiredService<KeyTransfer>().ExportAsync(file, passphrase, ct);
        Console.WriteLine($"Personal-data keys ({string.Join(", ", ids)}) written to {Path.GetFullPath(file)}, encrypted with the passphrase.");
        Console.WriteLine("Keep the file and the passphrase apart from the database backups, and apart from each other.");
        return 0;
    }

    private async Task<int> ImportKeysAsync(string file, CancellationToken ct)
    {
        var passphrase = ReadPassphrase(confirm: false);
        var (keyFile, ids, already) = await services.GetRequiredService<KeyTransfer>().ImportAsync(file, passphrase, ct);
        Console.WriteLine(already
            ? $"The key file {keyFile} already holds these keys ({string.Join(", ", ids)}): nothing to do."
            : $"Personal-data keys ({string.Join(", ", ids)}) written to the key file {keyFile}.");
        return 0;
    }

    /// <summary>From the environment, else a line of standard input (asked twice at a terminal when exporting).</summary>
    private static string ReadPassphrase(bool confirm)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PassphraseVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        var interactive = !Console.IsInputRedirected;
        var passphrase = interactive ? Prompt("Passphrase: ") : Console.ReadLine();
        if (string.IsNullOrEmpty(passphrase))
            throw new OperationFailed($"No passphrase: set {PassphraseVariable} or give it on standard input.");
        if (confirm && interactive)
        {
            if (Prompt("Passphrase again: ") != passphrase) throw new OperationFailed("The passphrases differ. Nothing was written.");
        }
        return passphrase;
    }

    /// <summary>Reads a line at the terminal without echoing it.</summary>
    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}
