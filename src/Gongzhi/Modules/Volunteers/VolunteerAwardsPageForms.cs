using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Volunteers.Features.Awards;
using Gongzhi.Modules.Volunteers.Features.Orders;
using Gongzhi.Modules.Accounts.Contracts;
using Microsoft.AspNetCore.Mvc;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers;

/// <summary>
/// Buttons posted to endpoints: award and decline a nomination; finish and rate a service order (post/redirect/get
/// with the outcome in a flash message). Taking an order and taking a member out of a team are page forms on the
/// orders and team pages, which show a refusal beside the list.
/// </summary>
public static class VolunteerAwardsPageForms
{
    public static IEndpointRouteBuilder MapVolunteerAwardsForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/volunteers/awards").RequireAuthorization(VolunteersModule.StaffPolicy).ExcludeFromDescription();
        forms.MapPost("/{id:long}/award", (long id, VolunteerAwards awards, IStringLocalizer<SharedResource> l) => DecideAsync(id, true, awards, l));
        forms.MapPost("/{id:long}/decline", (long id, VolunteerAwards awards, IStringLocalizer<SharedResource> l) => DecideAsync(id, false, awards, l));
        var orders = app.MapGroup("/forms/volunteers/orders").RequireAuthorization(Roles.SignedInPolicy).ExcludeFromDescription();
        orders.MapPost("/{id:long}/done", ([FromForm] int? minutes, long id, ServiceOrders o, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/volunteers/orders", async () => { await o.CompleteAsync(id, new CompleteOrder(minutes), default); return ("/volunteers/orders", l["The order is done."]); }));
        orders.MapPost("/{id:long}/rate", ([FromForm] int? rating, long id, ServiceOrders o, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/volunteers/orders", async () => { await o.RateAsync(id, new RateOrder(rating), default); return ("/volunteers/orders", l["Thank you for the rating."]); }));
        return app;
    }

    private static Task<IResult> DecideAsync(long id, bool award, VolunteerAwards awards, IStringLocalizer<SharedResource> l) =>
        FormPost.Handle("/volunteers/awards", async () =>
        {
            var n = await awards.DecideAsync(id, new DecideNomination(award), default);
            var back = $"/volunteers/awards?year={n.Year}";
            return (back, award ? l["{0} is awarded {1}.", n.NomineeName, n.TitleName] : l["The nomination of {0} is declined.", n.NomineeName]);
        });
}
