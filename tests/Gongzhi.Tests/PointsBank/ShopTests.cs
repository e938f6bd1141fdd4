using System.Net;
using System.Text.Json;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Gongzhi.Tests.PointsBank.LedgerTests;

namespace Gongzhi.Tests.PointsBank;

/// <summary>
/// The points shop, adjustments and reach over HTTP: racing redemptions of the last item and the last points (exactly
/// one wins), idempotent redemptions, refusals that write nothing, cancel returning points and stock, adjustments
/// with a reason and a second person's approval, and data scope (a community's staff see their volunteers and
/// stock only; a volunteer sees only their own passbook).
/// </summary>
public abstract class ShopTests(GongzhiApp app)
{
    private async Task<long> ItemAsync(int price, int stock, string community = DemoCodes.Community) =>
        (await (await app.ClientFor("admin")).PostJson("/api/points/shop/items",
            new { areaCode = community, name = GongzhiApp.Unique("商品"), kind = "Goods", pricePoints = price, stock }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private async Task<long> AccountWithAsync(int points, string area = DemoCodes.Grid1)
    {
        var holder = await HolderAsync(app, area);
        Assert.Equal(points, (await EarnAsync(app, holder, points)).Points);
        return await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.VolunteerId == holder.VolunteerId).Select(a => a.Id).SingleAsync());
    }

