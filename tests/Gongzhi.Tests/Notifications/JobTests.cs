using System.Net;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features.Jobs;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Notifications;

/// <summary>
/// Scheduled jobs: one run per tick across schedulers sharing the database (each scheduler is a node with its own
/// lease holder id), missed ticks make one run, a throwing job stops nothing else, admins see, run, pause and resume.
/// </summary>
public abstract class JobTests(GongzhiApp app)
{
    private JobScheduler Node(TimeProvider clock) => ActivatorUtilities.CreateInstance<JobScheduler>(app.Services, clock);

    private static (string, JobDeclaration) Job(JobDeclaration job) => ("Tests", job);

    private Task<List<JobRun>> Runs(string name) => app.Db(db => db.JobRuns.AsNoTracking().Where(r => r.Name == name).OrderBy(r => r.Id).ToListAsync());

    [Fact]
    public async Task Each_tick_runs_once_across_nodes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var name = GongzhiApp.Unique("job-");
        var count = 0;
        IReadOnlyList<(string, JobDeclaration)> jobs = [Job(JobDeclaration.Every(name, TimeSpan.FromMinutes(1), (_, _) => { Interlocked.Increment(ref count); return Task.CompletedTask; }))];
        var (a, b, c) = (Node(clock), Node(clock), Node(clock));
        await Task.WhenAll(a.TickAsync(jobs, default), b.TickAsync(jobs, default)); // first sight: ticks count from now
        Assert.Equal(0, count);
        for (var tick = 1; tick <= 3; tick++)
        {
            clock.Advance(TimeSpan.FromSeconds(61));
            var ran = await Task.WhenAll(a.TickAsync(jobs, default), b.TickAsync(jobs, default), c.TickAsync(jobs, default));
            Assert.Equal(1, ran.Sum());
            Assert.Equal(tick, count);
        }
        var runs = await Runs(name);
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal(JobOutcome.Succeeded, r.Outcome));
        Assert.All(runs, r => Assert.NotNull(r.FinishedAt));
        Assert.Equal(3, runs.Select(r => r.Tick).Distinct().Count());
        Assert.Null(await app.Db(db => db.JobLeases.Where(l => l.Name == name).Select(l => l.Holder).SingleAsync())); // released
    }

    [Fact]
    public async Task A_job_running_longer_than_its_lease_keeps_it_and_no_other_node_starts_it_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 4, 0, 0, 0, TimeSpan.Zero));
        var name = GongzhiApp.Unique("long-");
        var (started, release) = (new TaskCompletionSource(), new TaskCompletionSource());
        var count = 0;
        IReadOnlyList<(string, JobDeclaration)> jobs = [Job(JobDeclaration.Every(name, TimeSpan.FromMinutes(1), async (_, _) =>
        {
            Interlocked.Increment(ref count);
            started.TrySetResult();
            await release.Task;
        }))];
        var (a, b) = (Node(clock), Node(clock));
        await a.TickAsync(jobs, default);
        clock.Advance(TimeSpan.FromSeconds(61));
        var running = a.TickAsync(jobs, default);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var leased = await Lease(name);

        // A third of the lease later the running node renews it ...
        clock.Advance(TimeSpan.FromSeconds(250));
        for (var i = 0; i < 500 && await Lease(name) == leased; i++) await Task.Delay(10); // the renewal is written asynchronously
        Assert.True(await Lease(name) > leased, "the lease was not renewed");
        // ... so past the first lease's end another node finds the job still held, though its next tick is due.
        clock.Advance(TimeSpan.FromSeconds(400));
        Assert.Equal(0, await b.TickAsync(jobs, default));
        release.SetResult();
        Assert.Equal(1, await running);
        Assert.Equal(1, count);
        Assert.Equal(JobOutcome.Succeeded, Assert.Single(await Runs(name)).Outcome);
    }

    private Task<DateTimeOffset?> Lease(string name) => app.Db(db => db.JobLeases.Where(l => l.Name == name).Select(l => l.LeaseUntil).SingleAsync());

    [Fact]
    public async Task Ticks_missed_during_downtime_make_one_run_at_the_latest_tick_in_china_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 10, 0, TimeSpan.Zero)); // 08:10 in Beijing
        var name = GongzhiApp.Unique("cron-");
        var count = 0;
        IReadOnlyList<(string, JobDeclaration)> jobs = [Job(JobDeclaration.Cron(name, "0 9 * * *", (_, _) => { count++; return Task.CompletedTask; }))];
        var node = Node(clock);
        await node.TickAsync(jobs, default);
        clock.Advance(TimeSpan.FromMinutes(30)); // 08:40
        Assert.Equal(0, await node.TickAsync(jobs, default));
        clock.Advance(TimeSpan.FromDays(3)); // down for three days: 09:00 passed three times
        Assert.Equal(1, await node.TickAsync(jobs, default));
        Assert.Equal(0, await node.TickAsync(jobs, default));
        Assert.Equal(1, count);
        var run = Assert.Single(await Runs(name));
        Assert.Equal(new DateTimeOffset(2027, 3, 3, 1, 0, 0, TimeSpan.Zero), run.Tick); // the latest: 3 March 09:00 Beijing = 01:00 UTC
    }

    [Fact]
    public async Task A_job_that_throws_is_recorded_and_stops_nothing_else()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 2, 0, 0, 0, TimeSpan.Zero));
        var (bad, good) = (GongzhiApp.Unique("bad-"), GongzhiApp.Unique("good-"));
        var goodRuns = 0;
        IReadOnlyList<(string, JobDeclaration)> jobs =
        [
            Job(JobDeclaration.Every(bad, TimeSpan.FromMinutes(5), (_, _) => throw new InvalidOperationException("the registry is not reachable"))),
            Job(JobDeclaration.Every(good, TimeSpan.FromMinutes(5), (_, _) => { goodRuns++; return Task.CompletedTask; })),
        ];
        var node = Node(clock);
        await node.TickAsync(jobs, default);
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(2, await node.TickAsync(jobs, default));
        }
        Assert.Equal(2, goodRuns);
        var failed = await Runs(bad);
        Assert.Equal(2, failed.Count);
        Assert.All(failed, r => Assert.Equal((JobOutcome.Failed, "InvalidOperationException: the registry is not reachable"), (r.Outcome, r.Error)));
        var metrics = await app.Anonymous().GetStringAsync("/metrics");
        Assert.Matches($"gongzhi_jobs_failures_total\\{{[^}}]*job=\"{bad}\"[^}}]*\\}} 2", metrics);
        Assert.Matches($"gongzhi_jobs_runs_total\\{{[^}}]*job=\"{good}\"[^}}]*\\}} 2", metrics);
    }

    [Fact]
    public async Task Admins_see_the_jobs_run_one_now_pause_and_resume_it()
    {
        var admin = await app.ClientFor("admin");
        await (await app.ClientFor("street")).GetAsync("/api/jobs").Ok(HttpStatusCode.Forbidden);
        await app.Anonymous().GetAsync("/api/jobs").Ok(HttpStatusCode.Unauthorized);
        var jobs = await admin.GetAsync("/api/jobs").Ok();
        var cleanup = jobs.EnumerateArray().Single(j => j.Str("name") == "notifications.cleanup");
        Assert.Equal("30 3 * * *", cleanup.Str("schedule"));
        Assert.Equal("Notifications", cleanup.Str("module"));

        await admin.PostAsync("/api/jobs/notifications.cleanup/pause", null).Ok(HttpStatusCode.NoContent);
        await admin.PostAsync("/api/jobs/notifications.cleanup/run", null).Ok(HttpStatusCode.Accepted);
        var listed = (await admin.GetAsync("/api/jobs").Ok()).EnumerateArray().Single(j => j.Str("name") == "notifications.cleanup");
        Assert.True(listed.GetProperty("paused").GetBoolean());
        Assert.True(listed.GetProperty("runRequested").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, listed.GetProperty("nextRun").ValueKind);

        var before = (await Runs("notifications.cleanup")).Count;
        Assert.Equal(1, await app.Services.GetRequiredService<JobScheduler>().TickAsync(default)); // run-now works while paused
        var history = await admin.GetAsync("/api/jobs/notifications.cleanup/runs").Ok();
        Assert.Equal(before + 1, history.GetArrayLength());
        Assert.Equal("Succeeded", history[0].Str("outcome"));
        listed = (await admin.GetAsync("/api/jobs").Ok()).EnumerateArray().Single(j => j.Str("name") == "notifications.cleanup");
        Assert.Equal("Succeeded", listed.GetProperty("lastRun").Str("outcome"));

        await admin.PostAsync("/api/jobs/notifications.cleanup/resume", null).Ok(HttpStatusCode.NoContent);
        listed = (await admin.GetAsync("/api/jobs").Ok()).EnumerateArray().Single(j => j.Str("name") == "notifications.cleanup");
        Assert.False(listed.GetProperty("paused").GetBoolean());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.GetProperty("nextRun").ValueKind);
        await admin.PostAsync("/api/jobs/no.such.job/run", null).Problem(HttpStatusCode.NotFound);
        await admin.GetAsync("/api/jobs/no.such.job/runs?take=x").Ok(HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class JobTestsOnSqlite(SqliteApp app) : JobTests(app);

[Collection(PostgresCollection.Name)]
public sealed class JobTestsOnPostgres(PostgresApp app) : JobTests(app);
