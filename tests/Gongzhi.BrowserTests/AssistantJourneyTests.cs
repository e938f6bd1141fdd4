using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

/// <summary>
/// The Q&amp;A assistant on a phone: a resident asks about the old-age allowance in her own words and follows the answer
/// to the guide's 高龄津贴申请; a question the assistant does not know is passed to staff, who find it in their queue.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AssistantJourneyTests(BrowserApp app)
{
    private static BrowserNewContextOptions Phone => new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    [Fact]
    public async Task A_resident_asks_on_a_phone_and_follows_the_answer_to_the_guide_page()
    {
        var context = await app.Browser.NewContextAsync(Phone);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync($"{app.BaseUrl}/ask");
        await page.FillAsync("#question", "我家老人快80了，高龄补贴怎么领");
        await page.Locator("#ask-form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ask\\?question=\\d+$"));
        // The question stays in the box, and the guide's matter is among the answers with a link to it.
        await Expect(page.Locator("#question")).ToHaveValueAsync("我家老人快80了，高龄补贴怎么领");
        var link = page.Locator("#answers").GetByRole(AriaRole.Link, new() { Name = "查看办事指南：高龄津贴申请" });
        await Expect(link).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "assistant-answer-phone.png"), FullPage = true });
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/guide/matters/\\d+$"));
        await Expect(page.Locator("#matter-name")).ToHaveTextAsync("高龄津贴申请");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_question_it_does_not_know_is_passed_to_staff_who_see_it_in_their_queue()
    {
        var question = "火星上的天气怎么样 " + Guid.NewGuid().ToString("N")[..6];
        var context = await app.Browser.NewContextAsync(Phone);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync($"{app.BaseUrl}/ask");
        await page.FillAsync("#question", question);
        await page.Locator("#ask-form button[type=submit]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ask\\?question=\\d+$"));
        await Expect(page.Locator("#unknown")).ToBeVisibleAsync();
        await Expect(page.Locator("#answers")).ToHaveCountAsync(0);
        await page.Locator("#pass-on").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ask\\?question=\\d+&passed=true$"));
        await Expect(page.Locator("#passed")).ToContainTextAsync("已转给社区工作人员");
        await Expect(page.Locator("#pass-on")).ToHaveCountAsync(0);
        await context.CloseAsync();

        var staff = await app.SignedInPage("community", new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await staff.GotoAsync($"{app.BaseUrl}/assistant/questions");
        var queued = staff.Locator(".question").Filter(new() { HasText = question });
        await Expect(queued).ToHaveCountAsync(1);
        await Expect(queued.Locator(".badge")).ToHaveTextAsync("已转人工");
        await staff.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "assistant-queue-phone.png"), FullPage = true });
    }
}
