using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Features.Jobs;

namespace Gongzhi.Modules.Notifications;

public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Roles.AdminPolicy);
        jobs.MapGet("", async (JobsAdmin admin, CancellationToken ct) => TypedResults.Ok(await admin.ListAsync(ct)))
            .WithSummary("Every declared job with its schedule, last and next run, outcome and duration.");
        jobs.MapGet("/{name}/runs", async (string name, int? take, JobsAdmin admin, CancellationToken ct) =>
            TypedResults.Ok(await admin.HistoryAsync(name, Math.Clamp(take ?? 50, 1, 500), ct)))
            .WithSummary("A job's runs, newest first.");
        jobs.MapPost("/{name}/run", async (string name, JobsAdmin admin, CancellationToken ct) =>
        {
            await admin.RunNowAsync(name, ct);
            return TypedResults.Accepted($"/api/jobs/{name}/runs");
        }).WithSummary("Asks for a run at the scheduler's next round (on whichever node takes it).");
        jobs.MapPost("/{name}/pause", async (string name, JobsAdmin admin, CancellationToken ct) =>
        {
            await admin.PauseAsync(name, ct);
            return TypedResults.NoContent();
        }).WithSummary("Stops a job's scheduled ticks (run-now still works).");
        jobs.MapPost("/{name}/resume", async (string name, JobsAdmin admin, CancellationToken ct) =>
        {
            await admin.ResumeAsync(name, ct);
            return TypedResults.NoContent();
        }).WithSummary("Resumes a paused job; ticks missed meanwhile make one run.");
        return app;
    }
}
