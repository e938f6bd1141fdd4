using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.PointsBank.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.PointsBank.Features.Ledger;

/// <summary>One leg of a posting: points onto (positive) or off (negative) an account.</summary>
public readonly record struct Leg(long AccountId, long Amount);

/// <summary>Thrown when a leg would take an account below zero; the caller's transaction is rolled back whole.</summary>
public sealed class InsufficientPointsException(long accountId) : Exception($"Account {accountId} has too few points.")
{
    public long AccountId { get; } = accountId;
}

/// <summary>
/// Writes a transaction and its movements and moves the balances, inside the caller's database transaction (so the
/// whole posting, and whatever the caller changes beside it, commits together or not at all).
/// The balance moves with one conditional UPDATE … RETURNING (<c>balance = balance + n WHERE balance + n &gt;= 0</c>):
/// on PostgreSQL two postings racing for the last points serialise on the row lock and the second sees the first's
/// balance, so exactly one passes; on SQLite the whole transaction already holds the write gate.
/// Lock order is global, so two postings cannot deadlock: volunteers' accounts first, then the bank nodes' issuing and
/// shop accounts, each group by id. The node accounts are the hot rows (every earning of a savings office debits its
/// issuing account, every redemption credits its shop), so they are locked last and held for the fewest round trips.
/// </summary>
public sealed class LedgerPoster(GongzhiDb db)
{
    public async Task<PointsTransaction> PostAsync(PointsTransaction transaction, IReadOnlyList<Leg> legs, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Post inside a database transaction.");
        if (legs.Sum(l => l.Amount) != 0) throw new InvalidOperationException("The legs of a transaction must sum to zero.");
        db.PointsTransactions.Add(transaction);
        await db.SaveChangesAsync(ct);
        var merged = legs.Where(l => l.Amount != 0).GroupBy(l => l.AccountId).Select(g => new Leg(g.Key, g.Sum(l => l.Amount))).ToList();
        var ids = merged.Select(l => l.AccountId).ToList();
        var nodeAccounts = (await db.PointsAccounts.IgnoreQueryFilters().Where(a => ids.Contains(a.Id) && a.Kind != PointsAccountKind.Volunteer)
            .Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        foreach (var leg in merged.OrderBy(l => nodeAccounts.Contains(l.AccountId)).ThenBy(l => l.AccountId))
        {
            var balance = await MoveAsync(leg.AccountId, leg.Amount, ct) ?? throw new InsufficientPointsException(leg.AccountId);
            db.PointsMovements.Add(new PointsMovement
            {
                TransactionId = transaction.Id, AccountId = leg.AccountId, Kind = transaction.Kind,
                Amount = leg.Amount, BalanceAfter = balance, PostedAt = transaction.PostedAt,
            });
        }
        await db.SaveChangesAsync(ct);
        await CountEarnedAsync(transaction, merged.Where(l => !nodeAccounts.Contains(l.AccountId)).ToList(), ct);
        return transaction;
    }

    /// <summary>
    /// Keeps <see cref="PointsYearTotal"/> in step: an earning adds to its Beijing year, a reversal of an earning takes
    /// it back from the year it was earned in. One upsert per volunteer leg, the same text on both databases.
    /// </summary>
    private async Task CountEarnedAsync(PointsTransaction transaction, IReadOnlyList<Leg> volunteerLegs, CancellationToken ct)
    {
        if (volunteerLegs.Count == 0) return;
        DateTimeOffset? earnedAt = transaction.Kind switch
        {
            PointsTransactionKind.Earning => transaction.PostedAt,
            PointsTransactionKind.Reversal when transaction.ReversesId is { } reversed => await db.PointsTransactions
                .Where(t => t.Id == reversed && t.Kind == PointsTransactionKind.Earning).Select(t => (DateTimeOffset?)t.PostedAt).FirstOrDefaultAsync(ct),
            _ => null,
        };
        if (earnedAt is null) return;
        var year = BeijingTime.Date(earnedAt.Value).Year;
        foreach (var leg in volunteerLegs)
            await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO points_year_totals ("AccountId", "Year", "Earned") VALUES ({leg.AccountId}, {year}, {leg.Amount}) ON CONFLICT ("AccountId", "Year") DO UPDATE SET "Earned" = points_year_totals."Earned" + excluded."Earned" """, ct);
    }

    /// <summary>
    /// Moves one balance and reads it back in one round trip; null when the account would go below zero (only an
    /// issuing account may). PostgreSQL and SQLite (3.35+) both answer UPDATE … RETURNING with the same text.
    /// </summary>
    private async Task<long?> MoveAsync(long accountId, long amount, CancellationToken ct)
    {
        var issuing = (int)PointsAccountKind.Issuing;
        var rows = await db.Database.SqlQuery<long>(
            $"""UPDATE points_accounts SET "Balance" = "Balance" + {amount} WHERE "Id" = {accountId} AND ("Kind" = {issuing} OR "Balance" + {amount} >= 0) RETURNING "Balance" AS "Value" """)
            .ToListAsync(ct);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Whether a failed save met a unique index (an idempotency key or a bank node created by a racing request).</summary>
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        Npgsql.PostgresException pg => pg.SqlState == "23505",
        Microsoft.Data.Sqlite.SqliteException lite => lite.SqliteErrorCode == 19,
        _ => false,
    };
}
