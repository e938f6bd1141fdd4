using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Gongzhi.Modules.Volunteers.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank.Features.Counter;

/// <summary>A volunteer account as the counter finds it: the holder, their masked phone (to tell namesakes apart), savings office and balance.</summary>
public sealed record CounterHolder(long AccountId, string? HolderName, string? PhoneMasked, string OfficeName, long Balance);

/// <summary>Redeeming for one volunteer: who, and the active items of their savings office in the caller's reach (in stock first).</summary>
public sealed record CounterChoice(CounterHolder Holder, IReadOnlyList<ShopItemView> Items);

/// <summary>What the counter posts for the volunteer in front of it (the account comes from the page, not the form).</summary>
public sealed record CounterRedeem(long? ItemId, int? Quantity, string? IdempotencyKey);

/// <summary>
/// Staff redeem for a volunteer at the counter (代兑换): find a volunteer account in reach by name, show the balance
/// and what their savings office has, and reserve through <see cref="PointsShop.RedeemAsync"/> — the same rules,
/// idempotency key and race handling as the API. A refusal names the field it concerns (the item for stock, the
/// quantity for points) so the page shows it beside the input.
/// </summary>
public sealed class CounterRedemptions(GongzhiDb db, PointsShop shop, IVolunteerDirectory volunteers, IStringLocalizer<SharedResource> l)
{
    public const int MaxHolders = 20;

    /// <summary>Volunteer accounts in reach whose holder's name holds <paramref name="q"/>, by name; none for an empty search.</summary>
    public async Task<IReadOnlyList<CounterHolder>> FindAsync(string? q, CancellationToken ct)
    {
        var text = q?.Trim() ?? "";
        if (text.Length == 0) return [];
        var accounts = await db.PointsAccounts.AsNoTracking().Where(a => a.Kind == PointsAccountKind.Volunteer && a.HolderName!.Contains(text))
            .OrderBy(a => a.HolderName).ThenBy(a => a.Id).Take(MaxHolders).ToListAsync(ct);
        return await HoldersAsync(accounts, ct);
    }

    /// <summary>The account (404 outside the caller's reach) and the active items of its savings office.</summary>
    public async Task<CounterChoice> ChoiceAsync(long accountId, CancellationToken ct)
    {
        var account = await shop.ReachableAccountAsync(accountId, ct);
        // Only the volunteer's own savings office can take their points; out-of-stock items stay listed (greyed) so a
        // refused choice is still shown as chosen.
        var items = await db.ShopItems.AsNoTracking().Where(i => i.BankNodeId == account.BankNodeId && i.IsActive)
            .OrderBy(i => i.Stock == 0).ThenBy(i => i.Name).ThenBy(i => i.Id).Take(500).ToListAsync(ct);
        return new((await HoldersAsync([account], ct))[0], [.. items.Select(PointsShop.View)]);
    }

    public async Task<RedemptionView> RedeemAsync(long accountId, CounterRedeem body, CancellationToken ct)
    {
        if (body.ItemId is not { } itemId) throw AppProblem.Invalid("itemId", l["Choose an item."]);
        try
        {
            return await shop.RedeemAsync(new RedeemRequest(itemId, accountId, body.Quantity ?? 0, body.IdempotencyKey), ct);
        }
        catch (AppProblem p) when (p.Status == StatusCodes.Status409Conflict)
        {
            // The refusal reads what is there now (another counter may have taken the last one meanwhile).
            var account = await shop.ReachableAccountAsync(accountId, ct);
            var item = await db.ShopItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
            var quantity = body.Quantity ?? 0;
            string? field = item is null || !item.IsActive || item.BankNodeId != account.BankNodeId || item.Stock < quantity ? "itemId"
                : account.Balance < (long)item.PricePoints * quantity ? "quantity" : null;
            throw field is null ? p : new AppProblem(p.Status, p.Detail, new Dictionary<string, string[]> { [field] = [p.Detail] });
        }
    }

    private async Task<List<CounterHolder>> HoldersAsync(IReadOnlyList<PointsAccount> accounts, CancellationToken ct)
    {
        var officeIds = accounts.Select(a => a.BankNodeId).Distinct().ToList();
        var offices = await db.BankNodes.IgnoreQueryFilters().Where(b => officeIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var phones = await volunteers.MaskedPhonesAsync([.. accounts.Where(a => a.VolunteerId != null).Select(a => a.VolunteerId!.Value)], ct);
        return [.. accounts.Select(a => new CounterHolder(a.Id, a.HolderName, a.VolunteerId is { } v ? phones.GetValueOrDefault(v) : null,
            offices.GetValueOrDefault(a.BankNodeId) ?? "", a.Balance))];
    }
}
