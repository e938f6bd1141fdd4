using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Requests.Features.Categories;
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
        return app;
    }

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
