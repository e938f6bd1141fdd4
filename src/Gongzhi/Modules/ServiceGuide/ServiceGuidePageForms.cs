using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.ServiceGuide.Features.Catalogue;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.ServiceGuide;

/// <summary>The catalogue page's buttons and upload: post/redirect/get with the outcome in a flash message.</summary>
public static class ServiceGuidePageForms
{
    public static IEndpointRouteBuilder MapServiceGuideForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/guide").RequireAuthorization(ServiceGuideModule.EditorsPolicy).ExcludeFromDescription();
        forms.MapPost("/matters/{id:long}/delete", (long id, ServiceCatalogue catalogue, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/guide/manage/{id}", async () =>
            {
                await catalogue.DeleteAsync(id, default);
                return ("/guide/manage", l["Removed from the catalogue."]);
            }));
        forms.MapPost("/matters/{id:long}/samples", UploadSampleAsync)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ServiceCatalogue.MaxSampleBytes + 64 * 1024));
        return app;
    }

    // Binding the file (not reading the form by hand) keeps the antiforgery check on this post.
    private static async Task<IResult> UploadSampleAsync(long id, IFormFile? file, [Microsoft.AspNetCore.Mvc.FromForm] string? material, ServiceCatalogue catalogue,
        IStringLocalizer<SharedResource> l)
    {
        if (file is null || file.Length == 0) return FlashMessage.Redirect($"/guide/manage/{id}", ok: false, l["Choose a file."]);
        return await FormPost.Handle($"/guide/manage/{id}", async () =>
        {
            await using var stream = file.OpenReadStream();
            await catalogue.SaveSampleAsync(id, material, file.FileName, stream, file.Length, default);
            return ($"/guide/manage/{id}", l["Sample file stored."]);
        });
    }
}
