using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Operations.Features.Backup;

/// <summary>
/// The scheduled backup (job <c>operations.backup</c>): a new backup in <see cref="BackupOptions.Folder"/>, named by its
/// UTC time so that names sort by age, then every scheduled backup beyond the newest <see cref="BackupOptions.Keep"/> is
/// deleted. Only files of its own naming are ever pruned; a failed backup prunes nothing.
/// </summary>
public sealed partial class ScheduledBackup(DatabaseBackup backup, IOptions<BackupOptions> options, IHostEnvironment env, TimeProvider clock,
    ILogger<ScheduledBackup> log)
{
    public const string JobName = "operations.backup";
    public const string Prefix = "gongzhi-backup-";

    public string Folder => ResolveFolder(options.Value.Folder ?? throw new OperationFailed("Backup:Folder is not configured."), env.ContentRootPath);

    public static string ResolveFolder(string folder, string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(folder) ? folder : Path.Combine(contentRoot, folder));

    public static string FileName(DateTimeOffset at) => $"{Prefix}{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.zip";

    public async Task<string> RunAsync(CancellationToken ct)
    {
        var folder = Folder;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName(clock.GetUtcNow()));
        for (var n = 2; File.Exists(path); n++) path = Path.Combine(folder, Path.GetFileNameWithoutExtension(FileName(clock.GetUtcNow())) + $"-{n}.zip");
        await backup.WriteAsync(path, ct);
        var keep = Math.Max(1, options.Value.Keep);
        var ours = Directory.GetFiles(folder, Prefix + "*.zip")
            .Select(f => (File: f, Name: OwnName().Match(Path.GetFileName(f))))
            .Where(f => f.Name.Success)
            .OrderByDescending(f => f.Name.Groups["stamp"].Value, StringComparer.Ordinal)
            .ThenByDescending(f => f.Name.Groups["n"].Success ? int.Parse(f.Name.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : 1);
        foreach (var (old, _) in ours.Skip(keep))
        {
            File.Delete(old);
            log.LogInformation("Deleted the old backup {File} (Backup:Keep = {Keep})", old, keep);
        }
        return path;
    }

    /// <summary>The names this job gives (a second backup in the same second gets <c>-2</c>, …): nothing else is pruned.</summary>
    [GeneratedRegex(@"^gongzhi-backup-(?<stamp>\d{8}T\d{6}Z)(?:-(?<n>\d{1,6}))?\.zip$")]
    private static partial Regex OwnName();
}
