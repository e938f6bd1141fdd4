using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.PointsBank.Features.Ledger;

public sealed record BalanceDifference(long AccountId, long Stored, long SumOfMovements);

public sealed record UnbalancedTransaction(long TransactionId, long Sum);

public sealed record LedgerCheckReport(int Accounts, int Transactions, long Movements,
    IReadOnlyList<BalanceDifference> Balances, IReadOnlyList<UnbalancedTransaction> Transactions_)
{
    public bool Passed => Balances.Count == 0 && Transactions_.Count == 0;
}

/// <summary>
/// The <c>ledger-check</c> verb: every stored balance against the sum of its movements, every transaction's
/// movements against zero, both computed by the database in one grouped pass each (no row travels unless it differs).
/// </summary>
public sealed class LedgerCheck(GongzhiDb db)
{
    public async Task<LedgerCheckReport> RunAsync(CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var accounts = await db.PointsAccounts.IgnoreQueryFilters().CountAsync(ct);
        var transactions = await db.PointsTransactions.CountAsync(ct);
        var movements = await db.PointsMovements.LongCountAsync(ct);
        // One grouped pass over the movements joined to the accounts (a hash join), not one sum per account: over
        // millions of movements the per-account form walks the index once per account.
        var sums = db.PointsMovements.GroupBy(m => m.AccountId).Select(g => new { AccountId = g.Key, Sum = g.Sum(m => m.Amount) });
        var balances = await (from a in db.PointsAccounts.IgnoreQueryFilters()
                              join s in sums on a.Id equals s.AccountId into joined
                              from s in joined.DefaultIfEmpty()
                              select new { a.Id, a.Balance, Sum = (long?)s.Sum ?? 0L })
            .Where(x => x.Balance != x.Sum).OrderBy(x => x.Id)
            .Select(x => new BalanceDifference(x.Id, x.Balance, x.Sum)).ToListAsync(ct);
        var unbalanced = await db.PointsMovements.GroupBy(m => m.TransactionId)
            .Select(g => new { Id = g.Key, Sum = g.Sum(m => m.Amount) }).Where(g => g.Sum != 0).OrderBy(g => g.Id)
            .Select(g => new UnbalancedTransaction(g.Id, g.Sum)).ToListAsync(ct);
        return new LedgerCheckReport(accounts, transactions, movements, balances, unbalanced);
    }

    /// <summary>Runs the check and prints it as the verb does; 0 when the ledger holds, 1 on any difference.</summary>
    public async Task<int> PrintAsync(TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = await RunAsync(ct);
        output.WriteLine($"Checked {report.Accounts} account balance(s) against the sum of their movements and {report.Transactions} transaction(s) " +
                         $"({report.Movements} movement(s)) for summing to zero in {started.Elapsed.TotalSeconds:0.0} s.");
        foreach (var d in report.Balances)
            errors.WriteLine($"account {d.AccountId}: stored balance {d.Stored}, sum of movements {d.SumOfMovements} (difference {d.Stored - d.SumOfMovements})");
        foreach (var t in report.Transactions_)
            errors.WriteLine($"transaction {t.TransactionId}: movements sum to {t.Sum}, not 0");
        if (report.Passed)
        {
            output.WriteLine("The ledger holds: every balance equals the sum of its movements and every transaction sums to zero.");
            return 0;
        }
        output.WriteLine($"The ledger does not hold: {report.Balances.Count} balance difference(s), {report.Transactions_.Count} unbalanced transaction(s).");
        return 1;
    }
}
