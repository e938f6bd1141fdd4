using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Requests.Features.Lists;
using Gongzhi.Modules.Requests.Features.Oversight;
using Gongzhi.Modules.Requests.Features.Sessions;
using Gongzhi.Modules.Requests.Features.Statistics;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Requests;

/// <summary>Oversight over HTTP: possible duplicates and links, 督办, 书记有约 sessions, and the statistics with their .xlsx export.</summary>
public static class RequestOversightApi
{
    public static IEndpointRouteBuilder MapRequestOversightApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/requests").WithTags("Requests").RequireAuthorization(RequestsModule.WorkersPolicy);
        requests.MapGet("/similar", Similar)
            .WithSummary("Open requests of the category at the area node or for the household: possible duplicates, to warn about before saving a new one.");
        requests.MapGet("/statistics", Statistics)
            .WithSummary("Statistics for an area (code; default all in reach) and period (from, to: Beijing dates; default the last 90 days) by category, channel and month, and property complaints per compound.");
        requests.MapGet("/statistics.xlsx", StatisticsExport).WithSummary("The statistics as an .xlsx sheet (numbers only, no personal data).");
        requests.MapGet("/{id:long}/oversight", Oversight).WithSummary("Supervision (督办), session and duplicate links of a request.");
        requests.MapPost("/{id:long}/supervise", Supervise).WithSummary("督办: street staff and above flag the request, with a note; it stays on the supervision list until it closes.");
        requests.MapPost("/{id:long}/unsupervise", EndSupervision).WithSummary("Ends the supervision, with a note.");
        requests.MapPost("/{id:long}/duplicate-of", LinkDuplicate)
            .WithSummary("Marks the request as repeating another (otherRequestId, reason); shown on both, closes nothing.");

        var sessions = app.MapGroup("/api/secretary-sessions").WithTags("Requests").RequireAuthorization(RequestsModule.WorkersPolicy);
        sessions.MapGet("/", ListSessions).WithSummary("书记有约 sessions in reach (optionally under areaCode), newest first, with their matters counted.");
        sessions.MapPost("/", CreateSession).WithSummary("Records a session: heldOn, place, areaCode, secretaryUserName (default: the caller), notes.");
        sessions.MapGet("/{id:long}", GetSession).WithSummary("A session with each matter taken at it: who accepted, who handles, the feedback and return visit.");
        sessions.MapPost("/{id:long}/requests", AddSessionRequest).WithSummary("Records a matter taken at the session: a request of channel SecretarySession linked to it.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<SimilarRequest>>> Similar(string? category, string? area, long? household, RequestOversight oversight, CancellationToken ct) =>
        TypedResults.Ok(await oversight.SimilarAsync(category, area, household, ct));

    private static async Task<Ok<RequestStatisticsReport>> Statistics([AsParameters] StatisticsQuery query, RequestStatistics statistics, CancellationToken ct) =>
        TypedResults.Ok(await statistics.ReportAsync(query, ct));

    private static async Task<FileContentHttpResult> StatisticsExport([AsParameters] StatisticsQuery query, RequestStatistics statistics, CancellationToken ct) =>
        TypedResults.File(await statistics.ExportAsync(query, ct), Xlsx.ContentType, "request-statistics.xlsx");

    private static async Task<Ok<RequestOversightView>> Oversight(long id, RequestOversight oversight, CancellationToken ct) =>
        TypedResults.Ok(await oversight.ViewAsync(id, ct));

    private static async Task<Ok<RequestOversightView>> Supervise(long id, RequestNote body, RequestOversight oversight, CancellationToken ct) =>
        TypedResults.Ok(await oversight.ViewAsync((await oversight.SuperviseAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestOversightView>> EndSupervision(long id, RequestNote body, RequestOversight oversight, CancellationToken ct) =>
        TypedResults.Ok(await oversight.ViewAsync((await oversight.EndSupervisionAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestOversightView>> LinkDuplicate(long id, LinkDuplicate body, RequestOversight oversight, CancellationToken ct) =>
        TypedResults.Ok(await oversight.ViewAsync((await oversight.LinkDuplicateAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<IReadOnlyList<SessionSummary>>> ListSessions(string? areaCode, SecretarySessions sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.ListAsync(areaCode, ct));

    private static async Task<Created<SessionSummary>> CreateSession(SaveSession body, SecretarySessions sessions, CancellationToken ct)
    {
        var created = await sessions.CreateAsync(body, ct);
        return TypedResults.Created($"/api/secretary-sessions/{created.Id}", created);
    }

    private static async Task<Ok<SessionDetail>> GetSession(long id, SecretarySessions sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.GetAsync(id, ct));

    private static async Task<Created<RequestDetail>> AddSessionRequest(long id, CreateRequest body, SecretarySessions sessions, RequestQueries queries, CancellationToken ct)
    {
        var request = await sessions.AddRequestAsync(id, body, ct);
        return TypedResults.Created($"/api/requests/{request.Id}", await queries.GetAsync(request.Id, ct));
    }
}
