using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Registry.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

/// <summary>
/// 一键直达: the community worker writes an emergency notice to grid 1's residents aged 80 and over by SMS and in-app,
/// counts the audience before sending, publishes, and reads the delivery report; an 80-year-old resident with an
/// account of their own finds it on their home page and opens it, and the report then counts it read.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NoticeJourneyTests(BrowserApp app)
{
    private const string Grid1 = "370811012007-W01";

    /// <summary>An account for one current resident of grid 1 aged 80 or more (the demo has them, without accounts).</summary>
    private async Task<string> ElderAccountAsync()
    {
        var userName = "elder-" + Guid.NewGuid().ToString("N")[..6];
        await app.Services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            var eighty = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddYears(-80);
            var linked = await db.Users.Where(u => u.ResidentId != null).Select(u => u.ResidentId!.Value).ToListAsync();
            var elder = await db.Residents.Where(r => r.Status == ResidentStatus.Active && r.HouseholdId != null && r.BirthDate <= eighty
                    && r.AreaPath.Contains("/" + Grid1 + "/") && !linked.Contains(r.Id))
                .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            var users = sp.GetRequiredService<UserManager<GongzhiUser>>();
            var user = new GongzhiUser { UserName = userName, ResidentId = elder, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, "Demo#2026")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Resident)).Succeeded);
        });
        return userName;
    }

    [Fact]
    public async Task A_community_worker_publishes_an_emergency_notice_to_one_grids_elders_sees_the_count_and_reads_the_report()
    {
        var elder = await ElderAccountAsync();
        var worker = await app.SignedInPage("community");
        var title = "紧急：明日停水通知" + Guid.NewGuid().ToString("N")[..4];
        await worker.GotoAsync($"{app.BaseUrl}/notices/new");
        await worker.FillAsync("[name='Input.Title']", title);
        await worker.Locator("[name='Input.Urgency']").SelectOptionAsync("Emergency");
        await worker.FillAsync("[name='Input.Body']", "因管网抢修，明日8:00至18:00停水。\n行动不便的老人请联系网格员送水。");
        await worker.FillAsync("[name='Input.AreaCode']", Grid1);
        await worker.FillAsync("[name='Input.MinAge']", "80");
        await worker.Locator("[name='Input.Sms']").CheckAsync();
        await worker.Locator("[name='Input.InApp']").CheckAsync();

        // The audience is counted before anything is sent.
        await worker.Locator("#preview").ClickAsync();
        var count = worker.Locator("#audience-count");
        await Expect(count).ToContainTextAsync(new Regex("本通知将发送给 [1-9]\\d* 位居民"));
        var audience = int.Parse(Regex.Match(await count.InnerTextAsync(), "发送给 (\\d+) 位").Groups[1].Value);
        await Expect(worker.Locator("[name='Input.Title']")).ToHaveValueAsync(title); // the form kept what was typed

        await worker.Locator("#publish").ClickAsync();
        await Expect(worker).ToHaveURLAsync(new Regex("/notices/\\d+$"));
        await Expect(worker.Locator("#notice-title")).ToHaveTextAsync(title);
        await Expect(worker.GetByText($"已发布，共 {audience} 位居民")).ToBeVisibleAsync();
        var report = worker.Locator("#report");
        var inApp = report.Locator("tr[data-channel=InApp]");
        var sms = report.Locator("tr[data-channel=Sms]");
        await Expect(inApp).ToBeVisibleAsync();
        await Expect(sms).ToBeVisibleAsync();
        // In-app: the elder with an account got it (sent at once), nobody has read it yet.
        await Expect(inApp.Locator("td").Nth(2)).ToHaveTextAsync(new Regex("^[1-9]\\d*$"));
        await Expect(inApp.Locator("td").Nth(6)).ToHaveTextAsync("0");
        await worker.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "notice-report.png"), FullPage = true });

        // The elder opens it from the home page on a phone.
        var phone = await app.SignedInPage(elder, new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var item = phone.Locator("#my-notices li", new() { HasText = title });
        await Expect(item).ToBeVisibleAsync();
        await Expect(item).ToHaveAttributeAsync("data-read", "false");
        await item.Locator("a").ClickAsync();
        await Expect(phone.Locator("#notice-title")).ToHaveTextAsync(title);
        await Expect(phone.Locator("#urgency")).ToHaveTextAsync("紧急");

        // The report now counts one read in-app.
        await worker.ReloadAsync();
        await Expect(worker.Locator("#report tr[data-channel=InApp] td").Nth(6)).ToHaveTextAsync("1");
        // The poster for the notice board carries the QR code to the public page.
        await worker.Locator("#poster-link").ClickAsync();
        await Expect(worker.Locator("#poster-title")).ToHaveTextAsync(title);
        await Expect(worker.Locator("#poster-qr img")).ToBeVisibleAsync();
        await worker.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "notice-poster.png"), FullPage = true });
    }
}
