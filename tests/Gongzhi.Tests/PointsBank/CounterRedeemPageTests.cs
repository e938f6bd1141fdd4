using System.Net;
using System.Text.RegularExpressions;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Gongzhi.Tests.PointsBank.LedgerTests;

namespace Gongzhi.Tests.PointsBank;

/// <summary>
/// Staff redeem for a volunteer at the counter (代兑换, <c>/points/redemptions/new</c>): found by name with the phone
/// masked, one redemption and one ledger transaction per opened form however often it is posted, refusals (too few
/// points, out of stock, no item) shown again beside the field with the input and nothing written, and a volunteer
/// outside the staff member's subtree not found (404) with nothing written.
/// </summary>
public abstract class CounterRedeemPageTests(GongzhiApp app)
{
    private const string Page = "/points/redemptions/new";

    private async Task<long> ItemAsync(int price, int stock, string community = DemoCodes.Community) =>
        (await (await app.ClientFor("admin")).PostJson("/api/points/shop/items",
            new { areaCode = community, name = GongzhiApp.Unique("柜台商品"), kind = "Goods", pricePoints = price, stock }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private async Task<(long Account, string Name)> AccountAsync(int points, string area = DemoCodes.Grid1)
    {
        var holder = await HolderAsync(app, area);
        await EarnAsync(app, holder, points);
        return (await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.VolunteerId == holder.VolunteerId).Select(a => a.Id).SingleAsync()), holder.Name);
    }

