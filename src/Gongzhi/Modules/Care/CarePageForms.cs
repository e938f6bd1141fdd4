using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Care.Features.CheckIn;
using Gongzhi.Modules.Care.Features.Visits;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Care;

/// <summary>The care pages' buttons: raising a request from a visit, the 窗帘之约 mark, watchers and alert closing; post/redirect/get with the outcome in a flash message.</summary>
public static class CarePageForms
{
    public static IEndpointRouteBuilder MapCareForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/care").RequireAuthorization(CareModule.CarePolicy).ExcludeFromDescription();
        forms.MapPost("/visits/{id:long}/request", RaiseRequestAsync);
        forms.MapPost("/entries/{id:long}/checkin", (long id, CareCheckIns checkIns, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/care/checkin", async () =>
            {
                var status = await checkIns.MarkAsync(id, default);
                return ("/care/checkin", l["{0} is OK today.", status.ResidentName]);
            }));
        forms.MapPost("/entries/{id:long}/watchers", SaveWatchersAsync);
        forms.MapPost("/entries/{id:long}/door-card/regenerate", (long id, CareDoorCards cards, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/care/{id}/door-card", async () =>
            {
                await cards.RegenerateAsync(id, default);
                return ($"/care/{id}/door-card", l["A new door card was issued; the old one no longer works."]);
            }));
        forms.MapPost("/entries/{id:long}/reply-code", (long id, CareCheckIns checkIns, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/care/{id}/door-card", async () =>
            {
                await checkIns.NewReplyCodeAsync(id, default);
                return ($"/care/{id}/door-card", l["A new SMS reply code was issued."]);
            }));
        forms.MapPost("/alerts/{id:long}/close", (long id, [FromForm] string? finding, CareCheckIns checkIns, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/care/checkin", async () =>
            {
                await checkIns.CloseAsync(id, new CloseAlert(finding), default);
                return ("/care/checkin", l["Alert closed."]);
            }));
        return app;
    }

    private static Task<IResult> SaveWatchersAsync(long id, [FromForm] string? watchers, [FromForm] string? phones, CareCheckIns checkIns, IStringLocalizer<SharedResource> l) =>
        FormPost.Handle($"/care/{id}", async () =>
        {
            char[] separators = [',', '，', ' ', '、', ';', '；'];
            // An empty phones field keeps the phones listed (the field shows them masked, as a placeholder).
            var phoneList = string.IsNullOrWhiteSpace(phones) ? null : phones.Split(separators, StringSplitOptions.RemoveEmptyEntries);
            await checkIns.EnrolAsync(id, new CheckInEnrolment((watchers ?? "").Split(separators, StringSplitOptions.RemoveEmptyEntries), phoneList), default);
            return ($"/care/{id}", l["Daily check-in saved."]);
        });

    private static Task<IResult> RaiseRequestAsync(long id, [FromForm] long entry, [FromForm] string? categoryCode, [FromForm] string? description, CareVisits visits,
        IStringLocalizer<SharedResource> l) =>
        FormPost.Handle($"/care/{entry}", async () =>
        {
            var visit = await visits.RaiseRequestAsync(id, new RaiseRequest(categoryCode, description), default);
            return ($"/care/{visit.EntryId}", l["Request {0} raised.", visit.RequestTrackingCode!]);
        });
}
