using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Registry.Features.Households;

namespace Gongzhi.Modules.Registry;

public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var byArea = app.MapGroup("/api/areas/{code}/households").WithTags("Households").RequireAuthorization(Roles.StaffPolicy);
        byArea.MapGet("/", async (string code, bool? includeRetired, int? page, int? pageSize, HouseholdService s, CancellationToken ct) =>
        {
            var (p, size) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await s.ListUnderAsync(code, includeRetired ?? false, p, size, ct));
        }).WithSummary("Households in a node's subtree, paged.");
        byArea.MapPost("/", async (string code, SaveHousehold body, HouseholdService s, CancellationToken ct) =>
        {
            var h = await s.CreateAsync(code, body, ct);
            return TypedResults.Created($"/api/households/{h.Id}", await s.GetAsync(h.Id, ct));
        }).WithSummary("Registers a household at a unit, building or grid.");

        var households = app.MapGroup("/api/households").WithTags("Households").RequireAuthorization(Roles.StaffPolicy);
        households.MapGet("/{id:long}", async (long id, HouseholdService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct)))
            .WithSummary("One household with its members (personal data masked).");
        households.MapPut("/{id:long}", async (long id, SaveHousehold body, HouseholdService s, CancellationToken ct) =>
        {
            await s.UpdateAsync(id, body, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        });
        households.MapPost("/{id:long}/move", async (long id, MoveHousehold body, HouseholdService s, CancellationToken ct) =>
        {
            await s.MoveAsync(id, body, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        }).WithSummary("Moves a household (and its members) to another unit, building or grid.");
        households.MapPost("/{id:long}/retire", async (long id, HouseholdService s, CancellationToken ct) =>
        {
            await s.SetRetiredAsync(id, true, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        });
        households.MapPost("/{id:long}/restore", async (long id, HouseholdService s, CancellationToken ct) =>
        {
            await s.SetRetiredAsync(id, false, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        });
        return app;
    }
}
