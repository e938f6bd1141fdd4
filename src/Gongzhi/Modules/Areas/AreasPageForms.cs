using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Features.Browse;
using Gongzhi.Modules.Areas.Features.Departments;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Areas.Features.Manage;
using Gongzhi.Modules.Areas.Pages;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Areas;

/// <summary>
/// The area pages' form endpoints without typed input (retire, restore, delete, the division upload) and their htmx
/// fragments (a node's children, the area picker's options). Forms with fields are page forms.
/// </summary>
public static class AreasPageForms
{
    public static IEndpointRouteBuilder MapAreaForms(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/forms").RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        staff.MapPost("/areas/{code}/retire", (string code, AreaCommands c, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/areas/{code}", async () => ($"/areas/{code}", l["Retired {0}.", (await c.RetireAsync(code, default)).Name])));
        staff.MapPost("/areas/{code}/restore", (string code, AreaCommands c, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/areas/{code}", async () => ($"/areas/{code}", l["Restored {0}.", (await c.RestoreAsync(code, default)).Name])));
        staff.MapPost("/areas/{code}/delete", (string code, AreaCommands c, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/areas/{code}", async () =>
            {
                var parent = AreaQueries.ParentCode(await c.DeleteAsync(code, default));
                return (parent is null ? "/areas" : $"/areas/{parent}", l["Deleted {0}.", code]);
            }));

        var admin = app.MapGroup("/forms").RequireAuthorization(Roles.AdminPolicy).ExcludeFromDescription();
        admin.MapPost("/departments/{code}/retire", (string code, DepartmentCommands d, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/departments", async () => ("/admin/departments", l["Retired {0}.", (await d.SetRetiredAsync(code, true, default)).Name])));
        admin.MapPost("/departments/{code}/restore", (string code, DepartmentCommands d, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/departments", async () => ("/admin/departments", l["Restored {0}.", (await d.SetRetiredAsync(code, false, default)).Name])));
        admin.MapPost("/divisions", (IFormFile? file, DivisionImporter importer, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/divisions", async () =>
            {
                if (file is null || file.Length == 0) throw AppProblem.Invalid("file", l["Choose a CSV file."]);
                if (file.Length > 20 * 1024 * 1024) throw new AppProblem(413, l["The upload is too large."]);
                await using var stream = file.OpenReadStream();
                var report = await importer.ImportAsync(stream, default);
                if (!report.Succeeded)
                    throw AppProblem.Invalid("file", l["Nothing was imported. {0}", string.Join("; ", report.Errors.Take(10).Select(e => l["line {0}: {1}", e.Line, e.Message]))]);
                return ("/admin/divisions", l["Imported: {0} added, {1} renamed, {2} unchanged.", report.Added, report.Renamed, report.Unchanged]);
            }));

        app.MapGet("/fragments/areas/{code}/children", async Task<RazorComponentResult> (string code, string? q, bool? includeRetired, AreaQueries areas) =>
        {
            var children = await areas.ChildrenAsync(code, q, includeRetired ?? false, 1, 200, default);
            return new RazorComponentResult<ChildrenTable>(new { Items = children.Items });
        }).RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        // The options of an AreaPicker: the caller's roots, a node's children, or a search — all through the
        // data-scope filter, so a picker never offers a node the caller could not use.
        app.MapGet("/fragments/area-picker", async Task<RazorComponentResult> (string? @for, string? q, string? parent, AreaQueries areas) =>
        {
            const int max = 30;
            var target = @for ?? "";
            if (!string.IsNullOrWhiteSpace(q))
            {
                var found = await areas.SearchAsync(null, q.Trim(), 1, max, default);
                return new RazorComponentResult<AreaPickerOptions>(new { For = target, Items = found.Items, Total = found.Total });
            }
            if (!string.IsNullOrWhiteSpace(parent))
            {
                var node = await areas.GetAsync(parent, default);
                var children = await areas.ChildrenAsync(parent, null, false, 1, max, default);
                return new RazorComponentResult<AreaPickerOptions>(new { For = target, Parent = node, Items = children.Items, Total = children.Total });
            }
            var roots = await areas.RootsAsync(default);
            return new RazorComponentResult<AreaPickerOptions>(new { For = target, Items = roots, Total = roots.Count });
        }).RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        return app;
    }
}
