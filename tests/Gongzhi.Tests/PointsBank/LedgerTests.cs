using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Ledger;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.PointsBank;

/// <summary>
/// The ledger's rules through the contract the volunteers module uses: double entry (every transaction sums to zero,
/// against the savings office's issuing account), balances equal the sum of movements, idempotency keys (twice, and
/// racing), caps, reversals, no account below zero, and movements that the database refuses to change.
/// </summary>
public abstract class LedgerTests(GongzhiApp app)
{
    /// <summary>
    /// Ten digits: an id of 18 digits passes an ID number's check one time in eleven, and one of 11 digits may read as a
    /// mobile number, either of which the route probe rightly reports as personal data in clear.
    /// </summary>
    public static long NewVolunteerId() => Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);

    public static async Task<long> AreaIdAsync(GongzhiApp app, string code) =>
        await app.Db(db => db.AreaNodes.IgnoreQueryFilters().Where(n => n.Code == code).Select(n => n.Id).SingleAsync());

    public static Task<T> Ledger<T>(GongzhiApp app, Func<PointsLedger, Task<T>> work) =>
        app.Services.AsSystemAsync(sp => work(sp.GetRequiredService<PointsLedger>()));

    public static async Task<PointsHolder> HolderAsync(GongzhiApp app, string areaCode = DemoCodes.Grid1, string? userId = null) =>
        new(NewVolunteerId(), "志愿者" + GongzhiApp.Unique(""), await AreaIdAsync(app, areaCode), userId);

    public static Task<PostedPoints> EarnAsync(GongzhiApp app, PointsHolder holder, int points, string? key = null) =>
        Ledger(app, l => l.EarnAsync(new PointsEarning(holder, points, "活动服务", "activity", "1", key ?? Guid.NewGuid().ToString()), default));

    private Task<List<PointsMovement>> MovementsAsync(long transactionId) =>
        app.Db(db => db.PointsMovements.Where(m => m.TransactionId == transactionId).ToListAsync());

    private Task<long> SumAsync(long accountId) => app.Db(db => db.PointsMovements.Where(m => m.AccountId == accountId).SumAsync(m => m.Amount));

    private Task<PointsAccount> AccountAsync(long volunteerId) =>
        app.Db(db => db.PointsAccounts.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.VolunteerId == volunteerId));

    [Fact]
    public async Task An_earning_opens_the_account_and_posts_against_the_savings_offices_issuing_account_summing_to_zero()
    {
        var holder = await HolderAsync(app);
        Assert.Null(await Ledger(app, l => l.BalanceAsync(holder.VolunteerId, default)));
        var posted = await EarnAsync(app, holder, 30);
        Assert.Equal(30, posted.Points);
        Assert.Equal(30, posted.Balance);
        Assert.False(posted.Replayed);

        var account = await AccountAsync(holder.VolunteerId);
        Assert.Equal(holder.Name, account.HolderName);
        Assert.Equal(30, account.Balance);
        Assert.Equal(account.Balance, await SumAsync(account.Id));
        var movements = await MovementsAsync(posted.TransactionId);
        Assert.Equal(2, movements.Count);
        Assert.Equal(0, movements.Sum(m => m.Amount));
        var issuingId = movements.Single(m => m.Amount < 0).AccountId;
        var issuing = await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().SingleAsync(a => a.Id == issuingId));
        Assert.Equal(PointsAccountKind.Issuing, issuing.Kind);
        Assert.True(issuing.Balance < 0); // issuing accounts go negative by design
        Assert.Equal(issuing.Balance, await SumAsync(issuing.Id));
        var office = await app.Db(db => db.BankNodes.IgnoreQueryFilters().SingleAsync(b => b.Id == issuing.BankNodeId));
        Assert.Equal(BankTier.SavingsOffice, office.Tier);
        Assert.Equal(await AreaIdAsync(app, DemoCodes.Community), office.AreaNodeId);
        var branch = await app.Db(db => db.BankNodes.IgnoreQueryFilters().SingleAsync(b => b.Id == office.ParentId));
        Assert.Equal(BankTier.Branch, branch.Tier);
        Assert.Equal(await AreaIdAsync(app, DemoCodes.Street), branch.AreaNodeId);

        Assert.Equal(30, await Ledger(app, l => l.BalanceAsync(holder.VolunteerId, default)));
        // A later earning with a changed name updates the bank's copy.
        await EarnAsync(app, holder with { Name = "改名" }, 5);
        Assert.Equal("改名", (await AccountAsync(holder.VolunteerId)).HolderName);
    }

    [Fact]
    public async Task The_same_idempotency_key_posts_once_also_when_sent_in_parallel()
    {
        var holder = await HolderAsync(app);
        var key = Guid.NewGuid().ToString();
        var first = await EarnAsync(app, holder, 20, key);
        var again = await EarnAsync(app, holder with { Name = "别的" }, 99, key);
        Assert.True(again.Replayed);
        Assert.Equal(first.TransactionId, again.TransactionId);
        Assert.Equal(20, again.Points);

        var racingKey = Guid.NewGuid().ToString();
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => EarnAsync(app, holder, 7, racingKey))));
        Assert.Single(racing.Select(r => r.TransactionId).Distinct());
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == racingKey)));
        var account = await AccountAsync(holder.VolunteerId);
        Assert.Equal(27, account.Balance);
        Assert.Equal(account.Balance, await SumAsync(account.Id));
    }

    [Fact]
    public async Task The_daily_cap_cuts_an_earning_down_to_what_is_left_and_then_to_zero()
    {
        var holder = await HolderAsync(app);
        var rule = await Ledger(app, l => l.RuleForAreaAsync(holder.AreaNodeId, default));
        var first = await EarnAsync(app, holder, rule.DailyCap - 10);
        Assert.Equal(rule.DailyCap - 10 + (rule.DailyCap - 10) * rule.BonusPercent / 100 >= rule.DailyCap ? rule.DailyCap : rule.DailyCap - 10, first.Points);
        var second = await EarnAsync(app, holder, 50);
        Assert.Equal(rule.DailyCap - first.Points, second.Points);
        var third = await EarnAsync(app, holder, 50);
        Assert.Equal(0, third.Points);
        Assert.Empty(await MovementsAsync(third.TransactionId)); // recorded (the key is used), nothing moved
        Assert.Equal(rule.DailyCap, (await AccountAsync(holder.VolunteerId)).Balance);
    }

    [Fact]
    public async Task A_reversal_points_at_the_original_moves_everything_back_and_happens_once()
    {
        var holder = await HolderAsync(app);
        var posted = await EarnAsync(app, holder, 40);
        var reversal = await Ledger(app, l => l.ReverseAsync(posted.TransactionId, "录入错误", Guid.NewGuid().ToString(), null, "测试", default));
        Assert.Equal(-40, reversal.Points);
        Assert.Equal(0, reversal.Balance);
        var tx = await app.Db(db => db.PointsTransactions.SingleAsync(t => t.Id == reversal.TransactionId));
        Assert.Equal(posted.TransactionId, tx.ReversesId);
        Assert.Equal(PointsTransactionKind.Reversal, tx.Kind);
        Assert.Equal(0, (await MovementsAsync(reversal.TransactionId)).Sum(m => m.Amount));
        // The original stays as posted.
        Assert.Equal([-40, 40], (await MovementsAsync(posted.TransactionId)).Select(m => m.Amount).Order());
        var twice = await Assert.ThrowsAsync<AppProblem>(() => Ledger(app, l => l.ReverseAsync(posted.TransactionId, "再次", Guid.NewGuid().ToString(), null, "测试", default)));
        Assert.Equal(409, twice.Status);
        var blank = await Assert.ThrowsAsync<AppProblem>(() => Ledger(app, l => l.ReverseAsync(posted.TransactionId, " ", Guid.NewGuid().ToString(), null, "测试", default)));
        Assert.Equal(400, blank.Status);
    }

    [Fact]
    public async Task No_volunteer_account_goes_below_zero_and_a_refused_posting_writes_nothing()
    {
        var holder = await HolderAsync(app);
        var posted = await EarnAsync(app, holder, 10);
        var account = await AccountAsync(holder.VolunteerId);
        var before = await app.Db(db => db.PointsTransactions.CountAsync());
        var key = Guid.NewGuid().ToString();
        // Taking 11 of 10 points (here straight through the poster, as a redemption would) is refused whole.
        var refused = await Assert.ThrowsAsync<AppProblem>(() => app.Services.AsSystemAsync(sp => sp.GetRequiredService<PointsLedger>().KeyedAsync(key, async () =>
        {
            var (db, poster) = (sp.GetRequiredService<GongzhiDb>(), sp.GetRequiredService<LedgerPoster>());
            var shop = await db.PointsAccounts.IgnoreQueryFilters().Where(a => a.BankNodeId == account.BankNodeId && a.Kind == PointsAccountKind.Shop).Select(a => a.Id).SingleAsync();
            var tx = await poster.PostAsync(new PointsTransaction { Kind = PointsTransactionKind.Redemption, IdempotencyKey = key, Reason = "超额", PostedAt = DateTimeOffset.UtcNow },
                [new Leg(account.Id, -11), new Leg(shop, 11)], default);
            return tx.Id;
        }, default)));
        Assert.Equal(409, refused.Status);
        Assert.Equal(10, (await AccountAsync(holder.VolunteerId)).Balance);
        Assert.Equal(before, await app.Db(db => db.PointsTransactions.CountAsync()));
        Assert.Equal(10, await SumAsync(account.Id));
        Assert.Equal(posted.TransactionId, (await app.Db(db => db.PointsMovements.Where(m => m.AccountId == account.Id).Select(m => m.TransactionId).ToListAsync())).Single());
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_a_movement_or_a_transaction()
    {
        var posted = await EarnAsync(app, await HolderAsync(app), 3);
        await Assert.ThrowsAnyAsync<Exception>(() => app.Db(db => db.PointsMovements.Where(m => m.TransactionId == posted.TransactionId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Amount, m => m.Amount * 2))));
        await Assert.ThrowsAnyAsync<Exception>(() => app.Db(db => db.PointsMovements.Where(m => m.TransactionId == posted.TransactionId).ExecuteDeleteAsync()));
        await Assert.ThrowsAnyAsync<Exception>(() => app.Db(db => db.PointsTransactions.Where(t => t.Id == posted.TransactionId).ExecuteDeleteAsync()));
        Assert.Equal(2, (await MovementsAsync(posted.TransactionId)).Count);
        // A negative volunteer balance is refused by the database too, whatever wrote it.
        await Assert.ThrowsAnyAsync<Exception>(() => app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.VolunteerId != null && a.Balance == 3)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, -1))));
    }

    private Task<(int Exit, string Out, string Err)> CheckAsync() => app.Services.AsSystemAsync(async sp =>
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = await sp.GetRequiredService<LedgerCheck>().PrintAsync(output, errors, default);
        return (exit, output.ToString(), errors.ToString());
    });

    [Fact]
    public async Task Ledger_check_passes_on_a_sound_ledger_and_reports_a_corrupted_balance_with_exit_1()
    {
        var holder = await HolderAsync(app);
        await EarnAsync(app, holder, 12);
        var sound = await CheckAsync();
        Assert.True(sound.Exit == 0, sound.Err);
        Assert.Contains("Checked", sound.Out);
        Assert.Empty(sound.Err);
        var account = await AccountAsync(holder.VolunteerId);
        await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, 13)));
        try
        {
            var corrupt = await CheckAsync();
            Assert.Equal(1, corrupt.Exit);
            Assert.Contains($"account {account.Id}: stored balance 13, sum of movements 12", corrupt.Err);
        }
        finally
        {
            await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, 12)));
        }
        Assert.Equal(0, (await CheckAsync()).Exit);
    }

    [Fact]
    public async Task Running_balances_on_the_movements_follow_the_account()
    {
        var holder = await HolderAsync(app);
        await EarnAsync(app, holder, 4);
        await EarnAsync(app, holder, 6);
        await EarnAsync(app, holder, 5);
        var account = await AccountAsync(holder.VolunteerId);
        var running = await app.Db(db => db.PointsMovements.Where(m => m.AccountId == account.Id).OrderBy(m => m.Id).Select(m => m.BalanceAfter).ToListAsync());
        Assert.Equal([4L, 10L, 15L], running);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LedgerTestsOnSqlite(SqliteApp app) : LedgerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LedgerTestsOnPostgres(PostgresApp app) : LedgerTests(app);
