using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class OutboxJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Admin_finds_a_dead_message_by_state_retries_it_and_sees_it_queued_again()
    {
        // A WeCom group message to a robot nobody has set up: the app's own sender refuses it at once, so it is dead
        // after one attempt. The browser app's outbox moves only when a test dispatches (see BrowserApp).
        var title = "停水通知" + Guid.NewGuid().ToString("N")[..4];
        var robot = "robot-" + Guid.NewGuid().ToString("N")[..6];
        await app.Services.AsSystemAsync(async sp =>
        {
            await sp.GetRequiredService<INotifier>().EnqueueAsync(new OutgoingMessage("notifications.notice", "browser-" + title, [new Recipient.WeComGroup(robot)],
                new Dictionary<string, string> { ["title"] = title, ["text"] = "明日上午九点至十二点停水。" }, Channels.WeCom), default);
            await sp.GetRequiredService<GongzhiDb>().SaveChangesAsync();
        });
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync(default) > 0) { }

        var page = await app.SignedInPage("admin");
        await page.GotoAsync(app.BaseUrl + "/admin/outbox");
        await page.Locator("select[name=state]").SelectOptionAsync("Dead");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("state=Dead"));
        await Expect(page.Locator("#outbox-table thead")).ToContainTextAsync("接收方"); // whom it went to, not a date ("截止")
        var row = page.Locator("#outbox-table tbody tr", new() { HasText = title });
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(robot);
        await Expect(row).ToContainTextAsync("已放弃");
        await Expect(row).ToContainTextAsync($"'{robot}' is not configured"); // the provider's answer, for the admin to act on
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "outbox-dead.png"), FullPage = true });

        // A long provider's answer wraps instead of pushing the button off the screen.
        // (Measured across only: other journeys' messages may push the row below the fold.)
        var retry = row.GetByRole(AriaRole.Button, new() { Name = "重试" });
        var box = await retry.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= await page.EvaluateAsync<double>("window.innerWidth"), $"the retry button spans {box.X}–{box.X + box.Width}");
        await row.GetByRole(AriaRole.Button, new() { Name = "重试" }).ClickAsync();
        await Expect(page.Locator("#flash")).ToHaveTextAsync("已重新排队。");
        // Queued again with a fresh count of attempts, the old error cleared and nothing left to retry.
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("排队中");
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("0");
        await Expect(row.Locator("td").Nth(6)).ToBeEmptyAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "重试" })).ToHaveCountAsync(0);

        // And it has left the dead ones.
        await page.GotoAsync(app.BaseUrl + "/admin/outbox?state=Dead");
        await Expect(page.Locator("#outbox-table tbody tr", new() { HasText = title })).ToHaveCountAsync(0);
    }
}
