using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Policies.Features.Definitions;
using Gongzhi.Modules.Policies.Features.Enrolments;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Policies;

/// <summary>The policy page's buttons and upload: the API's use cases, answered with a redirect and a flash message.</summary>
public static class PoliciesPageForms
{
    public static IEndpointRouteBuilder MapPoliciesForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/policies").RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        forms.MapPost("/{id:long}/retire", (long id, PolicyService s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/policies/{id}", async () =>
            {
                await s.SetRetiredAsync(id, true, default);
                return ("/policies", l["Retired {0}.", (await s.GetAsync(id, default)).Name]);
            }));
        forms.MapPost("/{id:long}/enrol", (long id, IFormCollection f, Enrolments s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle(Back(id, f), async () =>
            {
                await s.EnrolAsync(id, new Enrol(Number(f, "residentId"), null, null), default);
                return (Back(id, f), l["Enrolled."]);
            }));
        forms.MapPost("/{id:long}/end", (long id, IFormCollection f, Enrolments s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle(Back(id, f), async () =>
            {
                await s.EndAsync(id, new EndEnrolment(Number(f, "residentId"), FormPost.Text(f, "reason")), default);
                return (Back(id, f), l["Enrolment ended."]);
            }));
        forms.MapPost("/{id:long}/import", async (long id, IFormFile? file, Enrolments s, IStringLocalizer<SharedResource> l) =>
        {
            var back = $"/policies/{id}?list=enrolled";
            if (file is null || file.Length == 0) return FlashMessage.Redirect(back, ok: false, l["Choose the department's list (.xlsx)."]);
            try
            {
                await using var stream = file.OpenReadStream();
                var report = await s.ImportAsync(id, stream, file.FileName, default);
                // The rows that matched nobody, as many as a message holds; the API answers all of them.
                var rows = string.Join("；", report.Unmatched.Take(10).Select(u => l["row {0} ({1}): {2}", u.Row, u.IdNumber, u.Reason].Value))
                           + (report.Unmatched.Count > 10 ? "……" : "");
                return FlashMessage.Redirect(back, ok: true,
                    l["Imported {0} rows: {1} enrolled, {2} already enrolled, {3} unmatched.", report.Rows, report.Enrolled, report.AlreadyEnrolled, report.Unmatched.Count]
                    + (rows.Length > 0 ? " " + rows : ""));
            }
            catch (AppProblem p)
            {
                return FlashMessage.Redirect(back, ok: false, p.Detail);
            }
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Enrolments.MaxBytes + 1024 * 1024));
        return app;
    }

    private static long? Number(IFormCollection f, string key) => long.TryParse(FormPost.Text(f, key), out var n) ? n : null;

    /// <summary>Back to the list the button was pressed in: built from known parts, never a URL taken from the form.</summary>
    private static string Back(long id, IFormCollection f)
    {
        var list = FormPost.Text(f, "list") is { } name && name.All(c => char.IsAsciiLetter(c) || c == '-') ? name : "not-enrolled";
        var area = FormPost.Text(f, "area") ?? "";
        var page = Number(f, "page") ?? 1;
        return $"/policies/{id}?list={list}&area={Uri.EscapeDataString(area)}&page={page}";
    }
}
