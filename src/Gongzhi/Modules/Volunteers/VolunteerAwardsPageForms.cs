using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Volunteers.Features.Awards;
using Gongzhi.Modules.Volunteers.Features.Orders;
using Gongzhi.Modules.Volunteers.Features.Teams;
using Gongzhi.Modules.Accounts.Contracts;
using Microsoft.AspNetCore.Mvc;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers;

/// <summary>Buttons without input: award and decline a nomination, take a member out of a team; claim, finish and rate a service order (post/redirect/get with the outcome in a flash message).</summary>
public static class VolunteerAwardsPageForms
{
    public static IEndpointRouteBuilder MapVolunteerAwardsForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/volunteers/awards").RequireAuthorization(VolunteersModule.StaffPolicy).ExcludeFromDescription();
        forms.MapPost("/{id:long}/award", (long id, VolunteerAwards awards, IStringLocalizer<SharedResource> l) => DecideAsync(id, true, awards, l));
        forms.MapPost("/{id:long}/decline", (long id, VolunteerAwards awards, IStringLocalizer<SharedResource> l) => DecideAsync(id, false, awards, l));
        var teams = app.MapGroup("/forms/volunteers/teams").RequireAuthorization(VolunteersModule.StaffPolicy).ExcludeFromDescription();
        teams.MapPost("/{id:long}/members/{volunteerId:long}/remove", (long id, long volunteerId, VolunteerTeams t, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/volunteers/teams/{id}", async () => { await t.RemoveMemberAsync(id, volunteerId, default); return ($"/volunteers/teams/{id}", l["The volunteer is out of the team."]); }));
        var orders = app.MapGroup("/forms/volunteers/orders").RequireAuthorization(Roles.SignedInPolicy).ExcludeFromDescription();
        orders.MapPost("/{id:long}/claim", (long id, ServiceOrders o, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/volunteers/orders", async () => { await o.ClaimAsync(id, default); return ("/volunteers/orders", l["The order is yours."]); }));
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
