using System.Linq.Expressions;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Adjustments;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank.Features.Desk;

/// <summary>Shop items in reach: q (part of the name), area (a node's code: items of the savings offices under it), active; paged.</summary>
public sealed record ShopItemFilter(string? Q = null, string? Area = null, bool? Active = null, int? Page = null, int? PageSize = null);

/// <summary>What staff may change of an item; the stock moves only by restocking and redemptions (it races with them).</summary>
public sealed record UpdateShopItem(string? Name, ShopItemKind Kind, string? Description, int PricePoints, bool IsActive, string? PhotoUrl = null);

public sealed record ShopItemLine(ShopItemView Item, string OfficeName);

/// <summary>The counter's queue: redemptions of the savings offices in reach (status; area: a node's code; q: part of the item's or the holder's name), oldest waiting first.</summary>
public sealed record RedemptionFilter(RedemptionStatus? Status = null, string? Area = null, string? Q = null, int? Page = null, int? PageSize = null);

public sealed record RedemptionLine(RedemptionView Redemption, string? HolderName, string OfficeName);

public sealed record AdjustmentLine(AdjustmentView Adjustment, string? HolderName, bool MayDecide);

/// <summary>A volunteer's own shop: their account, the active items of their savings office, their redemptions.</summary>
public sealed record MyShop(long AccountId, string? HolderName, string OfficeName, long Balance, IReadOnlyList<ShopItemView> Items, IReadOnlyList<RedemptionView> Redemptions);

public sealed record MonthFigures(int Month, long Issued, long Spent, int Redemptions);

/// <summary>A bank node's year over its subtree: points issued and spent (net of reversals and cancellations), redemptions made (not cancelled), per month; and what its volunteers hold now.</summary>
public sealed record NodeYearReport(string AreaCode, string Name, BankTier? Tier, int Year, long Issued, long Spent, int Redemptions, long VolunteerBalances, int Accounts,
    IReadOnlyList<MonthFigures> Months);

public sealed record BankNodeRef(long Id, string AreaCode, string Name, BankTier Tier);

