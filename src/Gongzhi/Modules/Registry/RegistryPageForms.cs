using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Households;
using Gongzhi.Modules.Registry.Features.Import;
using Gongzhi.Modules.Registry.Features.Places;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Search;
using Gongzhi.Modules.Registry.Pages;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry;

/// <summary>
/// The form endpoints of the registry's pages that are not page forms (see <see cref="RecordPage{TRecord}"/>): the
/// same use cases as the API, answered with redirects (and a flash message) or htmx fragments.
/// </summary>
public static class RegistryPageForms
{
    public static IEndpointRouteBuilder MapRegistryForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms").RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        forms.MapPost("/households/{id:long}/retire", (long id, HouseholdService s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/households/{id}", async () => ($"/households/{id}", l["Retired {0}.", (await s.SetRetiredAsync(id, true, default)).Address])));
        forms.MapPost("/households/{id:long}/restore", (long id, HouseholdService s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/households/{id}", async () => ($"/households/{id}", l["Restored {0}.", (await s.SetRetiredAsync(id, false, default)).Address])));
        forms.MapPost("/residents/saved-searches/{id:long}/delete", (long id, SavedSearches s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/residents", async () =>
            {
                await s.DeleteAsync(id, default);
                return ("/residents", l["Deleted {0}.", id]);
            }));
        forms.MapPost("/registry/import", async (IFormFile? file, RegistryImporter importer, IStringLocalizer<SharedResource> l) =>
        {
            if (file is null || file.Length == 0) return FlashMessage.Redirect("/registry/import", ok: false, l["Choose the filled template (.xlsx)."]);
            try
            {
                await using var stream = file.OpenReadStream();
                var report = await importer.ImportAsync(stream, file.FileName, default);
                // The import ran: its summary is news, not an error, even with rejected rows (the report lists them).
                return FlashMessage.Redirect($"/registry/import?run={report.RunId}", ok: true,
                    l["Imported: {0} added, {1} updated, {2} unchanged, {3} rejected.", report.Added, report.Updated, report.Unchanged, report.Rejected]);
            }
            catch (AppProblem p)
            {
                return FlashMessage.Redirect("/registry/import", ok: false, p.Detail);
            }
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RegistryImporter.MaxBytes + 1024 * 1024));

        // The options of a HouseholdPicker: active households whose address holds the text, through the data-scope
        // filter, so the picker never offers a household the caller could not move anyone into.
        app.MapGet("/fragments/household-picker", async Task<RazorComponentResult> (string? @for, string? q, Infrastructure.Database.GongzhiDb db) =>
        {
            var text = q?.Trim() ?? "";
            var items = text.Length == 0 ? [] : await db.Households.AsNoTracking()
                .Where(h => h.RetiredAt == null && h.Address.Contains(text))
                .OrderBy(h => h.Address).Take(20)
                .Select(h => new HouseholdPickerOptions.Option(h.Id, h.Address, h.MemberCount))
                .ToListAsync();
            return new RazorComponentResult<HouseholdPickerOptions>(new { For = @for ?? "", Items = items });
        }).RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();

        app.MapPost("/fragments/residents/{id:long}/unmask", UnmaskFragmentAsync).RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>The unmasked ID number and phone in place, or why not: a refusal, or keys that do not fit the data.</summary>
    private static async Task<IResult> UnmaskFragmentAsync(long id, IFormCollection f, ResidentService s, IStringLocalizer<SharedResource> l, ILoggerFactory logs)
    {
        try
        {
            var data = await s.UnmaskAsync(id, new UnmaskRequest(FormPost.Text(f, "reason")), default);
            return new RazorComponentResult<UnmaskedFragment>(new { data.IdNumber, data.Phone });
        }
        catch (AppProblem p)
        {
            return Alert("warning", p.Detail);
        }
        catch (PersonalDataKeyException ex)
        {
            logs.CreateLogger("Gongzhi.PersonalData").LogCritical(ex, "Personal data of resident {Id} cannot be decrypted with the configured personal-data keys", id);
            return Alert("danger", l["Personal data cannot be decrypted with the keys this server has. An administrator must install the keys this database was encrypted with (import-keys)."]);
        }

        static IResult Alert(string kind, string? text) =>
            Results.Content($"<div class=\"alert alert-{kind} py-2 small\" role=\"alert\">{System.Net.WebUtility.HtmlEncode(text)}</div>", "text/html; charset=utf-8");
    }
}
