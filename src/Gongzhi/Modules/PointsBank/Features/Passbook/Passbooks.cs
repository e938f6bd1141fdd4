using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.PointsBank.Features.Passbook;

public sealed record AccountView(long Id, long VolunteerId, string? HolderName, string AreaPath, string OfficeName, long Balance);

public sealed record PassbookLine(long MovementId, long TransactionId, DateTimeOffset PostedAt, PointsTransactionKind Kind, string Reason, long Amount, long BalanceAfter);

public sealed record PassbookView(AccountView Account, IReadOnlyList<PassbookLine> Lines, int Page, int PageSize, int Total);

/// <summary>A line of the points ranking: points earned (earnings only, not adjustments or spending) in the year.</summary>
public sealed record PointsRankingLine(int Rank, long AccountId, long VolunteerId, string? Name, long Points);

public sealed record BalanceView(long AccountId, long VolunteerId, string? HolderName, long Balance);

public sealed record NodeReport(string AreaPath, string Name, long Issued, long Spent, long VolunteerBalances, int Accounts);

/// <summary>
/// The passbook (爱心存折): an account's movements in order with the running balance each left, as the volunteer
/// (their own account, matched on the holder's user id) or staff (accounts in their data scope) read it; account
/// lists; and a bank node's report over its subtree.
/// </summary>
public sealed class Passbooks(GongzhiDb db, PointsShop shop, IStringLocalizer<SharedResource> l)
{
    public async Task<PassbookView> ReadAsync(long? accountId, int page, int pageSize, CancellationToken ct)
    {
        var account = await shop.ReachableAccountAsync(accountId, ct);
        pageSize = Math.Clamp(pageSize, 1, 500);
        page = Math.Max(1, page);
        var movements = db.PointsMovements.Where(m => m.AccountId == account.Id);
        var total = await movements.CountAsync(ct);
        var lines = await (from m in movements
                           join t in db.PointsTransactions on m.TransactionId equals t.Id
                           orderby m.Id
                           select new PassbookLine(m.Id, t.Id, t.PostedAt, t.Kind, t.Reason, m.Amount, m.BalanceAfter))
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PassbookView(await ViewAsync(account, ct), lines, page, pageSize, total);
    }

    /// <summary>
    /// One account's balance under the passbook's reach (the volunteer's own, or staff's in scope): one row read, no
    /// movements — the balance is kept on the account in the same transaction as every movement.
    /// </summary>
    public async Task<BalanceView> BalanceAsync(long? accountId, CancellationToken ct)
    {
        var account = await shop.ReachableAccountAsync(accountId, ct);
        return new BalanceView(account.Id, account.VolunteerId ?? 0, account.HolderName, account.Balance);
    }

    public async Task<IReadOnlyList<AccountView>> AccountsAsync(string? q, CancellationToken ct)
    {
        var query = db.PointsAccounts.AsNoTracking().Where(a => a.Kind == PointsAccountKind.Volunteer);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(a => a.HolderName!.Contains(q.Trim()));
        var accounts = await query.OrderBy(a => a.HolderName).ThenBy(a => a.Id).Take(200).ToListAsync(ct);
        var offices = await OfficeNamesAsync(accounts.Select(a => a.BankNodeId), ct);
        return accounts.Select(a => View(a, offices)).ToList();
    }

    /// <summary>A bank node's subtree: points issued (earnings and adjustments from its issuing accounts, net of reversals), spent in its shops (net of cancellations), and what its volunteers hold.</summary>
    public async Task<NodeReport> ReportAsync(string areaPath, string name, CancellationToken ct)
    {
        var accounts = db.PointsAccounts.Where(a => a.AreaPath.StartsWith(areaPath));
        var issued = -await (from m in db.PointsMovements join a in accounts on m.AccountId equals a.Id where a.Kind == PointsAccountKind.Issuing select m.Amount).SumAsync(ct);
        var spent = await (from m in db.PointsMovements join a in accounts on m.AccountId equals a.Id where a.Kind == PointsAccountKind.Shop select m.Amount).SumAsync(ct);
        var held = await accounts.Where(a => a.Kind == PointsAccountKind.Volunteer).SumAsync(a => a.Balance, ct);
        var count = await accounts.CountAsync(a => a.Kind == PointsAccountKind.Volunteer, ct);
        return new NodeReport(areaPath, name, issued, spent, held, count);
    }

    /// <summary>
    /// The volunteers of a subtree by points earned in a Beijing calendar year, best first (ties by account): what the
    /// yearly awards look at. Counts earnings net of reversed ones, so spending in the shop does not lower a rank; reads
    /// the yearly totals the ledger keeps with each earning (<see cref="PointsYearTotal"/>), one row per volunteer.
    /// </summary>
    public async Task<IReadOnlyList<PointsRankingLine>> RankingAsync(string areaPath, int year, int top, CancellationToken ct)
    {
        if (year is < 2000 or > 2100) throw AppProblem.Invalid("year", l["Give a year from 2000 to 2100."]);
        if (top is < 1 or > 200) throw AppProblem.Invalid("top", l["Give a number from 1 to {0}.", 200]);
        var rows = await (from t in db.PointsYearTotals
                          join a in db.PointsAccounts on t.AccountId equals a.Id
                          where t.Year == year && t.Earned > 0 && a.Kind == PointsAccountKind.Volunteer && a.AreaPath.StartsWith(areaPath)
                          orderby t.Earned descending, a.Id
                          select new { a.Id, a.VolunteerId, a.HolderName, Points = t.Earned })
            .Take(top).ToListAsync(ct);
        return [.. rows.Select((r, i) => new PointsRankingLine(i + 1, r.Id, r.VolunteerId ?? 0, r.HolderName, r.Points))];
    }

    private async Task<AccountView> ViewAsync(PointsAccount account, CancellationToken ct) =>
        View(account, await OfficeNamesAsync([account.BankNodeId], ct));

    private async Task<Dictionary<long, string>> OfficeNamesAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.BankNodes.IgnoreQueryFilters().Where(b => list.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
    }

    private AccountView View(PointsAccount a, Dictionary<long, string> offices) =>
        new(a.Id, a.VolunteerId ?? 0, a.HolderName, a.AreaPath, offices.GetValueOrDefault(a.BankNodeId) ?? l["(unknown)"], a.Balance);
}
