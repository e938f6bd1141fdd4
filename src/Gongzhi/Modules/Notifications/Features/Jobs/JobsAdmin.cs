using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications.Features.Jobs;

public sealed record JobRunView(long Id, DateTimeOffset? Tick, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, JobOutcome Outcome,
    double? DurationSeconds, string? Error, string? Node);

public sealed record JobView(string Name, string Module, string Schedule, bool Paused, bool Running, bool RunRequested,
    DateTimeOffset? LastTick, DateTimeOffset? NextRun, JobRunView? LastRun);

/// <summary>The admin's view of the declared jobs: schedule, last and next run, history; run now, pause, resume (audited).</summary>
public sealed class JobsAdmin(GongzhiDb db, ModuleCatalog catalog, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<JobView>> ListAsync(CancellationToken ct)
    {
        var names = catalog.Jobs.Select(j => j.Job.Name).ToList();
        var leases = await db.JobLeases.AsNoTracking().Where(x => names.Contains(x.Name)).ToDictionaryAsync(x => x.Name, ct);
        var lastRuns = new Dictionary<string, JobRunView>();
        foreach (var name in names)
            if (await Runs(name).FirstOrDefaultAsync(ct) is { } run) lastRuns[name] = View(run);
        var now = clock.GetUtcNow();
        return [.. catalog.Jobs.Select(j =>
        {
            leases.TryGetValue(j.Job.Name, out var lease);
            var next = lease is null || lease.Paused ? null : j.Job.NextTick(lease.LastTick ?? now);
            return new JobView(j.Job.Name, j.Module, j.Job.Schedule, lease?.Paused ?? false, lease?.LeaseUntil > now, lease?.RunRequested ?? false,
                lease?.LastTick, next, lastRuns.GetValueOrDefault(j.Job.Name));
        })];
    }

    public async Task<IReadOnlyList<JobRunView>> HistoryAsync(string name, int take, CancellationToken ct)
    {
        Declared(name);
        return [.. (await Runs(name).Take(take).ToListAsync(ct)).Select(View)];
    }

    private IQueryable<JobRun> Runs(string name) => db.JobRuns.AsNoTracking().Where(r => r.Name == name).OrderByDescending(r => r.Id);

    private static JobRunView View(JobRun r) =>
        new(r.Id, r.Tick, r.StartedAt, r.FinishedAt, r.Outcome, r.FinishedAt is { } f ? (f - r.StartedAt).TotalSeconds : null, r.Error, r.Node);

    public Task RunNowAsync(string name, CancellationToken ct) => Change(name, "job.run-now", l => l.RunRequested = true, ct);
    public Task PauseAsync(string name, CancellationToken ct) => Change(name, "job.pause", l => l.Paused = true, ct);
    public Task ResumeAsync(string name, CancellationToken ct) => Change(name, "job.resume", l => l.Paused = false, ct);

    private async Task Change(string name, string action, Action<JobLease> change, CancellationToken ct)
    {
        Declared(name);
        var lease = await db.JobLeases.FirstOrDefaultAsync(x => x.Name == name, ct);
        if (lease is null) db.JobLeases.Add(lease = new JobLease { Name = name, LastTick = clock.GetUtcNow() });
        change(lease);
        audit.Record(action, "Job", name);
        await db.SaveChangesAsync(ct);
    }

    private void Declared(string name)
    {
        if (!catalog.Jobs.Any(j => j.Job.Name == name)) throw AppProblem.NotFound(l["No such job."]);
    }
}
