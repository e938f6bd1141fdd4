using System.Diagnostics.Metrics;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Metrics;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notifications.Features.Jobs;

/// <summary>Settings under <c>Jobs</c>.</summary>
public sealed class JobOptions
{
    /// <summary>Run scheduled jobs in this process.</summary>
    public bool Run { get; set; } = true;
    public int PollSeconds { get; set; } = 15;
    /// <summary>How long a node holds a job's lease; a node that dies mid-run frees the job after this.</summary>
    public int LeaseSeconds { get; set; } = 600;
}

/// <summary>
/// Runs the declared jobs. Each job has a lease row (<c>job_leases</c>) holding the last tick it ran; a node takes a tick
/// by one conditional UPDATE (the row still shows the tick it read, and no live lease), so exactly one node runs it on
/// either database. Ticks missed while no node ran collapse into one run. Each run has its own DI scope with system
/// reach and is recorded in <c>job_runs</c>; a job that throws is recorded as failed and stops nothing else.
/// </summary>
public sealed class JobScheduler(IServiceProvider services, ModuleCatalog catalog, TimeProvider clock, IOptions<JobOptions> options,
    JobMetrics metrics, ILogger<JobScheduler> log)
{
    public string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Runs what is due now (in parallel) and answers how many runs it made.</summary>
    public Task<int> TickAsync(CancellationToken ct) => TickAsync(catalog.Jobs, ct);

    internal async Task<int> TickAsync(IReadOnlyList<(string Module, JobDeclaration Job)> jobs, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var taken = await services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            var names = jobs.Select(j => j.Job.Name).ToList();
            var leases = await db.JobLeases.AsNoTracking().Where(l => names.Contains(l.Name)).ToDictionaryAsync(l => l.Name, ct);
            var runs = new List<(JobDeclaration Job, long RunId)>();
            foreach (var (_, job) in jobs)
            {
                if (!leases.TryGetValue(job.Name, out var lease))
                {
                    // First sight: ticks count from now. Another node may insert the same row at the same time.
                    try
                    {
                        db.JobLeases.Add(new JobLease { Name = job.Name, LastTick = now });
                        await db.SaveChangesAsync(ct);
                    }
                    catch (DbUpdateException) { }
                    db.ChangeTracker.Clear();
                    continue;
                }
                if (lease.LeaseUntil is { } until && until > now) continue;
                var tick = lease.Paused ? null : job.LatestTick(lease.LastTick ?? now, now);
                if (tick is null && !lease.RunRequested) continue;
                var (lastTick, requested) = (lease.LastTick, lease.RunRequested);
                var won = await db.JobLeases
                    .Where(l => l.Name == job.Name && l.LastTick == lastTick && l.RunRequested == requested && (l.LeaseUntil == null || l.LeaseUntil <= now))
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, Node).SetProperty(l => l.LeaseUntil, now.AddSeconds(options.Value.LeaseSeconds))
                        .SetProperty(l => l.LastTick, tick ?? lastTick).SetProperty(l => l.RunRequested, false), ct);
                if (won != 1) continue;
                await db.JobRuns.Where(r => r.Name == job.Name && r.Outcome == JobOutcome.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, JobOutcome.Failed).SetProperty(r => r.FinishedAt, now)
                        .SetProperty(r => r.Error, "Abandoned: the node running it stopped."), ct);
                var run = new JobRun { Name = job.Name, Tick = tick, StartedAt = now, Outcome = JobOutcome.Running, Node = Node };
                db.JobRuns.Add(run);
                await db.SaveChangesAsync(ct);
                runs.Add((job, run.Id));
            }
            return runs;
        });
        await Task.WhenAll(taken.Select(t => RunAsync(t.Job, t.RunId, ct)));
        return taken.Count;
    }

    /// <summary>
    /// A job may run longer than its lease: while it runs, its node extends the lease every third of its length, so
    /// no other node takes the job's next tick as if this node had died. A node that really dies stops renewing.
    /// </summary>
    private async Task RenewWhileRunningAsync(string name, CancellationToken ct)
    {
        var seconds = options.Value.LeaseSeconds;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, seconds / 3.0)), clock, ct);
                var until = clock.GetUtcNow().AddSeconds(seconds);
                await services.AsSystemAsync(sp => sp.GetRequiredService<GongzhiDb>().JobLeases
                    .Where(l => l.Name == name && l.Holder == Node)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.LeaseUntil, until), ct));
            }
            catch (OperationCanceledException) { return; }
            catch (Exception ex) { log.LogWarning(ex, "Could not renew the lease of job {Job}; trying again.", name); }
        }
    }

    private async Task RunAsync(JobDeclaration job, long runId, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        string? error = null;
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewWhileRunningAsync(job.Name, running.Token);
        try
        {
            await Task.Yield();
            await services.AsSystemAsync(sp => job.Handler(sp, ct));
        }
        catch (Exception ex)
        {
            error = ex.GetType().Name + ": " + ex.Message;
            log.LogError(ex, "Job {Job} failed.", job.Name);
        }
        finally
        {
            await running.CancelAsync();
            await renewal;
        }
        var finished = clock.GetUtcNow();
        metrics.Ran(job.Name, error is null, (finished - started).TotalSeconds);
        await services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            var outcome = error is null ? JobOutcome.Succeeded : JobOutcome.Failed;
            var text = error is { Length: > 2000 } ? error[..2000] : error;
            await db.JobRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.FinishedAt, finished).SetProperty(r => r.Outcome, outcome).SetProperty(r => r.Error, text), CancellationToken.None);
            await db.JobLeases.Where(l => l.Name == job.Name && l.Holder == Node)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null).SetProperty(l => l.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        });
    }
}

/// <summary>Ticks the scheduler every <see cref="JobOptions.PollSeconds"/> on the injected clock.</summary>
public sealed class JobWorker(JobScheduler scheduler, TimeProvider clock, IOptions<JobOptions> options, ILogger<JobWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.Value.Run) return;
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try { await scheduler.TickAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception ex) { log.LogWarning(ex, "The job scheduler failed a round; trying again."); }
            try { await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), clock, ct); }
            catch (OperationCanceledException) { return; }
        }
    }
}

/// <summary>Job instruments on Gongzhi's meter (<c>gongzhi_jobs_*</c> at /metrics).</summary>
public sealed class JobMetrics
{
    private readonly Counter<long> _runs;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;

    public JobMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GongzhiMetrics.MeterName); // owned by the host's factory (see NotificationMetrics)
        _runs = meter.CreateCounter<long>("gongzhi.jobs.runs", description: "Job runs, per job.");
        _failures = meter.CreateCounter<long>("gongzhi.jobs.failures", description: "Job runs that threw, per job.");
        _duration = meter.CreateHistogram<double>("gongzhi.jobs.run.duration", unit: "s", description: "Duration of job runs, per job.");
    }

    public void Ran(string job, bool ok, double seconds)
    {
        var tag = new KeyValuePair<string, object?>("job", job);
        _runs.Add(1, tag);
        if (!ok) _failures.Add(1, tag);
        _duration.Record(seconds, tag);
    }
}
