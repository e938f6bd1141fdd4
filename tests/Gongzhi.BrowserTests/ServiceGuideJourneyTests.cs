using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

/// <summary>
/// The service guide on a phone: a resident, without an account, browses by life event to 高龄津贴申请 and reads its
/// materials; a community worker records a window application with a material missing and opens the one-time list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServiceGuideJourneyTests(BrowserApp app)
{
    private static readonly BrowserNewPageOptions Phone = new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    [Fact]
    public async Task A_resident_browses_the_guide_on_a_phone_to_the_elderly_allowance_and_sees_its_materials()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync($"{app.BaseUrl}/guide");
        await page.Locator("#life-events").GetByText("养老", new() { Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/guide\\?event=elderly$")); // the address, not a load event (an in-page navigation may fire none)
        await page.Locator("#guide-results").GetByText("高龄津贴申请").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/guide/matters/\\d+$"));
        await Expect(page.Locator("#matter-name")).ToHaveTextAsync("高龄津贴申请");
        await Expect(page.Locator("#materials")).ToContainTextAsync("居民户口簿");
        await Expect(page.Locator("#materials")).ToContainTextAsync("社会保障卡");
        // Phone-first: nothing wider than the screen.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "guide-matter-phone.png"), FullPage = true });

        // The same search by the words a resident uses.
        await page.GotoAsync($"{app.BaseUrl}/guide");
        await page.FillAsync("#guide-search input[name=q]", "老人补贴");
        await page.Locator("#guide-search button").ClickAsync();
        await Expect(page.Locator("#guide-results")).ToContainTextAsync("高龄津贴申请");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_community_worker_records_a_window_application_with_a_missing_material_and_prints_the_one_time_list()
    {
        var resident = await app.Services.AsSystemAsync(sp => sp.GetRequiredService<GongzhiDb>().Residents
            .Where(r => r.HouseholdId != null && r.AreaPath.Contains("/370811012007/") && r.Status == Gongzhi.Modules.Registry.Domain.ResidentStatus.Active)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Name }).FirstAsync());
        var worker = await app.SignedInPage("community", Phone);
        await worker.GotoAsync($"{app.BaseUrl}/window/new?resident={resident.Id}");
        await worker.Locator("#matter").SelectOptionAsync(new SelectOptionValue { Label = "高龄津贴申请（兖州区民政局）" });
        await worker.Locator("#choose-matter button").ClickAsync();
        await Expect(worker.Locator("#checklist")).ToContainTextAsync("居民户口簿");
        await Expect(worker.Locator("#application-form")).ToContainTextAsync(resident.Name);
        await worker.Locator("#checklist").GetByLabel(new Regex("^居民户口簿")).UncheckAsync();
        await worker.FillAsync("input[name='Input.ProxyName']", "网格员小王");
        await worker.GetByRole(AriaRole.Button, new() { Name = "确认受理" }).ClickAsync();
        await Expect(worker).ToHaveURLAsync(new Regex("/window/\\d+$"));
        await Expect(worker.Locator("#status")).ToHaveTextAsync("已受理");
        await Expect(worker.Locator("#checklist")).ToContainTextAsync("✘ 居民户口簿");

        await worker.Locator("#notice-link").ClickAsync();
        await Expect(worker).ToHaveURLAsync(new Regex("/window/\\d+/notice$"));
        await Expect(worker.Locator("#notice h1")).ToHaveTextAsync("一次性告知单");
        await Expect(worker.Locator("#missing-materials")).ToContainTextAsync("居民户口簿");
        await Expect(worker.Locator("#missing-materials")).Not.ToContainTextAsync("社会保障卡");
        // Printed on A4, the sheet alone.
        await worker.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await worker.Locator("nav.gz-nav").IsVisibleAsync());
        await worker.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "window-one-time-list.png"), FullPage = true });
    }
}
