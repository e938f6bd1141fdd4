using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

/// <summary>
/// 三三探访 on a phone: grid1 opens the care roster of the demo, records a visit to a resident with one problem (gas)
/// and raises a request from it; the visit then links the request's tracking code.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CareJourneyTests(BrowserApp app)
{
    private static readonly BrowserNewPageOptions Phone = new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    [Fact]
    public async Task A_grid_worker_opens_todays_tasks_records_a_visit_with_one_problem_on_a_phone_and_raises_a_request()
    {
        var worker = await app.SignedInPage("grid1", Phone);
        worker.SetDefaultTimeout(15_000);
        // Today's tasks list the care visits the grid worker owes (due items the care module keeps in the reminders).
        await worker.GotoAsync($"{app.BaseUrl}/today");
        var owed = worker.Locator("#today-reminders a[data-kind=CareVisit]").First;
        await Expect(owed).ToBeVisibleAsync();
        Assert.True(await worker.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await worker.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "today-phone.png"), FullPage = true });
        await owed.ClickAsync();
        await Expect(worker).ToHaveURLAsync(new Regex("/care/\\d+$"));
        var before = await worker.Locator("#visits .request-code").CountAsync();

        await worker.Locator("#problem-gas").CheckAsync();
        await worker.FillAsync("#note-gas", "燃气灶打火不灵，闻到异味");
        await worker.FillAsync("#visit-notes", "已提醒关闭总阀");
        await worker.Locator("#record-visit").ClickAsync();
        var visit = worker.Locator("#visits .list-group-item").First;
        await Expect(visit).ToContainTextAsync("燃气灶打火不灵，闻到异味");
        await Expect(visit).ToContainTextAsync("1 项问题");
        await worker.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "care-visit-phone.png"), FullPage = true });

        await visit.Locator("select[name=categoryCode]").SelectOptionAsync("safety");
        await visit.GetByRole(AriaRole.Button, new() { Name = "发起诉求" }).ClickAsync();
        await Expect(worker.Locator("#visits .list-group-item").First.Locator(".request-code")).ToHaveTextAsync(new Regex("^[2-9A-Z]{12}$"));
        Assert.Equal(before + 1, await worker.Locator("#visits .request-code").CountAsync());
        Assert.True(await worker.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task A_door_card_scanned_on_a_phone_marks_ok_today_with_one_tap_and_the_calendar_shows_the_day()
    {
        var worker = await app.SignedInPage("grid1", Phone);
        worker.SetDefaultTimeout(15_000);
        // An elder of the demo enrolled in 窗帘之约 and not yet marked today.
        await worker.GotoAsync($"{app.BaseUrl}/care/checkin");
        var open = worker.Locator("#checkins [data-entry]:has(form)").First;
        await Expect(open).ToBeVisibleAsync();
        var entry = await open.GetAttributeAsync("data-entry");
        await worker.GotoAsync($"{app.BaseUrl}/care/{entry}/door-card");
        await Expect(worker.Locator("#door-qr")).ToBeVisibleAsync();
        var url = await worker.Locator("#door-card").GetAttributeAsync("data-url");
        Assert.Matches("/c/[2-9A-Z]{26}$", url);
        await worker.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "care-door-card.png"), FullPage = true });

        // The elder (or a neighbour) scans the card: no account, a phone-sized screen, one tap.
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var elder = await context.NewPageAsync();
        elder.SetDefaultTimeout(15_000);
        await elder.GotoAsync(url!);
        await Expect(elder.Locator("#door-name")).ToContainTextAsync("*");
        await elder.Locator("#door-ok").TapAsync();
        await Expect(elder.Locator("#door-marked")).ToBeVisibleAsync();
        Assert.True(await elder.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await elder.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "care-door-checkin-phone.png"), FullPage = true });
        await context.CloseAsync();

        // The grid worker sees today marked in the streak calendar.
        await worker.GotoAsync($"{app.BaseUrl}/care/{entry}");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        await Expect(worker.Locator($"#checkin-calendar [data-day='{today}']")).ToHaveAttributeAsync("data-state", "Ok");
    }
}
