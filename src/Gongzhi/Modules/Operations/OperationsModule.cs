using Cronos;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Operations.Features;
using Gongzhi.Modules.Operations.Features.Backup;
using Gongzhi.Modules.Operations.Features.Keys;

namespace Gongzhi.Modules.Operations;

/// <summary>
/// Operating an installation for years: backups (the <c>backup</c> and <c>restore</c> verbs and a scheduled backup job),
/// and moving the personal-data keys in and out under a passphrase (<c>export-keys</c>, <c>import-keys</c>), which are
/// never part of a database backup. No tables of its own.
/// </summary>
public sealed class OperationsModule : GongzhiModule
{
    public override string Name => "Operations";

    /// <summary>The cron of the scheduled backup, or null when no <c>Backup:Folder</c> is configured (no job then).</summary>

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BackupOptions>(configuration.GetSection("Backup"));
        services.AddScoped<DatabaseBackup>();
        services.AddScoped<DatabaseRestore>();
        services.AddScoped<ScheduledBackup>();
        services.AddSingleton<KeyLocation>();
        services.AddScoped<KeyTransfer>();
        services.AddScoped<OperationsCommands>();
    }

    /// <summary>The scheduled backup (<c>Backup:Schedule</c>, by default 02:30 Beijing time), declared only when <c>Backup:Folder</c> is set.</summary>
    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["Backup:Folder"]) ? [] : [BackupJob(configuration["Backup:Schedule"] ?? new BackupOptions().Schedule)];

    private static JobDeclaration BackupJob(string schedule)
    {
        try
        {
            return JobDeclaration.Cron(ScheduledBackup.JobName, schedule, (sp, ct) => sp.GetRequiredService<ScheduledBackup>().RunAsync(ct));
        }
        catch (CronFormatException ex)
        {
            throw new InvalidOperationException($"Backup:Schedule '{schedule}' is not a cron expression (five fields, e.g. '30 2 * * *'): {ex.Message}", ex);
        }
    }
}
