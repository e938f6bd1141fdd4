using System.Text.Json;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Features.Buildings;
using Gongzhi.Modules.Registry.Features.Households;
using Gongzhi.Modules.Registry.Features.Import;
using Gongzhi.Modules.Registry.Features.Places;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Search;
using Gongzhi.Modules.Registry.Features.Tags;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Localization;
using Microsoft.OpenApi;

namespace Gongzhi.Modules.Registry;

public static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var byArea = app.MapGroup("/api/areas/{code}").WithTags("Households").RequireAuthorization(Roles.StaffPolicy);
        byArea.MapGet("/households", async (string code, bool? includeRetired, int? page, int? pageSize, HouseholdService s, CancellationToken ct) =>
        {
            var (p, size) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await s.ListUnderAsync(code, includeRetired ?? false, p, size, ct));
        }).WithSummary("Households in a node's subtree, paged.");
        byArea.MapPost("/households", async (string code, SaveHousehold body, HouseholdService s, CancellationToken ct) =>
        {
            var h = await s.CreateAsync(code, body, ct);
            return TypedResults.Created($"/api/households/{h.Id}", await s.GetAsync(h.Id, ct));
        }).WithSummary("Registers a household at a unit, building or grid.");
        byArea.MapGet("/merchants", async (string code, int? page, int? pageSize, PlaceService s, CancellationToken ct) =>
        {
            var (p, size) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await s.MerchantsAsync(code, p, size, ct));
        }).WithTags("Places");
        byArea.MapGet("/facilities", async (string code, int? page, int? pageSize, PlaceService s, CancellationToken ct) =>
        {
            var (p, size) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await s.FacilitiesAsync(code, p, size, ct));
        }).WithTags("Places");

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
        households.MapGet("/{id:long}/history", async (long id, HouseholdService s, AuditHistory history, CancellationToken ct) =>
        {
            await s.GetAsync(id, ct); // in reach?
            return TypedResults.Ok(await history.ForAsync("household", id.ToString(), 200, ct));
        }).WithSummary("Who changed what in the household, and when (newest first).");

        var residents = app.MapGroup("/api/residents").WithTags("Residents").RequireAuthorization(Roles.StaffPolicy);
        residents.MapGet("/", async (ResidentQuery query, ResidentSearch search, CancellationToken ct) => TypedResults.Ok(await search.SearchAsync(query, ct)))
            .AddOpenApiOperationTransformer(DescribeResidentQuery)
            .WithSummary("Searches residents by any combination of conditions; { items, total }. q takes a name or address, a whole ID number or phone, or the last 6 characters of an ID number / last 4 digits of a phone; an empty value is no condition.");
        residents.MapGet("/export", ExportResidentsAsync)
            .AddOpenApiOperationTransformer(DescribeResidentQuery)
            .WithSummary("Exports the search result (.xlsx or .csv), masked unless unmasked=true, permitted and with a reason (audited).");
        residents.MapGet("/{id:long}", async (long id, ResidentService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct)));
        residents.MapPost("/", async (SaveResident body, ResidentService s, CancellationToken ct) =>
        {
            var r = await s.CreateAsync(body, ct);
            return TypedResults.Created($"/api/residents/{r.Id}", await s.GetAsync(r.Id, ct));
        });
        residents.MapPut("/{id:long}", async (long id, SaveResident body, ResidentService s, CancellationToken ct) =>
        {
            await s.UpdateAsync(id, body, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        });
        residents.MapPost("/{id:long}/move", async (long id, MoveResident body, ResidentService s, CancellationToken ct) =>
        {
            await s.MoveAsync(id, body, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        }).WithSummary("Moves a resident to another household; the old membership ends, history stays.");
        residents.MapPost("/{id:long}/end", async (long id, EndMembership body, ResidentService s, CancellationToken ct) =>
        {
            await s.EndAsync(id, body, ct);
            return TypedResults.Ok(await s.GetAsync(id, ct));
        }).WithSummary("Ends the household membership (moved out or deceased); the record is kept.");
        residents.MapPost("/{id:long}/unmask", async (long id, UnmaskRequest body, ResidentService s, CancellationToken ct) => TypedResults.Ok(await s.UnmaskAsync(id, body, ct)))
            .WithSummary("Shows the ID number and phone unmasked (needs the permission; audited).");
        residents.MapGet("/{id:long}/history", async (long id, ResidentService s, CancellationToken ct) => TypedResults.Ok(await s.HistoryAsync(id, 200, ct)))
            .WithSummary("Who changed what about the resident, newest first; addresses outside your area are not shown.");
        residents.MapGet("/saved-searches", async (SavedSearches s, CancellationToken ct) => TypedResults.Ok(await s.MineAsync(ct)));
        residents.MapPost("/saved-searches", async (SaveSearch body, SavedSearches s, CancellationToken ct) => TypedResults.Ok(await s.SaveAsync(body, ct)));
        residents.MapDelete("/saved-searches/{id:long}", async (long id, SavedSearches s, CancellationToken ct) =>
        {
            await s.DeleteAsync(id, ct);
            return TypedResults.NoContent();
        });

        app.MapGet("/api/buildings/{id:long}/layout", async (long id, BuildingLayout layout, CancellationToken ct) => TypedResults.Ok(await layout.GetAsync(id, ct)))
            .WithTags("Households").RequireAuthorization(Roles.StaffPolicy).WithSummary("A building as floors × rooms per unit, each flat marked (一眼观全楼).");

        var tags = app.MapGroup("/api/tags").WithTags("Residents").RequireAuthorization(Roles.StaffPolicy);
        tags.MapGet("/", async (TagCatalog c, CancellationToken ct) => TypedResults.Ok((await c.UsableAsync(ct)).Select(t => new TagView(t.Id, t.Code, t.Name, t.Kind))));
        tags.MapPost("/", async (CreateTag body, TagCatalog c, CancellationToken ct) =>
        {
            var t = await c.CreateCustomAsync(body, ct);
            return TypedResults.Created($"/api/tags/{t.Code}", new TagView(t.Id, t.Code, t.Name, t.Kind));
        }).WithSummary("Creates a custom tag for a district.");

        var registry = app.MapGroup("/api/registry").WithTags("Registry");
        registry.MapGet("/template", async (HttpContext http, CancellationToken ct) =>
        {
            http.Response.ContentType = Xlsx.ContentType;
            http.Response.Headers.ContentDisposition = "attachment; filename=\"registry-template.xlsx\"";
            await RegistryFiles.WriteTemplateAsync(http.Response.Body, ct);
        }).RequireAuthorization(Roles.StaffPolicy).WithSummary("The one-form collection template (.xlsx, Chinese headers, drop-downs).");
        registry.MapPost("/import", async (IFormFile file, RegistryImporter importer, CancellationToken ct) =>
        {
            await using var stream = file.OpenReadStream();
            return TypedResults.Ok(await importer.ImportAsync(stream, file.FileName, ct));
        }).RequireAuthorization(Roles.ApiUploadPolicy).DisableAntiforgery()
          .WithMetadata(new RequestSizeLimitAttribute(RegistryImporter.MaxBytes + 1024 * 1024))
          .WithSummary("Imports a filled template (multipart, field 'file'); answers the report. Bearer tokens only.");
        registry.MapGet("/imports/{id:long}", async (long id, RegistryFiles files, CancellationToken ct) =>
        {
            var run = await files.RunAsync(id, ct);
            return TypedResults.Ok(new { run.Id, run.FileName, run.StartedAt, run.Rows, run.Added, run.Updated, run.Unchanged, run.Rejected });
        }).RequireAuthorization(Roles.StaffPolicy);
        registry.MapGet("/imports/{id:long}/report.xlsx", async (long id, RegistryFiles files, HttpContext http, CancellationToken ct) =>
        {
            await files.RunAsync(id, ct);
            http.Response.ContentType = Xlsx.ContentType;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-report-{id}.xlsx\"";
            await files.WriteReportAsync(id, http.Response.Body, ct);
        }).RequireAuthorization(Roles.StaffPolicy).WithSummary("The rejected rows of an import, with row numbers and reasons (.xlsx).");

        var merchants = app.MapGroup("/api/merchants").WithTags("Places").RequireAuthorization(Roles.StaffPolicy);
        merchants.MapGet("/{id:long}", async (long id, PlaceService s, CancellationToken ct) => TypedResults.Ok(await s.MerchantAsync(id, ct)));
        merchants.MapPost("/", async (SaveMerchant body, PlaceService s, CancellationToken ct) =>
        {
            var m = await s.SaveMerchantAsync(null, body, ct);
            return TypedResults.Created($"/api/merchants/{m.Id}", await s.MerchantAsync(m.Id, ct));
        });
        merchants.MapPut("/{id:long}", async (long id, SaveMerchant body, PlaceService s, CancellationToken ct) =>
        {
            await s.SaveMerchantAsync(id, body, ct);
            return TypedResults.Ok(await s.MerchantAsync(id, ct));
        });
        var facilities = app.MapGroup("/api/facilities").WithTags("Places").RequireAuthorization(Roles.StaffPolicy);
        facilities.MapGet("/{id:long}", async (long id, PlaceService s, CancellationToken ct) => TypedResults.Ok(await s.FacilityAsync(id, ct)));
        facilities.MapPost("/", async (SaveFacility body, PlaceService s, CancellationToken ct) =>
        {
            var f = await s.SaveFacilityAsync(null, body, ct);
            return TypedResults.Created($"/api/facilities/{f.Id}", await s.FacilityAsync(f.Id, ct));
        });
        facilities.MapPut("/{id:long}", async (long id, SaveFacility body, PlaceService s, CancellationToken ct) =>
        {
            await s.SaveFacilityAsync(id, body, ct);
            return TypedResults.Ok(await s.FacilityAsync(id, ct));
        });
        return app;
    }

    /// <summary>
    /// <see cref="ResidentQuery"/> binds itself (so that empty values mean "no condition"), which hides its fields
    /// from the generated document: list them here as the query parameters they are.
    /// </summary>
    private static Task DescribeResidentQuery(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        foreach (var property in typeof(ResidentQuery).GetProperties())
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var schema = type == typeof(int) ? new OpenApiSchema { Type = JsonSchemaType.Integer }
                : type == typeof(string[]) ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }
                : type.IsEnum ? new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames(type).Select(n => (System.Text.Json.Nodes.JsonNode)n)] }
                : new OpenApiSchema { Type = JsonSchemaType.String };
            operation.Parameters.Add(new OpenApiParameter { Name = JsonNamingPolicy.CamelCase.ConvertName(property.Name), In = ParameterLocation.Query, Schema = schema });
        }
        return Task.CompletedTask;
    }

    /// <param name="unmasked">A string, not a bool: the page's links may send <c>unmasked=</c>, which means "no".</param>
    private static async Task ExportResidentsAsync(ResidentQuery query, string? format, string? unmasked, string? reason, RegistryFiles files,
        IStringLocalizer<SharedResource> l, HttpContext http, CancellationToken ct)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        var unmask = false;
        if (!string.IsNullOrWhiteSpace(unmasked) && !bool.TryParse(unmasked.Trim(), out unmask))
            throw AppProblem.Invalid("unmasked", l["Write true or false."]);
        // Refusals (scope, conditions, permission, reason) become problem responses only before the response starts.
        var export = await files.PrepareExportAsync(query, unmask, reason, ct);
        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : Xlsx.ContentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"residents-{DateTime.UtcNow:yyyyMMdd-HHmm}.{(csv ? "csv" : "xlsx")}\"";
        await files.WriteExportAsync(export, csv ? "csv" : "xlsx", http.Response.Body, ct);
    }
}