/// <summary>
/// The points bank's staff desk behind the pages: the shop's item list and item edits, the counter's queue of
/// redemptions, adjustments with the holders' names, the volunteer's own shop and a bank node's yearly report. Lists
/// go through the data scope (a community's staff see their savings office's stock and redemptions only); the
/// volunteer's shop is matched on the signed-in account, as <see cref="PointsShop"/> does.
/// </summary>
public sealed class PointsDesk(GongzhiDb db, PointsShop shop, IAreaDirectory areas, Accounts.Contracts.CurrentUser user, AuditLog audit,
    IStringLocalizer<SharedResource> l)
{
    public async Task<PagedList<ShopItemLine>> ItemsAsync(ShopItemFilter filter, CancellationToken ct)
    {
        var (page, size) = Paging.Normalize(filter.Page, filter.PageSize, 30, 200);
        var query = db.ShopItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Q)) query = query.Where(i => i.Name.Contains(filter.Q.Trim()));
        if (filter.Active is { } active) query = query.Where(i => i.IsActive == active);
        if (!string.IsNullOrWhiteSpace(filter.Area)) query = query.Under(i => i.AreaPath, (await AreaAsync(filter.Area, ct)).Path);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(i => i.Name).ThenBy(i => i.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var offices = await OfficeNamesAsync(items.Select(i => i.BankNodeId), ct);
        return new([.. items.Select(i => new ShopItemLine(PointsShop.View(i), offices.GetValueOrDefault(i.BankNodeId) ?? ""))], total);
    }

    public async Task<ShopItemLine> ItemAsync(long id, CancellationToken ct)
    {
        var item = await db.ShopItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw ItemNotFound(id);
        return new(PointsShop.View(item), (await OfficeNamesAsync([item.BankNodeId], ct)).GetValueOrDefault(item.BankNodeId) ?? "");
    }

    public async Task<ShopItemView> UpdateItemAsync(long id, UpdateShopItem body, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(body.Name) && body.Name.Trim().Length <= 200, "name", l["A name of at most 200 characters is required."]);
        v.Require(body.PricePoints > 0, "pricePoints", l["The price is a positive number of points."]);
        v.Require(Enum.IsDefined(body.Kind), "kind", l["Choose goods or a service."]);
        v.Require((body.Description?.Length ?? 0) <= 2000, "description", l["At most {0} characters.", 2000]);
        v.ThrowIfInvalid();
        var item = await db.ShopItems.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw ItemNotFound(id);
        var before = $"{item.Name}: {item.PricePoints} points, {(item.IsActive ? "offered" : "withdrawn")}";
        (item.Name, item.Kind, item.Description, item.PricePoints, item.IsActive) =
            (body.Name!.Trim(), body.Kind, string.IsNullOrWhiteSpace(body.Description) ? null : body.Description.Trim(), body.PricePoints, body.IsActive);
        if (body.PhotoUrl is not null) item.PhotoUrl = body.PhotoUrl.Length == 0 ? null : body.PhotoUrl;
        audit.Record("points.item.update", "ShopItem", id, $"{before} → {item.Name}: {item.PricePoints} points, {(item.IsActive ? "offered" : "withdrawn")}", areaPath: item.AreaPath);
        await db.SaveChangesAsync(ct);
        return PointsShop.View(item);
    }

    public async Task<PagedList<RedemptionLine>> QueueAsync(RedemptionFilter filter, CancellationToken ct)
    {
        var (page, size) = Paging.Normalize(filter.Page, filter.PageSize, 30, 200);
        var query = db.Redemptions.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(r => r.Status == status);
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            // The person at the counter says their name: the holder's name is the bank's own copy on the account. The
            // account stays under its filter: IgnoreQueryFilters here would lift the data scope of the whole query.
            query = query.Where(r => r.ItemName.Contains(q) || db.PointsAccounts.Any(a => a.Id == r.AccountId && a.HolderName!.Contains(q)));
        }
        if (!string.IsNullOrWhiteSpace(filter.Area)) query = query.Under(r => r.AreaPath, (await AreaAsync(filter.Area, ct)).Path);
        var total = await query.CountAsync(ct);
        // The counter works oldest first: whoever reserved first has waited longest.
        var rows = await query.OrderBy(r => r.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var accountIds = rows.Select(r => r.AccountId).Distinct().ToList();
        var accounts = await db.PointsAccounts.IgnoreQueryFilters().Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.Id, a.HolderName, a.BankNodeId }).ToDictionaryAsync(a => a.Id, ct);
        var itemIds = rows.Select(r => r.ItemId).Distinct().ToList();
        var itemOffices = await db.ShopItems.IgnoreQueryFilters().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.BankNodeId, ct);
        var offices = await OfficeNamesAsync(itemOffices.Values, ct);
        return new([.. rows.Select(r => new RedemptionLine(PointsShop.View(r), accounts.GetValueOrDefault(r.AccountId)?.HolderName,
            offices.GetValueOrDefault(itemOffices.GetValueOrDefault(r.ItemId)) ?? ""))], total);
    }

    /// <summary>Reserved redemptions in reach: what waits at the counter (the home page's count).</summary>
    public Task<int> WaitingCountAsync(CancellationToken ct) => db.Redemptions.CountAsync(r => r.Status == RedemptionStatus.Reserved, ct);

    /// <summary>Pending adjustments in reach (the approvals list).</summary>
    public Task<int> PendingAdjustmentsAsync(CancellationToken ct) => db.PointsAdjustments.CountAsync(a => a.Status == AdjustmentStatus.Pending, ct);

    /// <summary>Adjustments in reach with the holders' names, newest first; <see cref="AdjustmentLine.MayDecide"/>: pending and asked for by someone else.</summary>
    public async Task<IReadOnlyList<AdjustmentLine>> AdjustmentsAsync(AdjustmentStatus? status, CancellationToken ct)
    {
        var rows = await db.PointsAdjustments.AsNoTracking().Where(a => status == null || a.Status == status).OrderByDescending(a => a.Id).Take(200).ToListAsync(ct);
        var ids = rows.Select(a => a.AccountId).Distinct().ToList();
        var names = await db.PointsAccounts.IgnoreQueryFilters().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.HolderName, ct);
        return [.. rows.Select(a => new AdjustmentLine(new AdjustmentView(a.Id, a.AccountId, a.Amount, a.Reason, a.Status, a.RequestedByName, a.DecidedByName,
            a.TransactionId, a.CreatedAt, a.DecidedAt), names.GetValueOrDefault(a.AccountId), a.Status == AdjustmentStatus.Pending && a.RequestedByUserId != user.Id))];
    }

    /// <summary>A volunteer account in reach by id, for the adjustment form's "who".</summary>
    public async Task<(long Id, string? HolderName, long Balance)?> AccountAsync(long id, CancellationToken ct) =>
        await db.PointsAccounts.AsNoTracking().Where(a => a.Id == id && a.Kind == PointsAccountKind.Volunteer)
            .Select(a => new { a.Id, a.HolderName, a.Balance }).FirstOrDefaultAsync(ct) is { } a ? (a.Id, a.HolderName, a.Balance) : null;

    /// <summary>The caller's own shop (404 when they hold no points account yet).</summary>
    public async Task<MyShop> MyShopAsync(CancellationToken ct)
    {
        var account = await shop.ReachableAccountAsync(null, ct);
        // A volunteer sees the active items of their own savings office only, whatever their staff scope.
        var items = await db.ShopItems.IgnoreQueryFilters().AsNoTracking().Where(i => i.BankNodeId == account.BankNodeId && i.IsActive)
            .OrderBy(i => i.Stock == 0).ThenBy(i => i.PricePoints).ThenBy(i => i.Name).Take(500).ToListAsync(ct);
        var office = (await OfficeNamesAsync([account.BankNodeId], ct)).GetValueOrDefault(account.BankNodeId) ?? "";
        return new MyShop(account.Id, account.HolderName, office, account.Balance, [.. items.Select(PointsShop.View)], await shop.HistoryAsync(null, ct));
    }

    /// <summary>One item of the caller's own savings office (404 for another office's item or a withdrawn one).</summary>
    public async Task<(MyShop Shop, ShopItemView Item)> MyItemAsync(long itemId, CancellationToken ct)
    {
        var mine = await MyShopAsync(ct);
        return (mine, mine.Items.FirstOrDefault(i => i.Id == itemId) ?? throw ItemNotFound(itemId));
    }

    /// <summary>The bank nodes in reach, head banks first: the report's node picker and the pages' default node.</summary>
    public async Task<IReadOnlyList<BankNodeRef>> BankNodesAsync(CancellationToken ct)
    {
        var nodes = await db.BankNodes.AsNoTracking().OrderBy(b => b.Tier).ThenBy(b => b.AreaPath).Take(500)
            .Select(b => new { b.Id, b.AreaPath, b.Name, b.Tier }).ToListAsync(ct);
        return [.. nodes.Select(b => new BankNodeRef(b.Id, CodeOf(b.AreaPath), b.Name, b.Tier))];
    }

    public async Task<NodeYearReport> YearReportAsync(string areaCode, int year, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) throw AppProblem.Invalid("year", l["Give a year from 2000 to 2100."]);
        var area = await AreaAsync(areaCode, ct);
        var starts = Enumerable.Range(0, 13).Select(m => BeijingTime.YearStart(year).AddMonths(m)).ToArray();
        var (from, to) = (starts[0], starts[12]);
        var accounts = db.PointsAccounts.Where(a => a.AreaPath.StartsWith(area.Path));
        var issuing = accounts.Where(a => a.Kind == PointsAccountKind.Issuing).Select(a => a.Id);
        var shops = accounts.Where(a => a.Kind == PointsAccountKind.Shop).Select(a => a.Id);
        var month = MonthOf<PointsMovement>(m => m.PostedAt, starts);
        var issued = await db.PointsMovements.Where(m => issuing.Contains(m.AccountId) && m.PostedAt >= from && m.PostedAt < to)
            .GroupBy(month).Select(g => new { Month = g.Key, Sum = g.Sum(m => m.Amount) }).ToListAsync(ct);
        var spent = await db.PointsMovements.Where(m => shops.Contains(m.AccountId) && m.PostedAt >= from && m.PostedAt < to)
            .GroupBy(month).Select(g => new { Month = g.Key, Sum = g.Sum(m => m.Amount) }).ToListAsync(ct);
        var redeemed = await db.Redemptions.Where(r => r.AreaPath.StartsWith(area.Path) && r.Status != RedemptionStatus.Cancelled && r.CreatedAt >= from && r.CreatedAt < to)
            .GroupBy(MonthOf<Redemption>(r => r.CreatedAt, starts)).Select(g => new { Month = g.Key, Count = g.Count() }).ToListAsync(ct);
        var held = await accounts.Where(a => a.Kind == PointsAccountKind.Volunteer).SumAsync(a => a.Balance, ct);
        var count = await accounts.CountAsync(a => a.Kind == PointsAccountKind.Volunteer, ct);
        var months = Enumerable.Range(1, 12).Select(m => new MonthFigures(m,
            -issued.Where(x => x.Month == m).Sum(x => x.Sum), spent.Where(x => x.Month == m).Sum(x => x.Sum), redeemed.Where(x => x.Month == m).Sum(x => x.Count))).ToList();
        var tier = await db.BankNodes.AsNoTracking().Where(b => b.AreaNodeId == area.Id).Select(b => (BankTier?)b.Tier).FirstOrDefaultAsync(ct);
        return new NodeYearReport(area.Code, area.Name, tier, year, months.Sum(m => m.Issued), months.Sum(m => m.Spent), months.Sum(m => m.Redemptions), held, count, months);
    }

    /// <summary>
    /// The month (1–12) of a time as a CASE over the month starts (<c>at &lt; start(2) ? 1 : at &lt; start(3) ? 2 : …</c>),
    /// so the database groups by Beijing month on both providers without date functions of its own.
    /// </summary>
    private static Expression<Func<T, int>> MonthOf<T>(Expression<Func<T, DateTimeOffset>> at, DateTimeOffset[] starts)
    {
        Expression body = Expression.Constant(12);
        for (var m = 11; m >= 1; m--)
            body = Expression.Condition(Expression.LessThan(at.Body, Expression.Constant(starts[m])), Expression.Constant(m), body);
        return Expression.Lambda<Func<T, int>>(body, at.Parameters);
    }

    private async Task<AreaRef> AreaAsync(string code, CancellationToken ct) =>
        await areas.FindAsync(code.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", code]);

    private async Task<Dictionary<long, string>> OfficeNamesAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.BankNodes.IgnoreQueryFilters().Where(b => list.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
    }

    public static string CodeOf(string path) => path.TrimEnd('/')[(path.TrimEnd('/').LastIndexOf('/') + 1)..];

    private AppProblem ItemNotFound(long id) => AppProblem.NotFound(l["No shop item {0} is within your reach.", id]);
}
