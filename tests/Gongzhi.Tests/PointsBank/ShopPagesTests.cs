using System.Net;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Gongzhi.Tests.PointsBank.LedgerTests;

namespace Gongzhi.Tests.PointsBank;

/// <summary>
/// The points bank's pages post what the API takes: the item form and restock re-render with the input and field
/// errors; the counter hands a redemption over and marks it done; adjustments need a reason and a second person; a
/// volunteer redeems on their phone once per key (a double tap), sees and cancels only their own; a community's
/// staff see their own stock and redemptions only; the report and ranking pages add up what the ledger holds.
/// </summary>
public abstract class ShopPagesTests(GongzhiApp app)
{
    private async Task<long> ItemAsync(int price, int stock, string community = DemoCodes.Community, string? name = null) =>
        (await (await app.ClientFor("admin")).PostJson("/api/points/shop/items",
            new { areaCode = community, name = name ?? GongzhiApp.Unique("商品"), kind = "Goods", pricePoints = price, stock }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private async Task<long> AccountAsync(int points, string area = DemoCodes.Grid1, string? userId = null)
    {
        var holder = await HolderAsync(app, area, userId);
        await EarnAsync(app, holder, points);
        return await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.VolunteerId == holder.VolunteerId).Select(a => a.Id).SingleAsync());
    }

