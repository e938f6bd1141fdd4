using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Requests.Features.Intake;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests;

/// <summary>The public side's form posts and files that are not page forms: reissuing a door-plate code, and a tracked request's photos.</summary>
public static class RequestsPublicForms
{
    public static IEndpointRouteBuilder MapRequestsPublicForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/forms").RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        forms.MapPost("/door-plates/households/{id:long}/reissue", Reissue);
        app.MapGet("/t/{code}/photos/{photoId:long}", TrackedPhoto).AllowAnonymous().ExcludeFromDescription()
            .RequireRateLimiting(IntakeOptions.AddressRateLimit);
        return app;
    }

    private static Task<IResult> Reissue(long id, HttpRequest request, DoorPlateCodes codes, IStringLocalizer<SharedResource> l)
    {
        var back = long.TryParse(request.Form["buildingId"], out var building) ? $"/buildings/{building}/door-plates" : "/";
        return FormPost.Handle(back, async () =>
        {
            var plate = await codes.ReissueAsync(id, default);
            return (back, l["A new code was issued for {0}; the old one no longer works.", plate.Address]);
        });
    }

    private static async Task<IResult> TrackedPhoto(string code, long photoId, PublicIntake intake, CancellationToken ct) =>
        await intake.PhotoAsync(code, photoId, ct) is { } jpeg ? Results.File(jpeg, "image/jpeg") : Results.NotFound();
}
