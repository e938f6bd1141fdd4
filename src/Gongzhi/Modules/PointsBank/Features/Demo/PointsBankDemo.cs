using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Ledger;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.PointsBank.Features.Demo;

/// <summary>
/// A populated ledger and a stocked shop in 南门社区 and a neighbouring community. The volunteers module's demo (seeded
/// before this one) earns its volunteers' points through <see cref="IPointsLedger"/>; only when it wrote no account
/// (a tree without its demo residents) do made-up holders (volunteer ids 900001…; 900001 is the demo account
/// "volunteer") earn here instead. Then the shops are stocked and a few of those volunteers redeem items, so
/// balances, stock and the passbooks agree and <c>ledger-check</c> passes on the demo. Idempotent: placeholders only
/// when no volunteer account exists, the shop only when no item exists.
/// </summary>
internal static class PointsBankDemo
{
    public const long FirstVolunteerId = 900_001;
    private const string Nanmen = "370811012007", OtherCommunity = "370811012001";

    private static readonly string[] Names = ["陈晓燕", "王建国", "李秀英", "张伟", "刘芳", "赵磊", "孙丽", "周强", "吴敏", "郑洁", "冯涛", "褚红", "卫东", "蒋静", "沈军", "韩梅"];
    private static readonly string[] Works = ["为民服务日 理发", "楼长日 楼道清理", "陪同就医", "义务辅导作业", "关爱探访 独居老人", "垃圾分类宣传", "文艺演出 社区舞蹈队"];
    private static readonly (string Name, ShopItemKind Kind, int Price, int Stock)[] Items =
        [("大米 5kg", ShopItemKind.Goods, 120, 30), ("花生油 1.8L", ShopItemKind.Goods, 90, 20), ("洗衣液", ShopItemKind.Goods, 40, 50),
         ("上门理发一次", ShopItemKind.Service, 30, 15), ("家电清洗一次", ShopItemKind.Service, 80, 5), ("最后一件：保温杯", ShopItemKind.Goods, 60, 1)];

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var places = new List<AreaRef>();
        foreach (var code in new[] { Nanmen + "-W01", Nanmen + "-W02", OtherCommunity })
            if (await areas.FindAsync(code, ct) is { } node) places.Add(node);
        if (places.Count == 0) return; // not the demo tree
        if (!await db.PointsAccounts.AnyAsync(a => a.Kind == PointsAccountKind.Volunteer, ct)) await EarnAsPlaceholdersAsync(sp, places, ct);
        if (!await db.ShopItems.AnyAsync(ct)) await StockAndRedeemAsync(sp, ct);
    }

    private static async Task EarnAsPlaceholdersAsync(IServiceProvider sp, List<AreaRef> places, CancellationToken ct)
    {
        var ledger = sp.GetRequiredService<IPointsLedger>();
        var volunteerAccount = await sp.GetRequiredService<IAccountDirectory>().StaffAsync("volunteer", ct);
        var random = new Random(20261129);
        for (var i = 0; i < Names.Length; i++)
        {
            var holder = new PointsHolder(FirstVolunteerId + i, Names[i], places[i % places.Count].Id, i == 0 ? volunteerAccount?.UserId : null);
            for (var n = 0; n < 2 + random.Next(4); n++)
                await ledger.EarnAsync(new PointsEarning(holder, 10 * (1 + random.Next(5)), Works[random.Next(Works.Length)], "demo", $"{holder.VolunteerId}-{n}",
                    $"demo-earn:{holder.VolunteerId}:{n}"), ct);
        }
    }

    private static async Task StockAndRedeemAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var shop = sp.GetRequiredService<PointsShop>();
        foreach (var community in new[] { Nanmen, OtherCommunity })
            if (await areas.FindAsync(community, ct) is not null)
                foreach (var item in Items)
                    await shop.CreateItemAsync(new SaveShopItem(community, item.Name, item.Kind, null, item.Price, item.Stock, null), ct);
        // A few redemptions at 南门社区's counter, one of them already handed over.
        var nanmenItems = await db.ShopItems.IgnoreQueryFilters().Where(i => i.AreaPath.EndsWith("/" + Nanmen + "/") && i.PricePoints <= 40).ToListAsync(ct);
        var accounts = await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Kind == PointsAccountKind.Volunteer && a.Balance >= 40)
            .OrderBy(a => a.VolunteerId).ToListAsync(ct);
        foreach (var (account, index) in accounts.Where(a => nanmenItems.Any(i => i.BankNodeId == a.BankNodeId)).Take(3).Select((a, n) => (a, n)))
        {
            var redemption = await shop.RedeemAsync(new RedeemRequest(nanmenItems[index % nanmenItems.Count].Id, account.Id, 1, $"demo-redeem:{account.Id}"), ct);
            if (index == 0) await shop.AdvanceAsync(redemption.Id, RedemptionStatus.HandedOver, ct);
        }
    }
}
