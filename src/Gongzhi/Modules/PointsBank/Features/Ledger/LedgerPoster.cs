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
/// The balance moves with a conditional UPDATE (<c>balance = balance + n WHERE balance + n &gt;= 0</c>): on PostgreSQL
/// two postings racing for the last points serialise on the row lock and the second sees the first's balance, so
/// exactly one passes; on SQLite the whole transaction already holds the write gate. Legs go in account order so two
/// postings touching the same two accounts cannot deadlock.
/// </summary>
public sealed class LedgerPoster(GongzhiDb db)
{
    public async Task<PointsTransaction> PostAsync(PointsTransaction transaction, IReadOnlyList<Leg> legs, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Post inside a database transaction.");
        if (legs.Sum(l => l.Amount) != 0) throw new InvalidOperationException("The legs of a transaction must sum to zero.");
        db.PointsTransactions.Add(transaction);
        await db.SaveChangesAsync(ct);
        foreach (var leg in legs.Where(l => l.Amount != 0).GroupBy(l => l.AccountId).Select(g => new Leg(g.Key, g.Sum(l => l.Amount))).OrderBy(l => l.AccountId))
        {
            var amount = leg.Amount;
            var updated = await db.PointsAccounts.IgnoreQueryFilters()
                .Where(a => a.Id == leg.AccountId && (a.Kind == PointsAccountKind.Issuing || a.Balance + amount >= 0))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount), ct);
            if (updated == 0) throw new InsufficientPointsException(leg.AccountId);
            var balance = await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Id == leg.AccountId).Select(a => a.Balance).SingleAsync(ct);
            db.PointsMovements.Add(new PointsMovement
            {
                TransactionId = transaction.Id, AccountId = leg.AccountId, Kind = transaction.Kind,
                Amount = amount, BalanceAfter = balance, PostedAt = transaction.PostedAt,
            });
        }
        await db.SaveChangesAsync(ct);
        return transaction;
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
