namespace Gongzhi.Modules.Operations.Features.Backup;

/// <summary>Settings under <c>Backup</c>.</summary>
public sealed class BackupOptions
{
    /// <summary>Where the scheduled backup writes; no folder, no scheduled backup.</summary>
    public string? Folder { get; set; }

    /// <summary>How many scheduled backups to keep in <see cref="Folder"/>; older ones are deleted after each new one.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>Cron (Asia/Shanghai) of the scheduled backup; by default every night at 02:30 Beijing time.</summary>
    public string Schedule { get; set; } = "30 2 * * *";

    /// <summary><c>pg_dump</c> to run instead of the one found on PATH.</summary>
    public string? PgDumpPath { get; set; }

    /// <summary><c>pg_restore</c> to run instead of the one found on PATH.</summary>
    public string? PgRestorePath { get; set; }

    /// <summary>The database a PostgreSQL restore connects to in order to create the new one.</summary>
    public string MaintenanceDatabase { get; set; } = "postgres";
}
