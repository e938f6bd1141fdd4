using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Adjustments;
using Gongzhi.Modules.PointsBank.Features.Desk;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank;

/// <summary>
/// The bank pages' buttons (each behind a confirmation on its page): the counter hands a redemption over, marks it
/// done or cancels it; a volunteer cancels their own reserved one; a second person approves or rejects an adjustment.
/// Post/redirect/get with the outcome in a flash message; the page they came from (<c>back</c>, a local path) again.
/// </summary>
public static class PointsBankPageForms
{
    public static IEndpointRouteBuilder MapPointsBankForms(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/forms/points").RequireAuthorization(PointsBankModule.StaffPolicy).ExcludeFromDescription();
        staff.MapPost("/redemptions/{id:long}/handover", (long id, [FromForm] string? back, PointsShop shop, IStringLocalizer<SharedResource> l) =>
            Advance(back, "/points/redemptions", () => shop.AdvanceAsync(id, RedemptionStatus.HandedOver, default), r => l["{0} × {1} handed over.", r.ItemName, r.Quantity]));
        staff.MapPost("/redemptions/{id:long}/done", (long id, [FromForm] string? back, PointsShop shop, IStringLocalizer<SharedResource> l) =>
            Advance(back, "/points/redemptions", () => shop.AdvanceAsync(id, RedemptionStatus.Done, default), r => l["{0} × {1} is done.", r.ItemName, r.Quantity]));
        staff.MapPost("/items/{id:long}/photo", UploadPhotoAsync)
            .WithMetadata(new RequestSizeLimitAttribute(ShopPhotos.MaxBytes + 64 * 1024));
        staff.MapPost("/items/{id:long}/photo/delete", (long id, ShopPhotos photos, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/points/shop/items/{id}/edit", async () =>
            {
                await photos.RemoveAsync(id, default);
                return ($"/points/shop/items/{id}/edit", l["The photo is removed."].Value);
            }));
        staff.MapPost("/adjustments/{id:long}/approve", (long id, [FromForm] string? back, PointsAdjustments adjustments, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle(Back(back, "/points/adjustments"), async () =>
            {
                var a = await adjustments.ApproveAsync(id, default);
                return (Back(back, "/points/adjustments"), l["Approved and posted: {0} points.", a.Amount.ToString("+#;-#;0")].Value);
            }));
        staff.MapPost("/adjustments/{id:long}/reject", (long id, [FromForm] string? back, PointsAdjustments adjustments, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle(Back(back, "/points/adjustments"), async () =>
            {
                await adjustments.RejectAsync(id, default);
                return (Back(back, "/points/adjustments"), l["The adjustment is rejected; nothing was posted."].Value);
            }));
        // Staff cancel at the counter, a volunteer their own: the use case tells the two apart and checks reach.
        var signedIn = app.MapGroup("/forms/points").RequireAuthorization(Accounts.Contracts.Roles.SignedInPolicy).ExcludeFromDescription();
        signedIn.MapPost("/redemptions/{id:long}/cancel", (long id, [FromForm] string? back, PointsShop shop, IStringLocalizer<SharedResource> l) =>
            Advance(back, "/points/shop", () => shop.CancelAsync(id, default), r => l["{0} × {1} is cancelled: {2} points and the stock are back.", r.ItemName, r.Quantity, r.Points]));
        return app;
    }

    // Binding the file (not reading the form by hand) keeps the antiforgery check on this post.
    private static async Task<IResult> UploadPhotoAsync(long id, IFormFile? photo, ShopPhotos photos, IStringLocalizer<SharedResource> l)
    {
        var back = $"/points/shop/items/{id}/edit";
        if (photo is null || photo.Length == 0) return Components.Forms.FlashMessage.Redirect(back, ok: false, l["Choose a photo."]);
        return await FormPost.Handle(back, async () =>
        {
            await using var stream = photo.OpenReadStream();
            await photos.SaveAsync(id, stream, photo.Length, default);
            return (back, l["The photo is stored."].Value);
        });
    }

    private static Task<IResult> Advance(string? back, string fallback, Func<Task<RedemptionView>> action, Func<RedemptionView, string> message) =>
        FormPost.Handle(Back(back, fallback), async () => (Back(back, fallback), message(await action())));

    /// <summary>The page to return to: the posted <c>back</c> when it is a local path (never another site), else the fallback.</summary>
    public static string Back(string? back, string fallback) =>
        back is { Length: > 0 } && back.StartsWith('/') && !back.StartsWith("//") && !back.StartsWith("/\\") ? back : fallback;
}
