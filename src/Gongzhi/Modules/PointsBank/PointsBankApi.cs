using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Adjustments;
using Gongzhi.Modules.PointsBank.Features.Passbook;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.PointsBank;

/// <summary>The points bank over HTTP: accounts and passbooks, the shop and its redemptions, adjustments, node reports.</summary>
public static class PointsBankApi
{
    public sealed record Restock(int Add);

    public static IEndpointRouteBuilder MapPointsBankApi(this IEndpointRouteBuilder app)
    {
        var points = app.MapGroup("/api/points").WithTags("PointsBank").RequireAuthorization(Accounts.Contracts.Roles.SignedInPolicy);
        var staff = app.MapGroup("/api/points").WithTags("PointsBank").RequireAuthorization(PointsBankModule.StaffPolicy);
        staff.MapGet("/accounts", (string? q, Passbooks passbooks, CancellationToken ct) => passbooks.AccountsAsync(q, ct))
            .WithSummary("Volunteer accounts in the caller's reach (q: part of the holder's name), with balances.");
        points.MapGet("/balance", (long? accountId, Passbooks passbooks, CancellationToken ct) => passbooks.BalanceAsync(accountId, ct))
            .WithSummary("An account's balance alone: the caller's own, or (staff) accountId in reach.");
        points.MapGet("/passbook", Passbook)
            .WithSummary("The passbook (爱心存折): the caller's own account, or (staff) accountId in reach: each movement with the running balance; page, pageSize.");
        points.MapGet("/accounts/{id:long}/passbook.pdf", PassbookPdf)
            .WithSummary("The passbook as a PDF (paper: A5, the booklet's size, or A4): the caller's own account, or (staff) an account in reach.");
        staff.MapGet("/shop/items", (PointsShop shop, CancellationToken ct) => shop.ItemsAsync(ct)).WithSummary("Shop items in reach with their stock.");
        points.MapGet("/shop", (PointsShop shop, CancellationToken ct) => shop.ItemsAsync(ct))
            .WithSummary("Shop items: staff see those in reach; a volunteer sees the active items of their savings office.");
        staff.MapPost("/shop/items", CreateItem)
            .WithSummary("Adds an item to a community's savings office shop: areaCode, name, kind (Goods, Service), description, pricePoints, stock, photoUrl.");
        staff.MapPost("/shop/items/{id:long}/restock", RestockItem).WithSummary("Adds stock to an item (add).");
        points.MapPost("/redemptions", Redeem)
            .WithSummary("Reserves an item: itemId, quantity, idempotencyKey; staff name the volunteer's accountId, a volunteer redeems from their own. Out of stock or too few points: 409, nothing written.");
        points.MapGet("/redemptions", (long? accountId, PointsShop shop, CancellationToken ct) => shop.HistoryAsync(accountId, ct))
            .WithSummary("A volunteer's redemptions, newest first (staff: accountId in reach; anyone else: their own).");
        staff.MapPost("/redemptions/{id:long}/handover", (long id, PointsShop shop, CancellationToken ct) => shop.AdvanceAsync(id, RedemptionStatus.HandedOver, ct))
            .WithSummary("Marks a reserved redemption handed over.");
        staff.MapPost("/redemptions/{id:long}/done", (long id, PointsShop shop, CancellationToken ct) => shop.AdvanceAsync(id, RedemptionStatus.Done, ct))
            .WithSummary("Marks a handed-over redemption done.");
        points.MapPost("/redemptions/{id:long}/cancel", (long id, PointsShop shop, CancellationToken ct) => shop.CancelAsync(id, ct))
            .WithSummary("Cancels a reserved redemption: the points and the stock come back.");
        staff.MapPost("/adjustments", RequestAdjustment)
            .WithSummary("Adjusts a volunteer's points: accountId, amount (±), reason (required), idempotencyKey. Above the threshold it waits for a second person's approval (Pending).");
        staff.MapGet("/adjustments", (AdjustmentStatus? status, PointsAdjustments adjustments, CancellationToken ct) => adjustments.ListAsync(status, ct))
            .WithSummary("Adjustments in reach, newest first (status: Pending, Posted, Rejected).");
        staff.MapPost("/adjustments/{id:long}/approve", (long id, PointsAdjustments adjustments, CancellationToken ct) => adjustments.ApproveAsync(id, ct))
            .WithSummary("Approves a pending adjustment and posts it; not by the one who asked for it (403).");
        staff.MapPost("/adjustments/{id:long}/reject", (long id, PointsAdjustments adjustments, CancellationToken ct) => adjustments.RejectAsync(id, ct))
            .WithSummary("Rejects a pending adjustment.");
        staff.MapGet("/rankings/{areaCode}", Ranking)
            .WithSummary("Volunteers of a subtree by points earned in a year (default this year, Beijing calendar), best first; top 1–200 (default 20).");
        staff.MapGet("/reports/{areaCode}", Report)
            .WithSummary("A bank node's report over its subtree: points issued, spent in its shops, held by its volunteers.");
        return app;
    }

    private static async Task<Ok<PassbookView>> Passbook(long? accountId, int? page, int? pageSize, Passbooks passbooks, CancellationToken ct) =>
        TypedResults.Ok(await passbooks.ReadAsync(accountId, page ?? 1, pageSize ?? 50, ct));

    private static async Task<FileContentHttpResult> PassbookPdf(long id, string? paper, PassbookPrint print, CancellationToken ct)
    {
        var (name, content) = await print.PdfAsync(id, Infrastructure.Printing.PdfWriter.ParsePaper(paper), ct);
        return TypedResults.File(content, "application/pdf", name);
    }

    private static async Task<Created<ShopItemView>> CreateItem(SaveShopItem body, PointsShop shop, CancellationToken ct)
    {
        var item = await shop.CreateItemAsync(body, ct);
        return TypedResults.Created($"/api/points/shop/items/{item.Id}", item);
    }

    private static async Task<Ok<ShopItemView>> RestockItem(long id, Restock body, PointsShop shop, CancellationToken ct) =>
        TypedResults.Ok(await shop.RestockAsync(id, body.Add, ct));

    private static async Task<Created<RedemptionView>> Redeem(RedeemRequest body, PointsShop shop, CancellationToken ct)
    {
        var redemption = await shop.RedeemAsync(body, ct);
        return TypedResults.Created($"/api/points/redemptions/{redemption.Id}", redemption);
    }

    private static async Task<Ok<AdjustmentView>> RequestAdjustment(RequestAdjustment body, PointsAdjustments adjustments, CancellationToken ct) =>
        TypedResults.Ok(await adjustments.RequestAsync(body, ct));

    private static async Task<Results<Ok<IReadOnlyList<PointsRankingLine>>, NotFound>> Ranking(string areaCode, int? year, int? top, IAreaDirectory areas, Passbooks passbooks, TimeProvider clock, CancellationToken ct)
    {
        if (await areas.FindAsync(areaCode, ct) is not { } area) return TypedResults.NotFound();
        return TypedResults.Ok(await passbooks.RankingAsync(area.Path, year ?? Infrastructure.BeijingTime.Today(clock).Year, top ?? 20, ct));
    }

    private static async Task<Results<Ok<NodeReport>, NotFound>> Report(string areaCode, IAreaDirectory areas, Passbooks passbooks, CancellationToken ct)
    {
        if (await areas.FindAsync(areaCode, ct) is not { } area) return TypedResults.NotFound();
        return TypedResults.Ok(await passbooks.ReportAsync(area.Path, area.Name, ct));
    }
}
