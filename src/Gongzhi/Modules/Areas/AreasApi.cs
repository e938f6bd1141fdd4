using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Features.Browse;
using Gongzhi.Modules.Areas.Features.Departments;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Areas.Features.Manage;
using Gongzhi.Modules.Areas.Features.PartyOrganizations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Areas;

/// <summary>The area tree over HTTP. Every route reads through the data-scope filter: outside your subtree is 404.</summary>
public static class AreasApi
{
    public static IEndpointRouteBuilder MapAreasApi(this IEndpointRouteBuilder app)
    {
        var areas = app.MapGroup("/api/areas").WithTags("Areas").RequireAuthorization(Roles.StaffPolicy);
        areas.MapGet("/", async (AreaQueries q, CancellationToken ct) => TypedResults.Ok(await q.RootsAsync(ct)))
            .WithSummary("The nodes the caller is bound to (the tree's roots for admins).");
        areas.MapGet("/search", async (string q, string? under, int? page, int? pageSize, AreaQueries queries, CancellationToken ct) =>
        {
            var (p, s) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await queries.SearchAsync(under, q.Trim(), p, s, ct));
        }).WithSummary("Nodes whose name contains, or code starts with, the text; within the caller's scope.");
        areas.MapGet("/{code}", async (string code, AreaQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(code, ct)))
            .WithSummary("One node with its counts of children, households and residents.");
        areas.MapGet("/{code}/children", async (string code, string? q, bool? includeRetired, int? page, int? pageSize, AreaQueries queries, CancellationToken ct) =>
        {
            var (p, s) = Paging.Normalize(page, pageSize, 200);
            return TypedResults.Ok(await queries.ChildrenAsync(code, q, includeRetired ?? false, p, s, ct));
        }).WithSummary("The children of a node, by code, with counts.");
        areas.MapPost("/{code}/children", async Task<Created<AreaNodeView>> (string code, CreateAreaNode body, AreaCommands commands, AreaQueries q, CancellationToken ct) =>
        {
            var node = await commands.CreateChildAsync(code, body, ct);
            return TypedResults.Created($"/api/areas/{node.Code}", await q.GetAsync(node.Code, ct));
        }).WithSummary("Creates a grid, compound, building or unit under a node.");
        areas.MapPut("/{code}", async (string code, UpdateAreaNode body, AreaCommands commands, AreaQueries q, CancellationToken ct) =>
        {
            await commands.UpdateAsync(code, body, ct);
            return TypedResults.Ok(await q.GetAsync(code, ct));
        }).WithSummary("Renames a community-made node or changes its shape (floors, rooms per floor).");
        areas.MapPost("/{code}/move", async (string code, MoveAreaNode body, AreaCommands commands, AreaQueries q, CancellationToken ct) =>
        {
            await commands.MoveAsync(code, body, ct);
            return TypedResults.Ok(await q.GetAsync(code, ct));
        }).WithSummary("Moves a node (with its subtree and data) under another parent.");
        areas.MapPost("/{code}/retire", async (string code, AreaCommands commands, AreaQueries q, CancellationToken ct) =>
        {
            await commands.RetireAsync(code, ct);
            return TypedResults.Ok(await q.GetAsync(code, ct));
        }).WithSummary("Retires a node: it stays with its data but takes no new children.");
        areas.MapPost("/{code}/restore", async (string code, AreaCommands commands, AreaQueries q, CancellationToken ct) =>
        {
            await commands.RestoreAsync(code, ct);
            return TypedResults.Ok(await q.GetAsync(code, ct));
        }).WithSummary("Brings a retired node back.");
        areas.MapDelete("/{code}", async (string code, AreaCommands commands, CancellationToken ct) =>
        {
            await commands.DeleteAsync(code, ct);
            return TypedResults.NoContent();
        }).WithSummary("Deletes an empty node; 409 when anything hangs below it (retire it instead).");
        areas.MapGet("/{code}/party-organizations", async (string code, PartyOrganizationCommands orgs, CancellationToken ct) =>
            TypedResults.Ok(await orgs.ListUnderAsync(code, ct))).WithSummary("Party organisations serving nodes in the subtree.");

        app.MapPost("/api/party-organizations", async (CreatePartyOrganization body, PartyOrganizationCommands orgs, CancellationToken ct) =>
        {
            var org = await orgs.CreateAsync(body, ct);
            return TypedResults.Created($"/api/party-organizations/{org.Id}", new { org.Id, org.Name, org.Level });
        }).WithTags("Areas").RequireAuthorization(Roles.StaffPolicy);

        app.MapPost("/api/areas/import", async (IFormFile file, DivisionImporter importer, CancellationToken ct) =>
        {
            if (file.Length > 20 * 1024 * 1024) throw new AppProblem(413, "20 MB");
            await using var stream = file.OpenReadStream();
            var report = await importer.ImportAsync(stream, ct);
            return report.Succeeded ? Results.Ok(report) : Results.UnprocessableEntity(report);
        }).WithTags("Areas").RequireAuthorization(Roles.ApiAdminUploadPolicy).DisableAntiforgery()
          .WithSummary("Imports official division codes from a CSV (code,name,level,parent_code); all rows or none.");

        var departments = app.MapGroup("/api/departments").WithTags("Departments");
        departments.MapGet("/", async (DepartmentCommands d, CancellationToken ct) => TypedResults.Ok(await d.ListAsync(ct))).RequireAuthorization();
        departments.MapPost("/", async (SaveDepartment body, DepartmentCommands d, CancellationToken ct) =>
        {
            var created = await d.CreateAsync(body, ct);
            return TypedResults.Created($"/api/departments/{created.Code}", new { created.Code, created.Name });
        }).RequireAuthorization(Roles.AdminPolicy);
        departments.MapPut("/{code}", async (string code, SaveDepartment body, DepartmentCommands d, CancellationToken ct) =>
        {
            var updated = await d.UpdateAsync(code, body, ct);
            return TypedResults.Ok(new { updated.Code, updated.Name });
        }).RequireAuthorization(Roles.AdminPolicy);
        departments.MapPost("/{code}/retire", async (string code, DepartmentCommands d, CancellationToken ct) =>
        {
            var retired = await d.SetRetiredAsync(code, true, ct);
            return TypedResults.Ok(new { retired.Code, retired.Name, IsRetired = true });
        }).RequireAuthorization(Roles.AdminPolicy)
          .WithSummary("Retires a department: it takes no new staff; 409 naming them while any of its accounts can still sign in.");
        departments.MapPost("/{code}/restore", async (string code, DepartmentCommands d, CancellationToken ct) =>
        {
            var restored = await d.SetRetiredAsync(code, false, ct);
            return TypedResults.Ok(new { restored.Code, restored.Name, IsRetired = false });
        }).RequireAuthorization(Roles.AdminPolicy).WithSummary("Brings a retired department back.");
        return app;
    }
}
