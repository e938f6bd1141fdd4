using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Volunteers.Features.Awards;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers;

/// <summary>The award page's buttons: award and decline a nomination (post/redirect/get with the outcome in a flash message).</summary>
public static class VolunteerAwardsPageForms
{
    public static IEndpointRouteBuilder MapVolunteerAwardsForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms/volunteers/awards").RequireAuthorization(VolunteersModule.StaffPolicy).ExcludeFromDescription();
        forms.MapPost("/{id:long}/award", (long id, VolunteerAwards awards, IStringLocalizer<SharedResource> l) => DecideAsync(id, true, awards, l));
        forms.MapPost("/{id:long}/decline", (long id, VolunteerAwards awards, IStringLocalizer<SharedResource> l) => DecideAsync(id, false, awards, l));
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
