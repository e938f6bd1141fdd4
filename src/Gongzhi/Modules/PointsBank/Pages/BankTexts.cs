using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank.Pages;

/// <summary>Labels and formats shared by the points bank's pages.</summary>
public static class BankTexts
{
    public static string Status(IStringLocalizer<SharedResource> l, RedemptionStatus status) => status switch
    {
        RedemptionStatus.Reserved => l["Reserved"],
        RedemptionStatus.HandedOver => l["Handed over"],
        RedemptionStatus.Done => l["Done"],
        RedemptionStatus.Cancelled => l["Cancelled"],
        _ => status.ToString(),
    };

    public static string Status(IStringLocalizer<SharedResource> l, AdjustmentStatus status) => status switch
    {
        AdjustmentStatus.Pending => l["Awaiting approval"],
        AdjustmentStatus.Posted => l["Posted"],
        AdjustmentStatus.Rejected => l["Turned down"],
        _ => status.ToString(),
    };

    public static string Kind(IStringLocalizer<SharedResource> l, ShopItemKind kind) => kind == ShopItemKind.Service ? l["Service"] : l["Goods"];

    public static string Tier(IStringLocalizer<SharedResource> l, BankTier? tier) => tier switch
    {
        BankTier.HeadBank => l["Head bank"],
        BankTier.Branch => l["Branch"],
        BankTier.SavingsOffice => l["Savings office"],
        _ => "",
    };

    public static string Badge(RedemptionStatus status) => status switch
    {
        RedemptionStatus.Reserved => "text-bg-warning",
        RedemptionStatus.HandedOver => "text-bg-info",
        RedemptionStatus.Done => "text-bg-success",
        _ => "text-bg-secondary",
    };

    public static string Time(DateTimeOffset at) => at.ToOffset(Infrastructure.BeijingTime.Offset).ToString("yyyy-MM-dd HH:mm");

    public static string Signed(long points) => points > 0 ? "+" + points : points.ToString();
}
