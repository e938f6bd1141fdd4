using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class InboxJourneyTests(BrowserApp app)
{
    private const string Yuyuan = "370811012007-W01-X01"; // 玉苑小区, in the community worker's area

    [Fact]
    public async Task Community_worker_on_a_phone_sees_the_unread_count_opens_a_message_to_its_record_and_the_count_goes_down()
    {
        // A message with a link to a record, sent as a module would send it.
        var title = "请核实玉苑小区独居老人名单" + Guid.NewGuid().ToString("N")[..4];
        await app.Services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            var user = await db.Users.Where(u => u.UserName == "community").Select(u => u.Id).SingleAsync();
            await sp.GetRequiredService<INotifier>().EnqueueAsync(new OutgoingMessage("notifications.notice", "browser-" + title, [new Recipient.Account(user)],
                new Dictionary<string, string> { ["title"] = title, ["text"] = "请在周五前完成核实。" }, Link: "/areas/" + Yuyuan), default);
            await db.SaveChangesAsync();
        });

        var page = await app.SignedInPage("community", new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        // The bell stays in sight on a phone, outside the folded menu.
        var badge = page.Locator("#inbox-bell #inbox-unread");
        await Expect(badge).ToBeVisibleAsync();
        var unread = int.Parse(await badge.InnerTextAsync());
        Assert.True(unread >= 1);
        await Expect(page.Locator("#inbox-bell")).ToHaveAttributeAsync("aria-label", $"消息，{unread} 条未读");

        await page.ClickAsync("#inbox-bell");
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/inbox");
        await Expect(page.Locator("#inbox-page-unread")).ToHaveTextAsync(unread.ToString());
        var item = page.Locator(".inbox-item", new() { HasText = title });
        await Expect(item).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("list-group-item-warning")); // unread stands out
        await Expect(item).ToContainTextAsync("请在周五前完成核实。");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "inbox-phone.png"), FullPage = true });

        // "查看" marks it read and lands on the record the message is about.
        await item.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/areas/" + Yuyuan);
        await Expect(page.Locator("#node-name")).ToHaveTextAsync("玉苑小区");
        if (unread > 1) await Expect(page.Locator("#inbox-unread")).ToHaveTextAsync((unread - 1).ToString());
        else await Expect(page.Locator("#inbox-unread")).ToHaveCountAsync(0); // no badge at all when nothing is unread

        // Back in the inbox the message is read: no highlight, nothing left to mark.
        await page.ClickAsync("#inbox-bell");
        await Expect(page.Locator("#inbox-page-unread")).ToHaveTextAsync((unread - 1).ToString());
        await Expect(item).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("list-group-item-warning"));
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "标为已读" })).ToHaveCountAsync(0);
    }
}
