using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Open311.Features.GeoReport;
using Gongzhi.Modules.Open311.Features.Hotline;
using Gongzhi.Modules.Open311.Features.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Modules.Open311;

/// <summary>
/// Open311 GeoReport v2 under /open311/v2 (its own contract: not in the OpenAPI document, errors in the
/// specification's format), the API keys admins issue, and the 12345 hotline import.
/// </summary>
public static class Open311Api
{
    public const string ReadsRateLimit = "open311-reads";
    private const string Format = "{format:regex(^(json|xml)$)}";

    public static IEndpointRouteBuilder MapOpen311Api(this IEndpointRouteBuilder app)
    {
        var geo = app.MapGroup("/open311/v2").AllowAnonymous().ExcludeFromDescription();
        geo.MapGet($"/discovery.{Format}", (string format, HttpRequest http, GeoReport g) =>
            Respond(format, () => Task.FromResult(GeoReportFormat.RenderOne(format, "discovery", g.Discovery($"{http.Scheme}://{http.Host}{http.PathBase}/open311/v2")))))
            .RequireRateLimiting(ReadsRateLimit);
        geo.MapGet($"/services.{Format}", (string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, GeoReport g, CancellationToken ct) =>
            Respond(format, async () => GeoReportFormat.Render(format, "services", "service", await g.ServicesAsync(jurisdiction, ct))))
            .RequireRateLimiting(ReadsRateLimit);
        geo.MapGet("/services/{code}." + Format, (string code, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, GeoReport g, CancellationToken ct) =>
            Respond(format, async () => GeoReportFormat.RenderOne(format, "service_definition", await g.DefinitionAsync(code, jurisdiction, ct))))
            .RequireRateLimiting(ReadsRateLimit);
        geo.MapGet($"/requests.{Format}", SearchRequests).RequireRateLimiting(ReadsRateLimit);
        geo.MapPost($"/requests.{Format}", SubmitRequest).DisableAntiforgery();
        geo.MapGet("/requests/{id}." + Format, (string id, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, GeoReport g, CancellationToken ct) =>
            Respond(format, async () => GeoReportFormat.Render(format, "service_requests", "request", await g.RequestAsync(id, jurisdiction, ct))))
            .RequireRateLimiting(ReadsRateLimit);
        geo.MapGet("/tokens/{token}." + Format, (string token, string format, [FromQuery(Name = "jurisdiction_id")] string? jurisdiction, GeoReport g, CancellationToken ct) =>
            Respond(format, async () => GeoReportFormat.Render(format, "service_requests", "request", await g.TokenAsync(token, jurisdiction, ct))))
            .RequireRateLimiting(ReadsRateLimit);

        var keys = app.MapGroup("/api/open311/keys").WithTags("Open311").RequireAuthorization(Roles.AdminPolicy);
        keys.MapGet("/", ListKeys).WithSummary("The API clients (Open311 and 12345 hotline) with their key's prefix, when it was issued, last used and revoked.");
        keys.MapPost("/", IssueKey).WithSummary("Issues an API key for a client (kind Open311 or Hotline): the key is in this answer only; only its hash is kept.");
        keys.MapPost("/{id:long}/revoke", RevokeKey).WithSummary("Revokes a client's key: its next post is refused.");

        var hotline = app.MapGroup("/api/requests/hotline").WithTags("Requests").AllowAnonymous();
        hotline.MapPost("/", ImportHotlineCase)
            .WithSummary("12345 hotline import (header X-Api-Key: a Hotline key): 201 with the new request, or 200 with the one already made for this case number (nothing changes).");
        hotline.MapGet("/{caseNumber}", GetHotlineCase).WithSummary("What became of an imported hotline case: status, stage, resolution note, the resident's verdict, times.");
        return app;
    }

