using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Ledger;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank.Features.Shop;

public sealed record SaveShopItem(string? AreaCode, string? Name, ShopItemKind Kind, string? Description, int PricePoints, int Stock, string? PhotoUrl);

public sealed record ShopItemView(long Id, long BankNodeId, string AreaPath, string Name, ShopItemKind Kind, string? Description, int PricePoints, int Stock, string? PhotoUrl, bool IsActive);

public sealed record RedeemRequest(long ItemId, long? AccountId, int Quantity, string? IdempotencyKey);

public sealed record RedemptionView(long Id, long ItemId, string ItemName, long AccountId, long VolunteerId, int Quantity, int Points,
    RedemptionStatus Status, long TransactionId, long? CancelTransactionId, DateTimeOffset CreatedAt, DateTimeOffset? HandedOverAt, DateTimeOffset? DoneAt, DateTimeOffset? CancelledAt);

/// <summary>
/// The points shop (积分超市) of each savings office: items with their stock there, and redemptions (reserve → hand
/// over → done; cancel puts points and stock back). Reserving takes the stock with a conditional UPDATE
/// (<c>stock = stock - q WHERE stock &gt;= q</c>) and the points through the ledger in one database transaction, so
/// racing redemptions of the last item or the last points leave exactly one winner and a refusal writes nothing.
/// Staff reach items and redemptions through their data scope; a volunteer redeems from their own account only.
/// </summary>
public sealed class PointsShop(GongzhiDb db, PointsLedger ledger, LedgerPoster poster, BankNodes banks, Areas.Contracts.IAreaDirectory areas,
    CurrentUser user, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    // System work (the demo, jobs) runs unrestricted and acts as staff would.
    public bool IsStaff => user.IsAdmin || user.IsInRole(Roles.Street) || user.IsInRole(Roles.Community) || db.Scope.UnrestrictedMarker is not null;

    public async Task<ShopItemView> CreateItemAsync(SaveShopItem body, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(body.Name) && body.Name.Trim().Length <= 200, "name", l["A name of at most 200 characters is required."]);
        v.Require(body.PricePoints > 0, "pricePoints", l["The price is a positive number of points."]);
        v.Require(body.Stock >= 0, "stock", l["Stock cannot be negative."]);
        v.Require(Enum.IsDefined(body.Kind), "kind", l["Choose goods or a service."]);
        v.ThrowIfInvalid();
        var area = await areas.FindAsync(body.AreaCode ?? "", ct);
        if (area is null || area.Level != Areas.Contracts.AreaLevel.Community)
            throw AppProblem.Invalid("areaCode", l["Choose a community in your reach: its savings office keeps the stock."]);
        var office = (await banks.ForAreaAsync(area.Id, ct))!.Value.NearestFirst[0];
        var item = new ShopItem
        {
            BankNodeId = office.Id, AreaPath = office.AreaPath, Name = body.Name!.Trim(), Kind = body.Kind, Description = body.Description?.Trim(),
            PricePoints = body.PricePoints, Stock = body.Stock, PhotoUrl = body.PhotoUrl, CreatedAt = clock.GetUtcNow(),
        };
        db.ShopItems.Add(item);
        audit.RecordNew("points.item.create", "ShopItem", item, $"{item.Name}: {item.PricePoints} points, stock {item.Stock}");
        await db.SaveChangesAsync(ct);
        return View(item);
    }

    public async Task<ShopItemView> RestockAsync(long id, int add, CancellationToken ct)
    {
        if (add <= 0) throw AppProblem.Invalid("add", l["Add a positive quantity."]);
        var item = await db.ShopItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw ItemNotFound(id);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ShopItems.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock + add), ct);
        audit.Record("points.item.restock", "ShopItem", id, $"+{add}", areaPath: item.AreaPath);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return View(await db.ShopItems.AsNoTracking().SingleAsync(i => i.Id == id, ct));
    }

    /// <summary>Items in reach for staff; for anyone else, the active items of the savings office holding their account.</summary>
    public async Task<IReadOnlyList<ShopItemView>> ItemsAsync(CancellationToken ct)
    {
        var query = IsStaff ? db.ShopItems.AsQueryable() : await OwnOfficeItemsAsync(ct);
        return (await query.OrderBy(i => i.Name).Take(500).ToListAsync(ct)).Select(View).ToList();
    }

    private async Task<IQueryable<ShopItem>> OwnOfficeItemsAsync(CancellationToken ct)
    {
        var offices = await OwnAccounts().Select(a => a.BankNodeId).ToListAsync(ct);
        return db.ShopItems.IgnoreQueryFilters().Where(i => offices.Contains(i.BankNodeId) && i.IsActive);
    }

    private IQueryable<PointsAccount> OwnAccounts() =>
        user.Id is { } id ? db.PointsAccounts.IgnoreQueryFilters().Where(a => a.HolderUserId == id && a.Kind == PointsAccountKind.Volunteer) : db.PointsAccounts.Where(_ => false);

    public async Task<RedemptionView> RedeemAsync(RedeemRequest body, CancellationToken ct)
    {
        if (body.Quantity is < 1 or > 100) throw AppProblem.Invalid("quantity", l["Redeem between 1 and 100 at a time."]);
        if (string.IsNullOrWhiteSpace(body.IdempotencyKey)) throw AppProblem.Invalid("idempotencyKey", l["An idempotency key is required."]);
        var key = "redeem:" + body.IdempotencyKey.Trim();
        if (await db.Redemptions.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, ct) is { } before) return View(before);
        var account = await ReachableAccountAsync(body.AccountId, ct);
        var item = await db.ShopItems.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(i => i.Id == body.ItemId, ct) ?? throw ItemNotFound(body.ItemId);
        if (IsStaff && !await db.ShopItems.AnyAsync(i => i.Id == item.Id, ct)) throw ItemNotFound(body.ItemId);
        if (!item.IsActive) throw AppProblem.Conflict(l["{0} is no longer offered.", item.Name]);
        if (item.BankNodeId != account.BankNodeId) throw AppProblem.Conflict(l["{0} is stocked by another savings office than the volunteer's.", item.Name]);
        // Read without a lock: once the stock is gone, refusals cost no lock on the hot rows. The conditional update
        // below is what decides a race.
        if (item.Stock < body.Quantity) throw AppProblem.Conflict(l["{0} is out of stock.", item.Name]);
        var points = item.PricePoints * body.Quantity;
        var shop = await banks.AccountIdAsync(item.BankNodeId, PointsAccountKind.Shop, ct);
        await ledger.KeyedAsync(key, async () =>
        {
            var now = clock.GetUtcNow();
            var tx = await poster.PostAsync(new PointsTransaction
            {
                Kind = PointsTransactionKind.Redemption, IdempotencyKey = key, Reason = $"{item.Name} × {body.Quantity}",
                SourceKind = "shop-item", SourceId = item.Id.ToString(), PostedByUserId = user.Id, PostedByName = user.DisplayName, PostedAt = now,
            }, [new Leg(account.Id, -points), new Leg(shop, points)], ct);
            // The item's row is the hottest of all (every client wants the same item): its lock is taken last, after
            // the points moved, so it is held for two round trips and the commit; out of stock rolls the points back.
            var taken = await db.ShopItems.IgnoreQueryFilters().Where(i => i.Id == item.Id && i.Stock >= body.Quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock - body.Quantity), ct);
            if (taken == 0) throw AppProblem.Conflict(l["{0} is out of stock.", item.Name]);
            var redemption = new Redemption
            {
                ItemId = item.Id, ItemName = item.Name, AccountId = account.Id, VolunteerId = account.VolunteerId!.Value, AreaPath = item.AreaPath,
                Quantity = body.Quantity, Points = points, Status = RedemptionStatus.Reserved, IdempotencyKey = key, TransactionId = tx.Id, CreatedAt = now,
            };
            db.Redemptions.Add(redemption);
            audit.RecordNew("points.redeem", "Redemption", redemption, $"{item.Name} × {body.Quantity}, {points} points, volunteer {account.VolunteerId}");
            await db.SaveChangesAsync(ct);
            return tx.Id;
        }, ct);
        return View(await db.Redemptions.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.IdempotencyKey == key, ct));
    }

    /// <summary>Staff: reserved → handed over → done.</summary>
    public async Task<RedemptionView> AdvanceAsync(long id, RedemptionStatus to, CancellationToken ct)
    {
        var redemption = await db.Redemptions.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw RedemptionNotFound(id);
        var from = to == RedemptionStatus.HandedOver ? RedemptionStatus.Reserved : RedemptionStatus.HandedOver;
        if (redemption.Status != from) throw AppProblem.Conflict(l["The redemption is {0}; it cannot move to {1}.", redemption.Status, to]);
        redemption.Status = to;
        if (to == RedemptionStatus.HandedOver) redemption.HandedOverAt = clock.GetUtcNow(); else redemption.DoneAt = clock.GetUtcNow();
        audit.Record("points.redemption." + to.ToString().ToLowerInvariant(), "Redemption", id, redemption.ItemName, areaPath: redemption.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(redemption);
    }

    /// <summary>Cancels a reserved redemption: the reverse transaction returns the points and the stock comes back, together.</summary>
    public async Task<RedemptionView> CancelAsync(long id, CancellationToken ct)
    {
        var found = await db.Redemptions.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw RedemptionNotFound(id);
        var inReach = IsStaff ? await db.Redemptions.AnyAsync(r => r.Id == id, ct) : await OwnAccounts().AnyAsync(a => a.Id == found.AccountId, ct);
        if (!inReach) throw RedemptionNotFound(id);
        if (found.Status == RedemptionStatus.Cancelled) return View(found);
        if (found.Status != RedemptionStatus.Reserved) throw AppProblem.Conflict(l["Only a reserved redemption can be cancelled; this one was handed over."]);
        var key = $"redeem-cancel:{id}";
        await ledger.KeyedAsync(key, async () =>
        {
            // Only one cancel passes: the status changes conditionally inside the transaction.
            var changed = await db.Redemptions.IgnoreQueryFilters().Where(r => r.Id == id && r.Status == RedemptionStatus.Reserved)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RedemptionStatus.Cancelled).SetProperty(r => r.CancelledAt, clock.GetUtcNow()), ct);
            if (changed == 0) throw AppProblem.Conflict(l["Only a reserved redemption can be cancelled; this one was handed over."]);
            await db.ShopItems.IgnoreQueryFilters().Where(i => i.Id == found.ItemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock + found.Quantity), ct);
            var legs = await db.PointsMovements.Where(m => m.TransactionId == found.TransactionId).Select(m => new Leg(m.AccountId, -m.Amount)).ToListAsync(ct);
            var tx = await poster.PostAsync(new PointsTransaction
            {
                Kind = PointsTransactionKind.RedemptionCancel, IdempotencyKey = key, ReversesId = found.TransactionId, Reason = $"{found.ItemName} × {found.Quantity}",
                SourceKind = "redemption", SourceId = id.ToString(), PostedByUserId = user.Id, PostedByName = user.DisplayName, PostedAt = clock.GetUtcNow(),
            }, legs, ct);
            await db.Redemptions.IgnoreQueryFilters().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CancelTransactionId, tx.Id), ct);
            audit.Record("points.redemption.cancel", "Redemption", id, found.ItemName, areaPath: found.AreaPath);
            await db.SaveChangesAsync(ct);
            return tx.Id;
        }, ct);
        return View(await db.Redemptions.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == id, ct));
    }

    /// <summary>A volunteer's redemptions, newest first (staff: an account in reach; anyone else: their own).</summary>
    public async Task<IReadOnlyList<RedemptionView>> HistoryAsync(long? accountId, CancellationToken ct)
    {
        var account = await ReachableAccountAsync(accountId, ct);
        return (await db.Redemptions.IgnoreQueryFilters().Where(r => r.AccountId == account.Id).OrderByDescending(r => r.Id).Take(200).ToListAsync(ct)).Select(View).ToList();
    }

    /// <summary>Staff name an account in their scope; anyone else gets their own (matched on the holder's user id).</summary>
    public async Task<PointsAccount> ReachableAccountAsync(long? accountId, CancellationToken ct)
    {
        PointsAccount? account;
        if (IsStaff && accountId is not null)
            account = await db.PointsAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId && a.Kind == PointsAccountKind.Volunteer, ct);
        else
            account = await OwnAccounts().AsNoTracking().Where(a => accountId == null || a.Id == accountId).FirstOrDefaultAsync(ct);
        return account ?? throw AppProblem.NotFound(l["No points account {0} is within your reach.", accountId?.ToString() ?? "-"]);
    }

    private AppProblem ItemNotFound(long id) => AppProblem.NotFound(l["No shop item {0} is within your reach.", id]);
    private AppProblem RedemptionNotFound(long id) => AppProblem.NotFound(l["No redemption {0} is within your reach.", id]);

    public static ShopItemView View(ShopItem i) => new(i.Id, i.BankNodeId, i.AreaPath, i.Name, i.Kind, i.Description, i.PricePoints, i.Stock, i.PhotoUrl, i.IsActive);

    public static RedemptionView View(Redemption r) => new(r.Id, r.ItemId, r.ItemName, r.AccountId, r.VolunteerId, r.Quantity, r.Points, r.Status,
        r.TransactionId, r.CancelTransactionId, r.CreatedAt, r.HandedOverAt, r.DoneAt, r.CancelledAt);
}