    private Task<long> BalanceAsync(long account) => app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Id == account).Select(a => a.Balance).SingleAsync());
    private Task<int> StockAsync(long item) => app.Db(db => db.ShopItems.IgnoreQueryFilters().Where(i => i.Id == item).Select(i => i.Stock).SingleAsync());
    private Task<List<Redemption>> RedemptionsAsync(long account) =>
        app.Db(db => db.Redemptions.IgnoreQueryFilters().AsNoTracking().Where(r => r.AccountId == account).ToListAsync());
    private Task<int> TransactionsAsync(long account) =>
        app.Db(db => db.PointsMovements.Where(m => m.AccountId == account).Select(m => m.TransactionId).Distinct().CountAsync());

    private static string Key(string html)
    {
        var key = Regex.Match(html, "name=\"Input.IdempotencyKey\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(key);
        return key;
    }

    private static (string, string)[] Fields(long? item, string quantity, string key) =>
        [("Input.ItemId", item?.ToString() ?? ""), ("Input.Quantity", quantity), ("Input.IdempotencyKey", key)];

    [Fact]
    public async Task Staff_find_a_volunteer_by_name_and_a_form_posted_twice_makes_one_redemption_and_one_transaction()
    {
        var item = await ItemAsync(price: 20, stock: 5);
        var (account, name) = await AccountAsync(100);
        var staff = await PageBrowser.SignIn(app, "community");
        var (_, queue) = await staff.Get("/points/redemptions");
        Assert.Contains($"href=\"{Page}\"", queue);
        Assert.Contains("代兑换", queue);

        var (_, found) = await staff.Get($"{Page}?q={Uri.EscapeDataString(name)}");
        Assert.True(found.Contains($"data-account=\"{account}\""), string.Join("\n", app.ServerErrors));
        Assert.Contains($"href=\"{Page}?account={account}\"", found);
        var (_, nobody) = await staff.Get($"{Page}?q={Uri.EscapeDataString(GongzhiApp.Unique("无此人"))}");
        Assert.Contains("id=\"counter-none\"", nobody);

        var url = $"{Page}?account={account}";
        var (status, form) = await staff.Get(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"counter-balance\">100<", form);
        Assert.Contains($"<option value=\"{item}\"", form);
        var key = Key(form);
        var transactionsBefore = await TransactionsAsync(account);

        var first = await staff.PostForm(url, "counter", Fields(item, "2", key));
        var second = await staff.PostForm(url, "counter", Fields(item, "2", key));
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.StartsWith("/points/redemptions?status=Reserved", first.Headers.Location!.IsAbsoluteUri ? first.Headers.Location.PathAndQuery : first.Headers.Location.OriginalString);
        var redemption = Assert.Single(await RedemptionsAsync(account));
        Assert.Equal((2, 40, RedemptionStatus.Reserved), (redemption.Quantity, redemption.Points, redemption.Status));
        Assert.Equal(transactionsBefore + 1, await TransactionsAsync(account));
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == "redeem:" + key)));
        Assert.Equal(0, await app.Db(db => db.PointsMovements.Where(m => m.TransactionId == redemption.TransactionId).SumAsync(m => m.Amount)));
        Assert.Equal(60, await BalanceAsync(account));
        Assert.Equal(3, await StockAsync(item));
        // The counter's queue shows it waiting to be handed over.
        Assert.Contains($"data-redemption=\"{redemption.Id}\"", (await staff.Get("/points/redemptions?status=Reserved&q=" + Uri.EscapeDataString(redemption.ItemName))).Html);
    }

    [Fact]
    public async Task A_volunteer_who_is_a_resident_is_shown_with_the_phone_masked_only()
    {
        // A demo volunteer of the community who is a resident with a phone and holds a points account.
        var holder = await app.Db(db => (from a in db.PointsAccounts.IgnoreQueryFilters()
                                          join v in db.Volunteers.IgnoreQueryFilters() on a.VolunteerId equals v.Id
                                          join r in db.Residents.IgnoreQueryFilters() on v.ResidentId equals r.Id
                                          where r.PhoneMasked != null && a.AreaPath.Contains("/" + DemoCodes.Community + "/")
                                          select new { a.Id, a.HolderName, r.PhoneMasked }).FirstOrDefaultAsync());
        Assert.NotNull(holder);
        var staff = await PageBrowser.SignIn(app, "community");
        var (_, found) = await staff.Get($"{Page}?q={Uri.EscapeDataString(holder.HolderName!)}");
        Assert.Contains(holder.PhoneMasked!, found);
        Assert.Contains("*", holder.PhoneMasked);
        Assert.DoesNotMatch(new Regex(@"(?<!\d)1[3-9]\d{9}(?!\d)"), found); // no phone in clear
        var (_, chosen) = await staff.Get($"{Page}?account={holder.Id}");
        Assert.Contains(holder.PhoneMasked!, chosen);
        Assert.DoesNotMatch(new Regex(@"(?<!\d)1[3-9]\d{9}(?!\d)"), chosen);
    }

    [Fact]
    public async Task Refusals_show_the_form_again_with_the_input_and_the_error_beside_the_field_and_write_nothing()
    {
        var dear = await ItemAsync(price: 40, stock: 5);
        var last = await ItemAsync(price: 5, stock: 1);
        var (account, _) = await AccountAsync(30);
        var staff = await PageBrowser.SignIn(app, "community");
        var url = $"{Page}?account={account}";
        var key = Key((await staff.Get(url)).Html);

        var tooFewPoints = await staff.PostForm(url, "counter", Fields(dear, "1", key));
        Assert.Equal(HttpStatusCode.Conflict, tooFewPoints.StatusCode);
        var html = await tooFewPoints.Content.ReadAsStringAsync();
        Assert.Contains("积分不足", PageBrowser.FieldError(html, "counter-quantity"));
        Assert.Matches($"<option value=\"{dear}\" selected", html);
        Assert.Equal("1", PageBrowser.InputValue(html, "counter-quantity"));
        Assert.Contains($"value=\"{key}\"", html); // the same key travels on: a retry is still one redemption

        var outOfStock = await staff.PostForm(url, "counter", Fields(last, "2", key));
        Assert.Equal(HttpStatusCode.Conflict, outOfStock.StatusCode);
        html = await outOfStock.Content.ReadAsStringAsync();
        Assert.Contains("库存", PageBrowser.FieldError(html, "counter-itemId"));
        Assert.Matches($"<option value=\"{last}\" selected", html);
        Assert.Equal("2", PageBrowser.InputValue(html, "counter-quantity"));

        var noItem = await staff.PostForm(url, "counter", Fields(null, "1", key));
        Assert.Equal(HttpStatusCode.BadRequest, noItem.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await noItem.Content.ReadAsStringAsync(), "counter-itemId"));
        var letters = await staff.PostForm(url, "counter", Fields(last, "两", key));
        Assert.Equal(HttpStatusCode.BadRequest, letters.StatusCode);
        Assert.Equal("两", PageBrowser.InputValue(await letters.Content.ReadAsStringAsync(), "counter-quantity"));

        Assert.Empty(await RedemptionsAsync(account));
        Assert.Equal(30, await BalanceAsync(account));
        Assert.Equal((5, 1), (await StockAsync(dear), await StockAsync(last)));
        Assert.Equal(0, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == "redeem:" + key)));

        // Fixed, with the same key: one redemption.
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostForm(url, "counter", Fields(last, "1", key))).StatusCode);
        Assert.Single(await RedemptionsAsync(account));
        Assert.Equal((25, 0), (await BalanceAsync(account), await StockAsync(last)));
        // The last one gone, it is listed as out of stock and cannot be chosen.
        Assert.Matches($"<option value=\"{last}\" disabled", (await staff.Get(url)).Html);
    }

    [Fact]
    public async Task Staff_outside_the_volunteers_subtree_get_404_and_nothing_is_written()
    {
        var item = await ItemAsync(price: 10, stock: 5, DemoCodes.OtherCommunity);
        var (account, name) = await AccountAsync(50, DemoCodes.OtherCommunity);
        var staff = await PageBrowser.SignIn(app, "community");
        var url = $"{Page}?account={account}";
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Get(url)).Status);
        var (_, search) = await staff.Get($"{Page}?q={Uri.EscapeDataString(name)}");
        Assert.DoesNotContain($"data-account=\"{account}\"", search);
        Assert.Contains("id=\"counter-none\"", search);

        // A post made by hand (the form was never shown) with a valid token.
        var (_, other) = await staff.Get(Page);
        var posted = await staff.Client.PostAsync(url, PageBrowser.Form([("_handler", "counter"), ("__RequestVerificationToken", PageBrowser.Token(other)),
            .. Fields(item, "1", Guid.NewGuid().ToString("N"))]));
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Empty(await RedemptionsAsync(account));
        Assert.Equal(50, await BalanceAsync(account));
        Assert.Equal(5, await StockAsync(item));

        // The street above both communities reaches the volunteer; a volunteer reaches no counter.
        Assert.Equal(HttpStatusCode.OK, (await (await PageBrowser.SignIn(app, "street")).Get(url)).Status);
        var volunteer = await PageBrowser.SignIn(app, "volunteer");
        Assert.NotEqual(HttpStatusCode.OK, (await volunteer.Get(url)).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CounterRedeemPageTestsOnSqlite(SqliteApp app) : CounterRedeemPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CounterRedeemPageTestsOnPostgres(PostgresApp app) : CounterRedeemPageTests(app);
