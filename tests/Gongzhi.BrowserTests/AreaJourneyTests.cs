using Microsoft.Playwright;
using Xunit;

namespace Gongzhi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AreaJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Community_worker_browses_to_a_building_sees_units_and_households_and_switches_language()
    {
        var page = await app.SignedInPage("community");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("我的区域", await page.InnerTextAsync("main"));

        // Home → 南门社区 → 第一网格 → 玉苑小区 → 12号楼, by clicking as a person would.
        await page.ClickAsync("a.card:has-text('南门社区')");
        await page.ClickAsync("#children-table a:text-is('第一网格')");
        await page.ClickAsync("#children-table a:text-is('玉苑小区')");
        await page.ClickAsync("#children-table a:text-is('12号楼')");
        Assert.Equal("12号楼", await page.InnerTextAsync("#node-name"));
        var units = await page.Locator("#children-table tbody tr").AllInnerTextsAsync();
        Assert.Contains(units, u => u.Contains("1单元"));
        Assert.True(units.Count >= 2);
        Assert.True(await page.Locator("#households-table tbody tr").CountAsync() > 0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "building-zh.png"), FullPage = true });

        // Open a household from the building.
        await page.ClickAsync("#households-table tbody tr:first-child a");
        Assert.StartsWith("玉苑小区12号楼", await page.InnerTextAsync("#household-address"));

        // Switch to English; the choice sticks to the account.
        await page.ClickAsync("#culture-switch button");
        Assert.Equal("en-US", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Members", await page.InnerTextAsync("main"));
        await page.GotoAsync(app.BaseUrl + "/areas");
        Assert.Contains("Area tree", await page.InnerTextAsync("h1"));
        await page.ClickAsync("#culture-switch button");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task Community_worker_adds_a_building_and_sees_a_clear_error_for_a_duplicate()
    {
        var page = await app.SignedInPage("community");
        await page.GotoAsync(app.BaseUrl + "/areas/370811012007-W01-X01");
        var name = "测试楼" + Guid.NewGuid().ToString("N")[..4];
        await page.SelectOptionAsync("#area-child-level", "Building");
        await page.FillAsync("#area-child-name", name);
        await page.FillAsync("#area-child-floors", "6");
        await page.ClickAsync("#create-child button[type=submit]");
        Assert.Equal(name, await page.InnerTextAsync("#node-name"));
        Assert.Contains("已创建", await page.InnerTextAsync(".alert-success"));

        await page.GotoAsync(app.BaseUrl + "/areas/370811012007-W01-X01");
        await page.SelectOptionAsync("#area-child-level", "Building");
        await page.FillAsync("#area-child-name", name);
        await page.ClickAsync("#create-child button[type=submit]");
        // Refused: the page comes back with the form as typed and the problem beside it.
        Assert.Contains($"已有名为“{name}”", await page.InnerTextAsync("#create-child"));
        Assert.Equal(name, await page.InputValueAsync("#area-child-name"));
    }

    [Fact]
    public async Task Grid_worker_on_a_phone_sees_only_their_grid()
    {
        var page = await app.SignedInPage("grid1", new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var cards = await page.Locator("a.card").AllInnerTextsAsync();
        Assert.Single(cards);
        Assert.Contains("第一网格", cards[0]);
        await page.ClickAsync("a.card");
        await page.FillAsync("input[name=q]", "玉苑");
        await page.WaitForSelectorAsync("#children-table a:text-is('玉苑小区')");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "grid-phone.png"), FullPage = true });
        var response = await page.GotoAsync(app.BaseUrl + "/areas/370811012007-W02");
        Assert.Equal(404, response!.Status);
    }
}
