using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.PointsBank.Features.Desk;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank;

/// <summary>
/// What the bank's pages read and post beyond <see cref="PointsBankApi"/>: the shop's item list (paged) and item edits,
/// the counter's queue of redemptions, the volunteer's own shop, a photo per item and a bank node's yearly report.
/// </summary>
public static class PointsDeskApi
{
    public static IEndpointRouteBuilder MapPointsDeskApi(this IEndpointRouteBuilder app)
    {
        var points = app.MapGroup("/api/points").WithTags("PointsBank").RequireAuthorization(Accounts.Contracts.Roles.SignedInPolicy);
        var staff = app.MapGroup("/api/points").WithTags("PointsBank").RequireAuthorization(PointsBankModule.StaffPolicy);
        staff.MapGet("/shop/catalogue", Catalogue)
            .WithSummary("Shop items in reach with their savings office, by name: q (part of the name), area (a node's code), active; page, pageSize.");
        staff.MapGet("/shop/items/{id:long}", (long id, PointsDesk desk, CancellationToken ct) => desk.ItemAsync(id, ct)).WithSummary("One shop item in reach.");
        staff.MapPut("/shop/items/{id:long}", UpdateItem)
            .WithSummary("Changes an item: name, kind, description, pricePoints, isActive (false: withdrawn from the shop); the stock changes only by restocking and redemptions.");
        staff.MapGet("/counter", Counter)
            .WithSummary("The counter's queue: redemptions of the savings offices in reach, oldest first (status: Reserved, HandedOver, Done, Cancelled; area); page, pageSize.");
        staff.MapGet("/reports/{areaCode}/months", YearReport)
            .WithSummary("A bank node's year (default this year, Beijing calendar) over its subtree: issued, spent, redemptions per month, and the balance its volunteers hold.");
        staff.MapPost("/shop/items/{id:long}/photo", UploadPhoto).RequireAuthorization(Accounts.Contracts.Roles.ApiUploadPolicy).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ShopPhotos.MaxBytes + 64 * 1024))
            .WithSummary("Sets the item's photo (multipart field 'photo': JPEG, PNG, WebP or GIF up to 2 MB; stored re-encoded as JPEG, at most 800 px). Bearer tokens only.");
        staff.MapDelete("/shop/items/{id:long}/photo", (long id, ShopPhotos photos, CancellationToken ct) => photos.RemoveAsync(id, ct)).WithSummary("Removes the item's photo.");
        points.MapGet("/shop/items/{id:long}/photo", Photo)
            .WithSummary("The item's photo (JPEG): staff with the item in reach, or a volunteer whose savings office offers it.");
        points.MapGet("/shop/mine", (PointsDesk desk, CancellationToken ct) => desk.MyShopAsync(ct))
            .WithSummary("The caller's own shop: their balance, the active items of their savings office and their redemptions (404 without a points account).");
        return app;
    }

    private static async Task<Ok<PagedList<ShopItemLine>>> Catalogue([AsParameters] ShopItemFilter filter, PointsDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.ItemsAsync(filter, ct));

    private static async Task<Ok<ShopItemView>> UpdateItem(long id, UpdateShopItem body, PointsDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.UpdateItemAsync(id, body, ct));

    private static async Task<Ok<ShopItemView>> UploadPhoto(long id, IFormFile? photo, ShopPhotos photos, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        if (photo is null || photo.Length == 0) throw AppProblem.Invalid("photo", l["Choose a photo."]);
        await using var stream = photo.OpenReadStream();
        return TypedResults.Ok(await photos.SaveAsync(id, stream, photo.Length, ct));
    }

    private static async Task<FileContentHttpResult> Photo(long id, ShopPhotos photos, HttpContext http, CancellationToken ct)
    {
        var jpeg = await photos.ReadAsync(id, ct);
        // Private: the photo is shown to whoever may see the item, so no shared cache keeps it.
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(jpeg, "image/jpeg");
    }

    private static async Task<Ok<PagedList<RedemptionLine>>> Counter([AsParameters] RedemptionFilter filter, PointsDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.QueueAsync(filter, ct));

    private static async Task<Ok<NodeYearReport>> YearReport(string areaCode, int? year, PointsDesk desk, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await desk.YearReportAsync(areaCode, year ?? Infrastructure.BeijingTime.Today(clock).Year, ct));
}