    private Task<long> BalanceAsync(long accountId) => app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Id == accountId).Select(a => a.Balance).SingleAsync());
    private Task<int> StockAsync(long itemId) => app.Db(db => db.ShopItems.IgnoreQueryFilters().Where(i => i.Id == itemId).Select(i => i.Stock).SingleAsync());
    private Task<int> RedemptionsOfAsync(long itemId) => app.Db(db => db.Redemptions.IgnoreQueryFilters().CountAsync(r => r.ItemId == itemId));

    private static Task<HttpResponseMessage> Redeem(HttpClient client, long item, long account, string? key = null, int quantity = 1) =>
        client.PostJson("/api/points/redemptions", new { itemId = item, accountId = account, quantity, idempotencyKey = key ?? Guid.NewGuid().ToString() });

    [Fact]
    public async Task Many_clients_racing_for_the_last_item_leave_exactly_one_winner()
    {
        var item = await ItemAsync(price: 10, stock: 1);
        var accounts = new List<long>();
        for (var i = 0; i < 12; i++) accounts.Add(await AccountWithAsync(20));
        var clients = await Task.WhenAll(accounts.Select(_ => app.ClientFor("community")));
        var answers = await Task.WhenAll(accounts.Select((a, i) => Task.Run(() => Redeem(clients[i], item, a))));
        Assert.Equal(1, answers.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(0, await StockAsync(item));
        Assert.Equal(1, await RedemptionsOfAsync(item));
        var balances = await Task.WhenAll(accounts.Select(BalanceAsync));
        Assert.Equal(1, balances.Count(b => b == 10));
        Assert.Equal(11, balances.Count(b => b == 20));
    }

    [Fact]
    public async Task Many_clients_racing_for_the_last_points_leave_exactly_one_winner()
    {
        var item = await ItemAsync(price: 30, stock: 50);
        var account = await AccountWithAsync(30);
        var clients = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => app.ClientFor("community")));
        var answers = await Task.WhenAll(clients.Select(c => Task.Run(() => Redeem(c, item, account))));
        Assert.Equal(1, answers.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(0, await BalanceAsync(account));
        Assert.Equal(49, await StockAsync(item));
        Assert.Equal(1, await RedemptionsOfAsync(item));
    }

    [Fact]
    public async Task A_redemption_sent_twice_with_one_key_is_one_redemption()
    {
        var item = await ItemAsync(price: 5, stock: 10);
        var account = await AccountWithAsync(50);
        var community = await app.ClientFor("community");
        var key = Guid.NewGuid().ToString();
        var first = await Redeem(community, item, account, key).Ok(HttpStatusCode.Created);
        var again = await Redeem(community, item, account, key).Ok(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Equal(9, await StockAsync(item));
        Assert.Equal(45, await BalanceAsync(account));
    }

    [Fact]
    public async Task Out_of_stock_and_over_the_balance_are_refused_with_clear_errors_and_nothing_written()
    {
        var item = await ItemAsync(price: 40, stock: 1);
        var account = await AccountWithAsync(30);
        var community = await app.ClientFor("community", culture: "en-US");
        var over = await Redeem(community, item, account).Problem(HttpStatusCode.Conflict);
        Assert.Contains("Not enough points", over.Str("detail"));
        Assert.Equal(1, await StockAsync(item));
        Assert.Equal(30, await BalanceAsync(account));
        var rich = await AccountWithAsync(100);
        await Redeem(community, item, rich).Ok(HttpStatusCode.Created);
        var empty = await Redeem(community, item, rich).Problem(HttpStatusCode.Conflict);
        Assert.Contains("out of stock", empty.Str("detail"));
        Assert.Equal(60, await BalanceAsync(rich));
        Assert.Equal(1, await RedemptionsOfAsync(item));
        var zh = await Redeem(await app.ClientFor("community"), item, rich).Problem(HttpStatusCode.Conflict);
        Assert.Contains("库存", zh.Str("detail"));
    }

    [Fact]
    public async Task Cancel_returns_points_and_stock_and_a_handed_over_redemption_goes_to_done()
    {
        var item = await ItemAsync(price: 15, stock: 3);
        var account = await AccountWithAsync(40);
        var community = await app.ClientFor("community");
        var reserved = await Redeem(community, item, account).Ok(HttpStatusCode.Created);
        var id = reserved.GetProperty("id").GetInt64();
        Assert.Equal("Reserved", reserved.Str("status"));
        Assert.Equal(25, await BalanceAsync(account));
        var cancelled = await community.PostJson($"/api/points/redemptions/{id}/cancel", new { }).Ok();
        Assert.Equal("Cancelled", cancelled.Str("status"));
        Assert.Equal(40, await BalanceAsync(account));
        Assert.Equal(3, await StockAsync(item));
        var cancelTx = cancelled.GetProperty("cancelTransactionId").GetInt64();
        Assert.Equal(reserved.GetProperty("transactionId").GetInt64(), await app.Db(db => db.PointsTransactions.Where(t => t.Id == cancelTx).Select(t => t.ReversesId).SingleAsync()));
        await community.PostJson($"/api/points/redemptions/{id}/cancel", new { }).Ok(); // cancelling again changes nothing
        Assert.Equal(40, await BalanceAsync(account));

        var second = (await Redeem(community, item, account).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        Assert.Equal("HandedOver", (await community.PostJson($"/api/points/redemptions/{second}/handover", new { }).Ok()).Str("status"));
        await community.PostJson($"/api/points/redemptions/{second}/cancel", new { }).Problem(HttpStatusCode.Conflict);
        Assert.Equal("Done", (await community.PostJson($"/api/points/redemptions/{second}/done", new { }).Ok()).Str("status"));
        var history = await community.GetAsync($"/api/points/redemptions?accountId={account}").Ok();
        Assert.Equal(["Done", "Cancelled"], history.EnumerateArray().Select(r => r.Str("status")));
    }

    [Fact]
    public async Task An_adjustment_needs_a_reason_and_above_the_threshold_a_second_persons_approval()
    {
        var account = await AccountWithAsync(10);
        var community = await app.ClientFor("community");
        var noReason = await community.PostJson("/api/points/adjustments", new { accountId = account, amount = 5, reason = " ", idempotencyKey = Guid.NewGuid().ToString() })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(0, await app.Db(db => db.PointsAdjustments.CountAsync(a => a.AccountId == account)));
        Assert.Equal(10, await BalanceAsync(account));

        var small = await community.PostJson("/api/points/adjustments", new { accountId = account, amount = 5, reason = "补录活动积分", idempotencyKey = Guid.NewGuid().ToString() }).Ok();
        Assert.Equal("Posted", small.Str("status"));
        Assert.Equal(15, await BalanceAsync(account));
        var tooMuch = await community.PostJson("/api/points/adjustments", new { accountId = account, amount = -150, reason = "扣减", idempotencyKey = Guid.NewGuid().ToString() }).Ok();
        Assert.Equal("Pending", tooMuch.Str("status"));

        var big = await community.PostJson("/api/points/adjustments", new { accountId = account, amount = 500, reason = "年度服务之星奖励", idempotencyKey = Guid.NewGuid().ToString() }).Ok();
        Assert.Equal("Pending", big.Str("status"));
        Assert.Equal(15, await BalanceAsync(account));
        var id = big.GetProperty("id").GetInt64();
        await community.PostJson($"/api/points/adjustments/{id}/approve", new { }).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(15, await BalanceAsync(account));
        var approved = await (await app.ClientFor("street")).PostJson($"/api/points/adjustments/{id}/approve", new { }).Ok();
        Assert.Equal("Posted", approved.Str("status"));
        Assert.Equal(515, await BalanceAsync(account));
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(e => e.Action == "points.adjustment.approve" && e.EntityId == id.ToString())));
        // Too large a deduction is refused when posted, and the adjustment stays pending.
        var lateDeduction = await community.PostJson("/api/points/adjustments", new { accountId = account, amount = -600, reason = "扣减", idempotencyKey = Guid.NewGuid().ToString() }).Ok();
        await (await app.ClientFor("street")).PostJson($"/api/points/adjustments/{lateDeduction.GetProperty("id").GetInt64()}/approve", new { }).Problem(HttpStatusCode.Conflict);
        var lateId = lateDeduction.GetProperty("id").GetInt64();
        Assert.Equal(Gongzhi.Modules.PointsBank.Domain.AdjustmentStatus.Pending, await app.Db(db => db.PointsAdjustments.Where(a => a.Id == lateId).Select(a => a.Status).SingleAsync()));
        Assert.Equal(515, await BalanceAsync(account));
    }

    [Fact]
    public async Task A_communitys_staff_see_their_volunteers_and_stock_only_and_a_volunteer_sees_only_their_own_passbook()
    {
        var mine = await AccountWithAsync(20);
        var other = await AccountWithAsync(20, DemoCodes.OtherCommunity);
        var otherItem = await ItemAsync(5, 5, DemoCodes.OtherCommunity);
        var community = await app.ClientFor("community");
        var accounts = (await community.GetAsync("/api/points/accounts").Ok()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(mine, accounts);
        Assert.DoesNotContain(other, accounts);
        Assert.DoesNotContain(otherItem, (await community.GetAsync("/api/points/shop/items").Ok()).EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        await Redeem(community, otherItem, other).Problem(HttpStatusCode.NotFound);
        await community.GetAsync($"/api/points/passbook?accountId={other}").Problem(HttpStatusCode.NotFound);
        var passbook = await community.GetAsync($"/api/points/passbook?accountId={mine}").Ok();
        Assert.Equal(20, passbook.GetProperty("account").GetProperty("balance").GetInt64());
        // The balance alone, under the same reach.
        Assert.Equal(20, (await community.GetAsync($"/api/points/balance?accountId={mine}").Ok()).GetProperty("balance").GetInt64());
        await community.GetAsync($"/api/points/balance?accountId={other}").Problem(HttpStatusCode.NotFound);

        // The demo's volunteer account holds demo volunteer 陈晓燕's account: their own passbook, nobody else's.
        var volunteer = await app.ClientFor("volunteer");
        var own = await volunteer.GetAsync("/api/points/passbook").Ok();
        Assert.Equal("陈晓燕", own.GetProperty("account").Str("holderName"));
        var lines = own.GetProperty("lines").EnumerateArray().ToList();
        Assert.NotEmpty(lines);
        Assert.Equal(own.GetProperty("account").GetProperty("balance").GetInt64(), lines[^1].GetProperty("balanceAfter").GetInt64());
        await volunteer.GetAsync($"/api/points/passbook?accountId={mine}").Problem(HttpStatusCode.NotFound);
        var balance = await volunteer.GetAsync("/api/points/balance").Ok();
        Assert.Equal(own.GetProperty("account").GetProperty("balance").GetInt64(), balance.GetProperty("balance").GetInt64());
        Assert.Equal("陈晓燕", balance.Str("holderName"));
        await volunteer.GetAsync($"/api/points/balance?accountId={mine}").Problem(HttpStatusCode.NotFound);
        await volunteer.GetAsync("/api/points/accounts").Problem(HttpStatusCode.Forbidden);
        await (await app.ClientFor("resident")).GetAsync("/api/points/passbook").Problem(HttpStatusCode.NotFound);
        await (await app.ClientFor("resident")).GetAsync("/api/points/balance").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bank_nodes_report_adds_up_what_was_issued_spent_and_held_in_its_subtree()
    {
        await AccountWithAsync(25);
        var report = await (await app.ClientFor("community")).GetAsync($"/api/points/reports/{DemoCodes.Community}").Ok();
        var (issued, spent, held) = (report.GetProperty("issued").GetInt64(), report.GetProperty("spent").GetInt64(), report.GetProperty("volunteerBalances").GetInt64());
        Assert.True(issued >= 25);
        Assert.Equal(issued - spent, held); // double entry: every point issued is held or spent
        await (await app.ClientFor("community")).GetAsync($"/api/points/reports/{DemoCodes.OtherStreet}").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_yearly_ranking_orders_a_subtrees_volunteers_by_points_earned_net_of_reversals_and_stays_in_reach()
    {
        var (first, second) = (await LedgerTests.HolderAsync(app), await LedgerTests.HolderAsync(app));
        await LedgerTests.EarnAsync(app, second, 180);
        await LedgerTests.EarnAsync(app, first, 190);
        // An earning reversed as a mistake counts for nothing in its year.
        var corrected = await LedgerTests.HolderAsync(app);
        var mistaken = await LedgerTests.EarnAsync(app, corrected, 185);
        await LedgerTests.Ledger(app, l => l.ReverseAsync(mistaken.TransactionId, "录入错误", Guid.NewGuid().ToString(), null, "测试", default));
        var community = await app.ClientFor("community");
        var ranking = (await community.GetAsync($"/api/points/rankings/{DemoCodes.Grid1}?top=200").Ok()).EnumerateArray().ToList();
        var ids = ranking.Select(r => r.GetProperty("volunteerId").GetInt64()).ToList();
        Assert.DoesNotContain(corrected.VolunteerId, ids);
        Assert.True(ids.IndexOf(first.VolunteerId) >= 0 && ids.IndexOf(first.VolunteerId) < ids.IndexOf(second.VolunteerId));
        Assert.Equal(190, ranking.Single(r => r.GetProperty("volunteerId").GetInt64() == first.VolunteerId).GetProperty("points").GetInt64());
        Assert.Equal(Enumerable.Range(1, ranking.Count), ranking.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.True(ranking.Zip(ranking.Skip(1)).All(p => p.First.GetProperty("points").GetInt64() >= p.Second.GetProperty("points").GetInt64()));
        // Another year holds none of this year's earnings; bad input is refused; another street is out of reach.
        Assert.DoesNotContain(first.VolunteerId, (await community.GetAsync($"/api/points/rankings/{DemoCodes.Grid1}?year=2001").Ok()).EnumerateArray().Select(r => r.GetProperty("volunteerId").GetInt64()));
        await community.GetAsync($"/api/points/rankings/{DemoCodes.Grid1}?year=1999").Problem(HttpStatusCode.BadRequest);
        await community.GetAsync($"/api/points/rankings/{DemoCodes.Grid1}?top=0").Problem(HttpStatusCode.BadRequest);
        await community.GetAsync($"/api/points/rankings/{DemoCodes.OtherStreet}").Problem(HttpStatusCode.NotFound);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ShopTestsOnSqlite(SqliteApp app) : ShopTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ShopTestsOnPostgres(PostgresApp app) : ShopTests(app);
