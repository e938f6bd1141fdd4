using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Care.Features.Visits;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Care;

/// <summary>The care pages' buttons: raising a request from a visit, post/redirect/get with the outcome in a flash message.</summary>
public static class CarePageForms
{
    public static IEndpointRouteBuilder MapCareForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/care").RequireAuthorization(CareModule.CarePolicy).ExcludeFromDescription();
        forms.MapPost("/visits/{id:long}/request", RaiseRequestAsync);
        return app;
    }

    private static Task<IResult> RaiseRequestAsync(long id, [FromForm] long entry, [FromForm] string? categoryCode, [FromForm] string? description, CareVisits visits,
        IStringLocalizer<SharedResource> l) =>
        FormPost.Handle($"/care/{entry}", async () =>
        {
            var visit = await visits.RaiseRequestAsync(id, new RaiseRequest(categoryCode, description), default);
            return ($"/care/{visit.EntryId}", l["Request {0} raised.", visit.RequestTrackingCode!]);
        });
}