    /// <summary>A fresh volunteer account (role volunteer) holding a points account with <paramref name="points"/>.</summary>
    private async Task<(PageBrowser Browser, long Account)> VolunteerAsync(int points, string area = DemoCodes.Grid1)
    {
        var userName = GongzhiApp.Unique("shop");
        await (await app.ClientFor("admin")).PostJson("/api/users", new { userName, displayName = "兑换" + userName[^4..], password = GongzhiApp.Password, role = "volunteer" })
            .Ok(HttpStatusCode.Created);
        var userId = await app.Db(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var account = await AccountAsync(points, area, userId);
        return (await PageBrowser.SignIn(app, userName), account);
    }

    private Task<long> BalanceAsync(long account) => app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.Id == account).Select(a => a.Balance).SingleAsync());
    private Task<ShopItem> ItemRowAsync(long id) => app.Db(db => db.ShopItems.IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.Id == id));
    private Task<List<Redemption>> RedemptionsAsync(long account) =>
        app.Db(db => db.Redemptions.IgnoreQueryFilters().AsNoTracking().Where(r => r.AccountId == account).OrderBy(r => r.Id).ToListAsync());

    /// <summary>Where a redirect goes, as a local path (page forms answer absolute addresses, form endpoints local ones).</summary>
    private static string? Target(Uri? location) => location is null ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private async Task<long> ReserveAsync(long item, long account) =>
        (await (await app.ClientFor("admin")).PostJson("/api/points/redemptions", new { itemId = item, accountId = account, quantity = 1, idempotencyKey = Guid.NewGuid().ToString() })
            .Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    [Fact]
    public async Task Staff_add_an_item_on_the_form_with_errors_shown_beside_the_fields_then_edit_withdraw_and_restock_it()
    {
        var community = await PageBrowser.SignIn(app, "community");
        var name = GongzhiApp.Unique("页面商品");
        var refused = await community.PostForm("/points/shop/items/new", "item", ("Input.AreaCode", DemoCodes.Community), ("Input.Name", name), ("Input.Kind", "Goods"),
            ("Input.PricePoints", "0"), ("Input.Stock", "十"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.NotNull(PageBrowser.FieldError(html, "item-stock")); // letters in a number field are reported, not saved as 0
        Assert.Equal("十", PageBrowser.InputValue(html, "item-stock"));
        Assert.Equal(name, PageBrowser.InputValue(html, "item-name"));
        var priced = await community.PostForm("/points/shop/items/new", "item", ("Input.AreaCode", DemoCodes.Community), ("Input.Name", name), ("Input.Kind", "Service"),
            ("Input.PricePoints", "0"), ("Input.Stock", "3"));
        Assert.Equal(HttpStatusCode.BadRequest, priced.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await priced.Content.ReadAsStringAsync(), "item-pricePoints"));
        Assert.False(await app.Db(db => db.ShopItems.IgnoreQueryFilters().AnyAsync(i => i.Name == name)));

        var saved = await community.PostForm("/points/shop/items/new", "item", ("Input.AreaCode", DemoCodes.Community), ("Input.Name", name), ("Input.Kind", "Service"),
            ("Input.Description", "上门服务"), ("Input.PricePoints", "25"), ("Input.Stock", "3"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await app.Db(db => db.ShopItems.IgnoreQueryFilters().AsNoTracking().SingleAsync(i => i.Name == name));
        Assert.Equal((ShopItemKind.Service, 25, 3, true), (item.Kind, item.PricePoints, item.Stock, item.IsActive));
        var (_, list) = await community.Get($"/points/shop/items?q={Uri.EscapeDataString(name)}");
        Assert.Contains($"data-item=\"{item.Id}\"", list);
        Assert.Contains("data-stock=\"3\"", list);
        var (_, none) = await community.Get($"/points/shop/items?q={Uri.EscapeDataString(GongzhiApp.Unique("无此商品"))}");
        Assert.Contains("id=\"items-empty\"", none);

        // Edit: a new price, withdrawn from the shop; restock refuses 0 beside the field and adds 5.
        var edit = $"/points/shop/items/{item.Id}/edit";
        Assert.Equal(HttpStatusCode.Redirect, (await community.PostForm(edit, "item", ("Input.Name", name), ("Input.Kind", "Service"), ("Input.PricePoints", "30"))).StatusCode);
        Assert.Equal((30, false), ((await ItemRowAsync(item.Id)).PricePoints, (await ItemRowAsync(item.Id)).IsActive));
        var noAdd = await community.PostForm(edit, "restock", ("Add.Add", "0"));
        Assert.Equal(HttpStatusCode.BadRequest, noAdd.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await noAdd.Content.ReadAsStringAsync(), "restock-add"));
        Assert.Equal(HttpStatusCode.Redirect, (await community.PostForm(edit, "restock", ("Add.Add", "5"))).StatusCode);
        Assert.Equal(8, (await ItemRowAsync(item.Id)).Stock);
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(e => e.Action == "points.item.update" && e.EntityId == item.Id.ToString())));
    }

    [Fact]
    public async Task A_communitys_staff_see_only_their_savings_offices_stock_and_redemptions()
    {
        var otherName = GongzhiApp.Unique("别处商品");
        var other = await ItemAsync(10, 5, DemoCodes.OtherCommunity, otherName);
        var otherRedemption = await ReserveAsync(other, await AccountAsync(50, DemoCodes.OtherCommunity));
        var mine = await ReserveAsync(await ItemAsync(10, 5), await AccountAsync(50));
        var community = await PageBrowser.SignIn(app, "community");
        var (_, list) = await community.Get($"/points/shop/items?q={Uri.EscapeDataString(otherName)}");
        Assert.DoesNotContain($"data-item=\"{other}\"", list);
        Assert.Equal(HttpStatusCode.NotFound, (await community.Get($"/points/shop/items/{other}/edit")).Status);
        var (_, queue) = await community.Get($"/points/redemptions?status=Reserved&q={Uri.EscapeDataString(otherName)}");
        Assert.DoesNotContain($"data-redemption=\"{otherRedemption}\"", queue);
        Assert.Contains("id=\"redemptions-empty\"", queue);
        Assert.Equal(0, (await (await app.ClientFor("community")).GetAsync($"/api/points/counter?q={Uri.EscapeDataString(otherName)}").Ok()).GetProperty("total").GetInt32());
        Assert.Equal(1, (await (await app.ClientFor("street")).GetAsync($"/api/points/counter?q={Uri.EscapeDataString(otherName)}").Ok()).GetProperty("total").GetInt32());
        // A button posted for a redemption out of reach changes nothing.
        var refused = await community.PostEndpoint("/points/redemptions", $"/forms/points/redemptions/{otherRedemption}/handover", ("back", "/points/redemptions"));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(RedemptionStatus.Reserved, await app.Db(db => db.Redemptions.IgnoreQueryFilters().Where(r => r.Id == otherRedemption).Select(r => r.Status).SingleAsync()));
        Assert.NotEqual(RedemptionStatus.HandedOver, await app.Db(db => db.Redemptions.IgnoreQueryFilters().Where(r => r.Id == mine).Select(r => r.Status).SingleAsync()));
        // The street above both sees both.
        var (_, street) = await (await PageBrowser.SignIn(app, "street")).Get($"/points/shop/items?q={Uri.EscapeDataString(otherName)}");
        Assert.Contains($"data-item=\"{other}\"", street);
    }

    [Fact]
    public async Task The_counter_hands_a_redemption_over_and_marks_it_done_and_a_cancel_returns_points_and_stock()
    {
        var itemName = GongzhiApp.Unique("柜台");
        var item = await ItemAsync(20, 4, name: itemName);
        var account = await AccountAsync(100);
        var first = await ReserveAsync(item, account);
        var second = await ReserveAsync(item, account);
        var community = await PageBrowser.SignIn(app, "community");
        var (_, queue) = await community.Get($"/points/redemptions?q={Uri.EscapeDataString(itemName)}");
        Assert.Contains($"data-redemption=\"{first}\"", queue);
        Assert.Contains($"action=\"/forms/points/redemptions/{first}/handover\"", queue);
        Assert.Contains("<details", queue); // each action sits behind its confirmation

        var handed = await community.PostEndpoint("/points/redemptions", $"/forms/points/redemptions/{first}/handover", ("back", "/points/redemptions?status=Reserved"));
        Assert.Equal("/points/redemptions?status=Reserved", Target(handed.Headers.Location));
        var (_, handedList) = await community.Get($"/points/redemptions?status=HandedOver&q={Uri.EscapeDataString(itemName)}");
        Assert.Contains($"action=\"/forms/points/redemptions/{first}/done\"", handedList);
        await community.PostEndpoint("/points/redemptions", $"/forms/points/redemptions/{first}/done", ("back", "https://elsewhere.example/"));
        var rows = await RedemptionsAsync(account);
        Assert.Equal(RedemptionStatus.Done, rows.Single(r => r.Id == first).Status);

        Assert.Equal(60, await BalanceAsync(account));
        var cancelled = await community.PostEndpoint("/points/redemptions", $"/forms/points/redemptions/{second}/cancel", ("back", "/points/redemptions"));
        Assert.Equal("/points/redemptions", Target(cancelled.Headers.Location));
        Assert.Equal(RedemptionStatus.Cancelled, (await RedemptionsAsync(account)).Single(r => r.Id == second).Status);
        Assert.Equal(80, await BalanceAsync(account));
        Assert.Equal(3, (await ItemRowAsync(item)).Stock);
        // Done cannot be cancelled: the button answers with the reason and nothing changes.
        await community.PostEndpoint("/points/redemptions", $"/forms/points/redemptions/{first}/cancel", ("back", "/points/redemptions"));
        Assert.Equal(80, await BalanceAsync(account));
    }

    [Fact]
    public async Task An_adjustment_form_without_a_reason_is_shown_again_and_a_large_one_waits_for_a_second_person()
    {
        var account = await AccountAsync(10);
        var community = await PageBrowser.SignIn(app, "community");
        var page = $"/points/adjustments?account={account}";
        var (_, form) = await community.Get(page);
        var key = System.Text.RegularExpressions.Regex.Match(form, "name=\"Input.IdempotencyKey\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(key);
        var refused = await community.PostForm(page, "adjustment", ("Input.AccountId", account.ToString()), ("Input.Amount", "20"), ("Input.Reason", " "), ("Input.IdempotencyKey", key));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.NotNull(PageBrowser.FieldError(html, "adjustment-reason"));
        Assert.Equal("20", PageBrowser.InputValue(html, "adjustment-amount"));
        Assert.Contains($"value=\"{key}\"", html); // the same key travels on, so a retry is still one adjustment
        var unknown = await community.PostForm(page, "adjustment", ("Input.AccountId", "987654321"), ("Input.Amount", "20"), ("Input.Reason", "补录"), ("Input.IdempotencyKey", key));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await unknown.Content.ReadAsStringAsync(), "adjustment-accountId"));
        Assert.Equal(10, await BalanceAsync(account));

        Assert.Equal(HttpStatusCode.Redirect, (await community.PostForm(page, "adjustment", ("Input.AccountId", account.ToString()), ("Input.Amount", "20"),
            ("Input.Reason", "补录活动积分"), ("Input.IdempotencyKey", key))).StatusCode);
        // Sent again with the same key (a double tap): still one adjustment.
        await community.PostForm(page, "adjustment", ("Input.AccountId", account.ToString()), ("Input.Amount", "20"), ("Input.Reason", "补录活动积分"), ("Input.IdempotencyKey", key));
        Assert.Equal(30, await BalanceAsync(account));

        var big = await community.PostForm(page, "adjustment", ("Input.AccountId", account.ToString()), ("Input.Amount", "300"), ("Input.Reason", "服务之星奖励"),
            ("Input.IdempotencyKey", Guid.NewGuid().ToString("N")));
        Assert.Equal("/points/adjustments?status=Pending", Target(big.Headers.Location));
        var pending = await app.Db(db => db.PointsAdjustments.Where(a => a.AccountId == account && a.Status == AdjustmentStatus.Pending).Select(a => a.Id).SingleAsync());
        var (_, own) = await community.Get("/points/adjustments?status=Pending");
        Assert.Contains($"data-adjustment=\"{pending}\"", own);
        Assert.DoesNotContain($"/forms/points/adjustments/{pending}/approve", own); // the requester has no approve button
        await community.PostEndpoint("/points/adjustments", $"/forms/points/adjustments/{pending}/approve", ("back", "/points/adjustments"));
        Assert.Equal(30, await BalanceAsync(account));

        var street = await PageBrowser.SignIn(app, "street");
        var (_, approvals) = await street.Get("/points/adjustments");
        Assert.Contains($"/forms/points/adjustments/{pending}/approve", approvals);
        await street.PostEndpoint("/points/adjustments", $"/forms/points/adjustments/{pending}/approve", ("back", "/points/adjustments"));
        Assert.Equal(330, await BalanceAsync(account));
        Assert.Equal(AdjustmentStatus.Posted, await app.Db(db => db.PointsAdjustments.Where(a => a.Id == pending).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_volunteer_redeems_on_the_phone_page_once_per_key_sees_only_their_own_and_cancels_a_reserved_one()
    {
        var itemName = GongzhiApp.Unique("大米");
        var item = await ItemAsync(30, 5, name: itemName);
        var elsewhere = await ItemAsync(5, 5, DemoCodes.OtherCommunity);
        var (volunteer, account) = await VolunteerAsync(100);
        var (_, shop) = await volunteer.Get("/points/shop");
        Assert.Contains("id=\"shop-balance\">100<", shop);
        Assert.Contains($"href=\"/points/shop/{item}\"", shop);
        Assert.DoesNotContain($"href=\"/points/shop/{elsewhere}\"", shop);
        Assert.Equal(HttpStatusCode.NotFound, (await volunteer.Get($"/points/shop/{elsewhere}")).Status);
        Assert.Contains("href=\"/points/shop\"", (await volunteer.Get("/points/me")).Html); // from the passbook

        var url = $"/points/shop/{item}";
        var (_, detail) = await volunteer.Get(url);
        var key = System.Text.RegularExpressions.Regex.Match(detail, "name=\"Input.IdempotencyKey\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(key);
        var zero = await volunteer.PostForm(url, "redeem", ("Input.Quantity", "0"), ("Input.IdempotencyKey", key));
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await zero.Content.ReadAsStringAsync(), "redeem-quantity"));
        var tooMany = await volunteer.PostForm(url, "redeem", ("Input.Quantity", "4"), ("Input.IdempotencyKey", key));
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        Assert.Contains("id=\"redeem-summary\"", await tooMany.Content.ReadAsStringAsync());
        Assert.Empty(await RedemptionsAsync(account));

        // A double tap: the same form posted twice with its key is one redemption.
        var first = await volunteer.PostForm(url, "redeem", ("Input.Quantity", "2"), ("Input.IdempotencyKey", key));
        var second = await volunteer.PostForm(url, "redeem", ("Input.Quantity", "2"), ("Input.IdempotencyKey", key));
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        var redemption = Assert.Single(await RedemptionsAsync(account));
        Assert.Equal((2, 60, RedemptionStatus.Reserved), (redemption.Quantity, redemption.Points, redemption.Status));
        Assert.Equal(40, await BalanceAsync(account));
        Assert.Equal(3, (await ItemRowAsync(item)).Stock);
        var (_, mine) = await volunteer.Get("/points/shop");
        Assert.Contains($"data-redemption=\"{redemption.Id}\"", mine);
        Assert.Contains($"action=\"/forms/points/redemptions/{redemption.Id}/cancel\"", mine);

        // Someone else sees none of it and cannot cancel it.
        var (stranger, _) = await VolunteerAsync(5);
        Assert.DoesNotContain($"data-redemption=\"{redemption.Id}\"", (await stranger.Get("/points/shop")).Html);
        await stranger.PostEndpoint("/points/shop", $"/forms/points/redemptions/{redemption.Id}/cancel", ("back", "/points/shop"));
        Assert.Equal(RedemptionStatus.Reserved, (await RedemptionsAsync(account)).Single().Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.Client.GetAsync("/api/points/counter")).StatusCode);

        var cancel = await volunteer.PostEndpoint("/points/shop", $"/forms/points/redemptions/{redemption.Id}/cancel", ("back", "/points/shop"));
        Assert.Equal("/points/shop", Target(cancel.Headers.Location));
        Assert.Equal(RedemptionStatus.Cancelled, (await RedemptionsAsync(account)).Single().Status);
        Assert.Equal(100, await BalanceAsync(account));
        Assert.Equal(5, (await ItemRowAsync(item)).Stock);
    }

    [Fact]
    public async Task The_report_page_adds_up_the_year_and_the_rankings_pages_stay_in_reach()
    {
        var item = await ItemAsync(15, 10);
        var grid = (await app.Given.GridAsync()).Str("code");
        var account = await AccountAsync(45, grid);
        await ReserveAsync(item, account);
        var api = await app.ClientFor("community");
        var year = await api.GetAsync($"/api/points/reports/{DemoCodes.Community}/months").Ok();
        var months = year.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(12, months.Count);
        Assert.Equal(year.GetProperty("issued").GetInt64(), months.Sum(m => m.GetProperty("issued").GetInt64()));
        Assert.Equal(year.GetProperty("spent").GetInt64(), months.Sum(m => m.GetProperty("spent").GetInt64()));
        Assert.True(year.GetProperty("issued").GetInt64() >= 45);
        Assert.True(year.GetProperty("spent").GetInt64() >= 15);
        Assert.True(year.GetProperty("redemptions").GetInt32() >= 1);
        // The whole year is this year's: the all-time report is no smaller, and another year holds none of it.
        var allTime = await api.GetAsync($"/api/points/reports/{DemoCodes.Community}").Ok();
        Assert.True(allTime.GetProperty("issued").GetInt64() >= year.GetProperty("issued").GetInt64());
        Assert.Equal(0, (await api.GetAsync($"/api/points/reports/{DemoCodes.Community}/months?year=2001").Ok()).GetProperty("issued").GetInt64());

        var community = await PageBrowser.SignIn(app, "community");
        var (status, page) = await community.Get($"/points/reports/{DemoCodes.Community}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"report-issued\">{year.GetProperty("issued").GetInt64()}<", page);
        Assert.Contains("id=\"report-chart\"", page);
        Assert.Equal(HttpStatusCode.NotFound, (await community.Get($"/points/reports/{DemoCodes.OtherStreet}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await community.Get("/points/reports")).Status);

        var (_, ranking) = await community.Get($"/points/rankings?area={grid}");
        Assert.Contains($"data-account=\"{account}\"", ranking);
        Assert.Equal(HttpStatusCode.NotFound, (await community.Get($"/points/rankings?area={DemoCodes.OtherStreet}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await community.Get($"/volunteers/rankings?area={DemoCodes.Community}&by=activities")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await community.Get($"/volunteers/rankings?area={DemoCodes.OtherStreet}")).Status);

        // The home page counts what waits at the counter.
        var (_, home) = await community.Get("/");
        Assert.Contains("id=\"counter-waiting\"", home);
    }

    [Fact]
    public async Task A_photo_upload_is_checked_by_content_and_size_stored_as_a_small_jpeg_and_shown_only_where_the_item_is()
    {
        var item = await ItemAsync(10, 5);
        var community = await PageBrowser.SignIn(app, "community");
        var edit = $"/points/shop/items/{item}/edit";
        async Task<HttpResponseMessage> Upload(byte[] bytes, string name)
        {
            var (_, page) = await community.Get(edit);
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(PageBrowser.Token(page)), "__RequestVerificationToken");
            form.Add(new ByteArrayContent(bytes), "photo", name);
            return await community.Client.PostAsync($"/forms/points/items/{item}/photo", form);
        }

        // Not an image (whatever its name says), and too large: refused, nothing stored.
        Assert.Equal(HttpStatusCode.Redirect, (await Upload("<svg onload=alert(1)>"u8.ToArray(), "photo.png")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Upload(new byte[2 * 1024 * 1024 + 10], "big.jpg")).StatusCode);
        Assert.Null((await ItemRowAsync(item)).PhotoUrl);
        Assert.False(await app.Db(db => db.ShopItemPhotos.AnyAsync(p => p.ItemId == item)));

        using (var bitmap = new SkiaSharp.SKBitmap(1600, 400))
        {
            using (var canvas = new SkiaSharp.SKCanvas(bitmap)) canvas.Clear(SkiaSharp.SKColors.OrangeRed);
            using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            var stored = await Upload(png.ToArray(), "rice.png");
            Assert.Equal($"/points/shop/items/{item}/edit", Target(stored.Headers.Location));
        }
        var url = (await ItemRowAsync(item)).PhotoUrl;
        Assert.StartsWith($"/api/points/shop/items/{item}/photo", url);
        var served = await community.Client.GetAsync(url);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        using (var decoded = SkiaSharp.SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync()))
            Assert.Equal((800, 200), (decoded.Width, decoded.Height));
        Assert.Contains(url!, (await community.Get(edit)).Html);

        // A volunteer of this savings office sees it; one of another office does not.
        var (here, _) = await VolunteerAsync(5);
        Assert.Equal(HttpStatusCode.OK, (await here.Client.GetAsync(url)).StatusCode);
        Assert.Contains(url!, (await here.Get("/points/shop")).Html.Replace("&amp;", "&"));
        var (there, _) = await VolunteerAsync(5, DemoCodes.OtherCommunity);
        Assert.Equal(HttpStatusCode.NotFound, (await there.Client.GetAsync(url)).StatusCode);

        await community.PostEndpoint(edit, $"/forms/points/items/{item}/photo/delete");
        Assert.Null((await ItemRowAsync(item)).PhotoUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await community.Client.GetAsync(url)).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ShopPagesTestsOnSqlite(SqliteApp app) : ShopPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ShopPagesTestsOnPostgres(PostgresApp app) : ShopPagesTests(app);