    private static Task<GeoReportResult> SearchRequests(string format, HttpRequest http, GeoReport g, CancellationToken ct)
    {
        string? Q(string name) => http.Query.TryGetValue(name, out var v) ? v.ToString() : null;
        return Respond(format, async () => GeoReportFormat.Render(format, "service_requests", "request",
            await g.SearchAsync(Q("service_request_id"), Q("service_code"), Q("start_date"), Q("end_date"), Q("status"), Q("jurisdiction_id"), ct)));
    }

    private static Task<GeoReportResult> SubmitRequest(string format, HttpRequest http, GeoReport g, CancellationToken ct) =>
        Respond(format, async () =>
        {
            if (!http.HasFormContentType) throw new GeoReportError(400, "the body must be application/x-www-form-urlencoded (or multipart/form-data)");
            var (status, rows) = await g.SubmitAsync(await http.ReadFormAsync(ct), ct);
            return (status, GeoReportFormat.Render(format, "service_requests", "request", rows));
        });

    private static Task<GeoReportResult> Respond(string format, Func<Task<string>> body) =>
        Respond(format, async () => (200, await body()));

    /// <summary>Every refusal in the specification's shape: a list of {code, description}, the code being the HTTP status.</summary>
    private static async Task<GeoReportResult> Respond(string format, Func<Task<(int Status, string Body)>> body)
    {
        try
        {
            var (status, text) = await body();
            return new GeoReportResult(status, format, text);
        }
        catch (GeoReportError e)
        {
            return new GeoReportResult(e.Status, format, GeoReportFormat.Errors(format, e.Status, e.Descriptions));
        }
        catch (AppProblem p)
        {
            var descriptions = p.Errors is { Count: > 0 } errors
                ? errors.SelectMany(e => e.Value.Select(m => $"{OpenField(e.Key)}: {m}"))
                : [p.Detail];
            return new GeoReportResult(p.Status, format, GeoReportFormat.Errors(format, p.Status, descriptions));
        }
        catch (InvalidDataException)
        {
            return new GeoReportResult(400, format, GeoReportFormat.Errors(format, 400, ["the form body could not be read"]));
        }
    }

    /// <summary>The Open311 name of a field the request intake refused.</summary>
    private static string OpenField(string field) => field switch
    {
        "categoryCode" => "service_code",
        "areaCode" => "jurisdiction_id",
        "submitterPhone" => "phone",
        "submitterName" => "first_name",
        "address" => "address_string",
        "latitude" => "lat",
        "longitude" => "long",
        _ => field,
    };

    private static async Task<Ok<IReadOnlyList<ApiClientView>>> ListKeys(ApiKeys keys, CancellationToken ct) => TypedResults.Ok(await keys.ListAsync(ct));

    private static async Task<Created<IssuedApiKey>> IssueKey(IssueApiKey body, ApiKeys keys, CancellationToken ct)
    {
        var issued = await keys.IssueAsync(body, ct);
        return TypedResults.Created($"/api/open311/keys/{issued.Id}", issued);
    }

    private static async Task<Ok<ApiClientView>> RevokeKey(long id, ApiKeys keys, CancellationToken ct) => TypedResults.Ok(await keys.RevokeAsync(id, ct));

    private static async Task<Results<Created<HotlineCaseView>, Ok<HotlineCaseView>>> ImportHotlineCase(
        HotlineCase body, [FromHeader(Name = HotlineImport.KeyHeader)] string? apiKey, HotlineImport hotline, CancellationToken ct)
    {
        var (view, created) = await hotline.ImportAsync(apiKey, body, ct);
        return created ? TypedResults.Created($"/api/requests/hotline/{Uri.EscapeDataString(view.CaseNumber)}", view) : TypedResults.Ok(view);
    }

    private static async Task<Ok<HotlineCaseView>> GetHotlineCase(
        string caseNumber, [FromHeader(Name = HotlineImport.KeyHeader)] string? apiKey, HotlineImport hotline, CancellationToken ct) =>
        TypedResults.Ok(await hotline.GetAsync(apiKey, caseNumber, ct));
}
