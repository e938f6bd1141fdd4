using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Lists;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Requests;

/// <summary>Residents' requests over HTTP: the category tree and (under /api/requests) the requests and their workflow.</summary>
public static class RequestsApi
{
    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var categories = app.MapGroup("/api/request-categories").WithTags("Requests");
        categories.MapGet("/", ListCategories).RequireAuthorization()
            .WithSummary("The category tree, parents each followed by their children; retired ones only when asked for.");
        categories.MapGet("/{code}", GetCategory).RequireAuthorization().WithSummary("One category.");
        categories.MapPost("/", CreateCategory).RequireAuthorization(Roles.AdminPolicy)
            .WithSummary("Adds a category (a parent's code makes it a subcategory) with its default handler level and service-level hours.");
        categories.MapPut("/{code}", UpdateCategory).RequireAuthorization(Roles.AdminPolicy)
            .WithSummary("Changes a category's name, parent, handler level or service-level hours (new requests use them).");
        categories.MapPost("/{code}/retire", RetireCategory).RequireAuthorization(Roles.AdminPolicy)
            .WithSummary("Retires a category: existing requests keep it, new ones cannot choose it.");
        categories.MapPost("/{code}/restore", RestoreCategory).RequireAuthorization(Roles.AdminPolicy)
            .WithSummary("Brings a retired category back.");

        var requests = app.MapGroup("/api/requests").WithTags("Requests").RequireAuthorization(RequestsModule.WorkersPolicy);
        requests.MapGet("/", ListRequests)
            .WithSummary("A role list (list=Mine|Area|Overdue|AwaitingFeedback|AwaitingReturnVisit|Supervised; default Mine) with filters (status, category, channel, areaCode, q) and paging.");
        requests.MapGet("/counts", CountRequests).WithSummary("How many requests each role list holds for the caller.");
        requests.MapPost("/", CreateRequest).RequireAuthorization(Roles.StaffPolicy)
            .WithSummary("Records a request on a resident's behalf (window, phone, secretary's session) or a snapshot (随手拍).");
        requests.MapGet("/{id:long}", GetRequest).WithSummary("One request with its timeline and the steps the caller may take now.");
        requests.MapPost("/{id:long}/accept", Accept).WithSummary("接单: the caller becomes first responsible (首问负责) and handler.");
        requests.MapPost("/{id:long}/assign", Assign)
            .WithSummary("Hands the request to a worker (assigneeUserName) or a department (departmentCode); a transfer from a handler needs a reason.");
        requests.MapPost("/{id:long}/return", Return).WithSummary("退回 (not ours): the handler gives it back to the first acceptor, with a reason.");
        requests.MapPost("/{id:long}/start", Start).WithSummary("The handler starts working on it.");
        requests.MapPost("/{id:long}/resolve", Resolve).WithSummary("The handler resolves it, with a note.");
        requests.MapPost("/{id:long}/feedback", Feedback).WithSummary("The resident's verdict (satisfied, score 1–5); not satisfied reopens it.");
        requests.MapPost("/{id:long}/return-visit", ReturnVisit).WithSummary("回访 recorded by staff, with a note; this closes the request.");
        requests.MapPost("/{id:long}/whistle", Whistle)
            .WithSummary("吹哨: a community or street worker calls one or more departments in, with a reason; each must report in within the configured hours.");
        requests.MapPost("/{id:long}/report-in", ReportIn).WithSummary("报到: the caller's department takes the call.");
        requests.MapPost("/{id:long}/department-action", DepartmentAct).WithSummary("What the caller's department did (after reporting in), with a note.");
        requests.MapPost("/{id:long}/unmask", Unmask).WithSummary("The submitter's phone in clear (unmask permission; audited).");
        return app;
    }

    private static async Task<Ok<PagedList<RequestSummary>>> ListRequests([AsParameters] RequestFilter filter, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(filter, ct));

    private static async Task<Ok<RequestCounts>> CountRequests(RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.CountsAsync(ct));

    private static async Task<Created<RequestDetail>> CreateRequest(CreateRequest body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct)
    {
        var request = await workflow.CreateAsync(body, ct);
        return TypedResults.Created($"/api/requests/{request.Id}", await queries.GetAsync(request.Id, ct));
    }

    private static async Task<Ok<RequestDetail>> GetRequest(long id, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync(id, ct));

    private static async Task<Ok<RequestDetail>> Accept(long id, RequestNote body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.AcceptAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestDetail>> Assign(long id, AssignRequest body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.AssignAsync(id, body, ct)).Id, ct));

    /// <summary>After a return the caller may no longer reach the request: answer what it can still see, or nothing.</summary>
    private static async Task<Results<Ok<RequestDetail>, NoContent>> Return(long id, ReturnRequest body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct)
    {
        await workflow.ReturnAsync(id, body, ct);
        return await queries.TryGetAsync(id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NoContent();
    }

    private static async Task<Ok<RequestDetail>> Start(long id, RequestNote body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.StartAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestDetail>> Resolve(long id, RequestNote body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.ResolveAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestDetail>> Feedback(long id, FeedbackInput body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.FeedbackAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestDetail>> ReturnVisit(long id, RequestNote body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.ReturnVisitAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestDetail>> Whistle(long id, WhistleRequest body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.WhistleAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestDetail>> ReportIn(long id, RequestNote body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.ReportInAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<RequestDetail>> DepartmentAct(long id, RequestNote body, RequestWorkflow workflow, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.GetAsync((await workflow.DepartmentActAsync(id, body, ct)).Id, ct));

    private static async Task<Ok<UnmaskedPhone>> Unmask(long id, RequestQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.UnmaskPhoneAsync(id, ct));

    private static async Task<Ok<IReadOnlyList<CategoryView>>> ListCategories(bool? includeRetired, CategoryCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.ListAsync(includeRetired ?? false, ct));

    private static async Task<Ok<CategoryView>> GetCategory(string code, CategoryCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.GetAsync(code, ct));

    private static async Task<Created<CategoryView>> CreateCategory(SaveCategory body, CategoryCatalog catalog, CancellationToken ct)
    {
        var created = await catalog.CreateAsync(body, ct);
        return TypedResults.Created($"/api/request-categories/{created.Code}", created);
    }

    private static async Task<Ok<CategoryView>> UpdateCategory(string code, SaveCategory body, CategoryCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.UpdateAsync(code, body, ct));

    private static async Task<Ok<CategoryView>> RetireCategory(string code, CategoryCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.SetRetiredAsync(code, true, ct));

    private static async Task<Ok<CategoryView>> RestoreCategory(string code, CategoryCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(await catalog.SetRetiredAsync(code, false, ct));
}
