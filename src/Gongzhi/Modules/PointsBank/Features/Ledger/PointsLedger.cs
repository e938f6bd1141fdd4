using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.PointsBank.Features.Ledger;

/// <summary>
/// The ledger: earning under the bank's rules, reversals, balances. Each points-moving call is one database
/// transaction keyed by an idempotency key: a key already posted returns the first transaction (Replayed), also when
/// two identical requests race (the loser meets the unique index, rolls back and reads the winner's).
/// </summary>
public sealed class PointsLedger(GongzhiDb db, BankNodes banks, LedgerPoster poster, TimeProvider clock,
    IOptions<PointsBankOptions> options, IStringLocalizer<SharedResource> l) : IPointsLedger
{
    public async Task<PostedPoints> EarnAsync(PointsEarning earning, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(earning.IdempotencyKey)) throw AppProblem.Invalid("idempotencyKey", l["An idempotency key is required."]);
        if (earning.Points < 0) throw AppProblem.Invalid("points", l["Points earned cannot be negative; staff correct with an adjustment."]);
        if (string.IsNullOrWhiteSpace(earning.Reason)) throw AppProblem.Invalid("reason", l["A reason is required."]);
        return await KeyedAsync(earning.IdempotencyKey, async () =>
        {
            var (account, rule, officeId) = await OpenAccountAsync(earning.Holder, ct);
            var now = clock.GetUtcNow();
            var today = BeijingTime.Date(now);
            var dayStart = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), BeijingTime.Offset).ToUniversalTime();
            var yearStart = new DateTimeOffset(new DateTime(today.Year, 1, 1), BeijingTime.Offset).ToUniversalTime();
            var earnings = db.PointsMovements.Where(m => m.AccountId == account.Id && m.Kind == PointsTransactionKind.Earning);
            var earnedThisYear = await earnings.Where(m => m.PostedAt >= yearStart).SumAsync(m => m.Amount, ct);
            var earnedToday = await earnings.Where(m => m.PostedAt >= dayStart).SumAsync(m => m.Amount, ct);
            var credit = rule.Credit(earning.Points, earnedToday, earnedThisYear);
            var issuing = await banks.AccountIdAsync(officeId, PointsAccountKind.Issuing, ct);
            var tx = await poster.PostAsync(new PointsTransaction
            {
                Kind = PointsTransactionKind.Earning, IdempotencyKey = earning.IdempotencyKey.Trim(), Reason = earning.Reason.Trim(),
                SourceKind = earning.SourceKind, SourceId = earning.SourceId, PostedAt = now,
            }, [new Leg(issuing, -credit), new Leg(account.Id, credit)], ct);
            return tx.Id;
        }, ct);
    }

    public async Task<long?> BalanceAsync(long volunteerId, CancellationToken ct) =>
        await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.VolunteerId == volunteerId).Select(a => (long?)a.Balance).FirstOrDefaultAsync(ct);

    /// <summary>The earning rule in force for an area (nearest bank node's values first, then the defaults).</summary>
    public async Task<EarningRule> RuleForAreaAsync(long areaNodeId, CancellationToken ct)
    {
        var found = await banks.ForAreaAsync(areaNodeId, ct);
        return EarningRule.Resolve((found?.NearestFirst ?? []).Select(b => (b.PointsPerHour, b.DailyCap, b.YearlyCap, b.BonusPercent)), options.Value);
    }

    /// <summary>
    /// Posts the reverse of a transaction (every movement negated) pointing at it. Refused when it was reversed
    /// already, is itself a reversal, or a holder has spent the points meanwhile (no account goes below zero).
    /// </summary>
    public async Task<PostedPoints> ReverseAsync(long transactionId, string reason, string idempotencyKey, string? byUserId, string? byName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw AppProblem.Invalid("reason", l["A reason is required."]);
        if (string.IsNullOrWhiteSpace(idempotencyKey)) throw AppProblem.Invalid("idempotencyKey", l["An idempotency key is required."]);
        return await KeyedAsync(idempotencyKey, async () =>
        {
            var original = await db.PointsTransactions.AsNoTracking().FirstOrDefaultAsync(t => t.Id == transactionId, ct)
                           ?? throw AppProblem.NotFound(l["No points transaction {0}.", transactionId]);
            if (original.Kind == PointsTransactionKind.Reversal) throw AppProblem.Conflict(l["A reversal cannot be reversed; post a new transaction instead."]);
            if (await db.PointsTransactions.AnyAsync(t => t.ReversesId == transactionId, ct)) throw AppProblem.Conflict(l["Transaction {0} was reversed already.", transactionId]);
            var legs = await db.PointsMovements.Where(m => m.TransactionId == transactionId).Select(m => new Leg(m.AccountId, -m.Amount)).ToListAsync(ct);
            var tx = await poster.PostAsync(new PointsTransaction
            {
                Kind = PointsTransactionKind.Reversal, IdempotencyKey = idempotencyKey.Trim(), ReversesId = transactionId,
                Reason = reason.Trim(), PostedByUserId = byUserId, PostedByName = byName, PostedAt = clock.GetUtcNow(),
            }, legs, ct);
            return tx.Id;
        }, ct);
    }

    /// <summary>
    /// Runs a posting in its own database transaction unless its key was posted already. The posting returns the
    /// transaction id; the answer gives the volunteer leg's points and the volunteer's balance after it.
    /// </summary>
    public async Task<PostedPoints> KeyedAsync(string idempotencyKey, Func<Task<long>> post, CancellationToken ct)
    {
        var key = idempotencyKey.Trim();
        if (key.Length > 200) throw AppProblem.Invalid("idempotencyKey", l["An idempotency key has at most 200 characters."]);
        if (await PostedAsync(key, replayed: true, ct) is { } before) return before;
        try
        {
            long id;
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                id = await post();
                await transaction.CommitAsync(ct);
            }
            return (await PostedAsync(key, replayed: false, ct))!;
        }
        catch (Exception e) when (LedgerPoster.IsUniqueViolation(e))
        {
            // The same key posted by a racing request (or a bank node created by one): read what won.
            db.ChangeTracker.Clear();
            return await PostedAsync(key, replayed: true, ct) ?? throw AppProblem.Conflict(l["The points bank was busy; please try again."]);
        }
        catch (InsufficientPointsException)
        {
            db.ChangeTracker.Clear();
            throw AppProblem.Conflict(l["Not enough points: the balance is lower than the points asked for."]);
        }
    }

    private async Task<PostedPoints?> PostedAsync(string key, bool replayed, CancellationToken ct)
    {
        var tx = await db.PointsTransactions.AsNoTracking().Where(t => t.IdempotencyKey == key).Select(t => (long?)t.Id).FirstOrDefaultAsync(ct);
        if (tx is null) return null;
        var legs = await (from m in db.PointsMovements
                          join a in db.PointsAccounts.IgnoreQueryFilters() on m.AccountId equals a.Id
                          where m.TransactionId == tx && a.Kind == PointsAccountKind.Volunteer
                          select new { m.Amount, m.BalanceAfter }).ToListAsync(ct);
        return new PostedPoints(tx.Value, (int)legs.Sum(m => m.Amount), legs.Select(m => m.BalanceAfter).FirstOrDefault(), replayed);
    }

    /// <summary>Opens the holder's account on first use, or refreshes the bank's copy of their name, area and account.</summary>
    private async Task<(PointsAccount Account, EarningRule Rule, long OfficeId)> OpenAccountAsync(PointsHolder holder, CancellationToken ct)
    {
        var found = await banks.ForAreaAsync(holder.AreaNodeId, ct) ?? throw AppProblem.Invalid("areaNodeId", l["No area node {0}.", holder.AreaNodeId]);
        if (found.NearestFirst.Count == 0) throw AppProblem.Invalid("areaNodeId", l["Area {0} lies under no district, street or community, so no bank node issues its points.", found.Area.Name]);
        var office = found.NearestFirst[0];
        var rule = EarningRule.Resolve(found.NearestFirst.Select(b => (b.PointsPerHour, b.DailyCap, b.YearlyCap, b.BonusPercent)), options.Value);
        var account = await db.PointsAccounts.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.VolunteerId == holder.VolunteerId, ct);
        if (account is null)
        {
            account = new PointsAccount
            {
                Kind = PointsAccountKind.Volunteer, VolunteerId = holder.VolunteerId, BankNodeId = office.Id, AreaPath = found.Area.Path,
                HolderAreaNodeId = holder.AreaNodeId, HolderName = holder.Name.Trim(), HolderUserId = holder.UserId, CreatedAt = clock.GetUtcNow(),
            };
            db.PointsAccounts.Add(account);
        }
        else
        {
            account.HolderName = holder.Name.Trim();
            account.HolderUserId = holder.UserId;
            account.HolderAreaNodeId = holder.AreaNodeId;
            account.AreaPath = found.Area.Path;
            account.BankNodeId = office.Id;
        }
        await db.SaveChangesAsync(ct);
        return (account, rule, office.Id);
    }
}
