using Gongzhi.Infrastructure.Spreadsheets;
using Microsoft.Playwright;
using Xunit;

namespace Gongzhi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PolicyJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Community_worker_opens_the_not_enrolled_list_of_the_old_age_allowance_and_exports_it()
    {
        var page = await app.SignedInPage("community", new() { Locale = "zh-CN" });
        await page.GotoAsync(app.BaseUrl + "/");
        await page.ClickAsync("nav a[href='/policies']");
        await page.ClickAsync("#policies a:text-is('高龄津贴')");
        await page.WaitForSelectorAsync("#policy-lists");
        // The list a policy opens on is whom it must still find: qualifies, not yet enrolled.
        Assert.Contains("active", await page.Locator("#policy-lists a[data-list='not-enrolled']").GetAttributeAsync("class") ?? "");
        var rows = await page.Locator("#policy-residents tbody tr").CountAsync();
        Assert.True(rows > 0, "the demo's community has elderly not yet enrolled");
        Assert.All(await page.Locator("#policy-residents tbody tr td:nth-child(4)").AllInnerTextsAsync(), id => Assert.Contains("****", id));
        var badge = await page.InnerTextAsync("#policy-lists a[data-list='not-enrolled'] .badge");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "policy-not-enrolled.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-list"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        var sheet = Xlsx.ReadRows(path).ToList();
        Assert.Equal(int.Parse(badge) + 1, sheet.Count); // a header and every row of the list, not only the page
        Assert.Contains("已脱敏", sheet[0][4]);
        Assert.All(sheet.Skip(1), r => Assert.Contains("****", r[4]));
    }

    [Fact]
    public async Task The_editor_previews_the_count_as_the_rule_is_typed_and_points_at_an_error()
    {
        var page = await app.SignedInPage("community", new() { Locale = "zh-CN" });
        await page.GotoAsync(app.BaseUrl + "/policies/new");
        await page.FillAsync("#policy-rule", "年龄 >= 80 且 户籍类型 = 户籍");
        await page.WaitForSelectorAsync("#preview-count");
        Assert.Matches(@"有 \d+ 位居民符合条件", await page.InnerTextAsync("#preview-count"));
        await page.FillAsync("#policy-rule", "年龄 >= abc");
        await page.WaitForSelectorAsync("#preview-error");
        Assert.Contains("第 6 个字符", await page.InnerTextAsync("#preview-error"));
    }
}
