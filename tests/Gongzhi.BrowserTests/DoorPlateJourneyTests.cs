using System.Text.Json;
using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Notifications.Features.Dispatch;
using Gongzhi.Modules.Requests.Features.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

/// <summary>
/// The closed loop from the door: a resident scans the door-plate code on a phone, confirms the phone with the code from
/// the development SMS log, submits with a photo; a grid worker accepts and resolves on a phone; the resident rates on
/// the tracking link; the community worker records the return visit.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DoorPlateJourneyTests(BrowserApp app)
{
    private const string Building12 = "370811012007-W01-X01-B12"; // 玉苑小区 12号楼, grid 1
    private static readonly BrowserNewPageOptions Phone = new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    [Fact]
    public async Task A_resident_reports_from_the_door_and_the_request_travels_the_loop()
    {
        var (token, address) = await app.Services.AsSystemAsync(async sp =>
        {
            var building = await sp.GetRequiredService<IAreaDirectory>().FindAsync(Building12, default);
            var plate = (await sp.GetRequiredService<DoorPlateCodes>().SheetAsync(building!.Id, default)).Plates.First();
            return (plate.Token, plate.Address);
        });
        var phoneNumber = "139" + Random.Shared.Next(10_000_000, 99_999_999);

        // The resident, no account, on a phone.
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var resident = await context.NewPageAsync();
        resident.SetDefaultTimeout(15_000);
        await resident.GotoAsync($"{app.BaseUrl}/r/{token}");
        await Expect(resident.Locator("#address")).ToContainTextAsync(address);
        await resident.FillAsync("#otp-phone", phoneNumber);
        await resident.GetByRole(AriaRole.Button, new() { Name = "获取验证码" }).ClickAsync();
        await Expect(resident.Locator("#code-sent")).ToBeVisibleAsync();
        var code = await CodeFromSmsLogAsync(phoneNumber);

        await resident.Locator("select[name='Input.CategoryCode']").SelectOptionAsync("property.leak");
        await resident.FillAsync("textarea[name='Input.Description']", "卫生间顶棚渗水，楼上可能漏水");
        await resident.SetInputFilesAsync("input[name=photos]", new FilePayload { Name = "leak.jpg", MimeType = "image/jpeg", Buffer = Jpeg() });
        await resident.FillAsync("input[name='Input.Phone']", phoneNumber);
        await resident.FillAsync("input[name='Input.Code']", code);
        await resident.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "door-plate-form.png"), FullPage = true });
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交", Exact = true }).ClickAsync();
        await Expect(resident).ToHaveURLAsync(new Regex("/t/[A-Z0-9]{12}$"));
        var trackingUrl = resident.Url;
        await Expect(resident.Locator("#status")).ToHaveAttributeAsync("data-status", "Submitted");
        await Expect(resident.Locator("#photos img")).ToHaveCountAsync(1);
        var trackingCode = trackingUrl[^12..];
        var id = await app.Services.AsSystemAsync(sp => sp.GetRequiredService<GongzhiDb>().Requests.Where(r => r.TrackingCode == trackingCode).Select(r => r.Id).SingleAsync());

        // The grid worker, on a phone: accept, start, resolve.
        var grid = await app.SignedInPage("grid1", Phone);
        await grid.GotoAsync($"{app.BaseUrl}/requests/{id}");
        await Expect(grid.Locator("#photos img")).ToHaveCountAsync(1);
        foreach (var step in new[] { "accept", "start" })
        {
            await grid.Locator($"#form-{step} button[type=submit]").ClickAsync();
            await Expect(grid.Locator($"#form-{step}")).ToHaveCountAsync(0);
        }
        await grid.Locator("#form-resolve input[name='NoteInput.Note']").FillAsync("已联系楼上住户更换水管");
        await grid.Locator("#form-resolve button[type=submit]").ClickAsync();
        await Expect(grid.Locator("#form-resolve")).ToHaveCountAsync(0);

        // The resident rates on the tracking link (the browser is still confirmed for the phone).
        await resident.GotoAsync(trackingUrl);
        await Expect(resident.Locator("#resolution")).ToContainTextAsync("已联系楼上住户更换水管");
        await resident.Locator("select[name='Rating.Satisfied']").SelectOptionAsync("true");
        await resident.FillAsync("input[name='Rating.Score']", "5");
        await resident.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Expect(resident.Locator("#verdict")).ToContainTextAsync("5/5");
        await Expect(resident.Locator("#status")).ToHaveAttributeAsync("data-status", "AwaitingReturnVisit");
        await resident.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "tracking-rated.png"), FullPage = true });

        // The community worker records the return visit; the link shows it closed.
        var community = await app.SignedInPage("community");
        await community.GotoAsync($"{app.BaseUrl}/requests/{id}");
        await community.Locator("#form-return-visit input[name='NoteInput.Note']").FillAsync("电话回访，居民满意");
        await community.Locator("#form-return-visit button[type=submit]").ClickAsync();
        await Expect(community.Locator("#form-return-visit")).ToHaveCountAsync(0);
        await resident.GotoAsync(trackingUrl);
        await Expect(resident.Locator("#status")).ToHaveAttributeAsync("data-status", "Closed");
        await context.CloseAsync();
    }

    /// <summary>Turns the outbox crank, then reads the code from the development SMS log (what the phone would show).</summary>
    private async Task<string> CodeFromSmsLogAsync(string phoneNumber)
    {
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchOnceAsync(default) > 0) { }
        var file = Path.Combine(app.Services.GetRequiredService<IConfiguration>()["Notifications:DevelopmentOutbox"]!, "outbox-sms.jsonl");
        var masked = phoneNumber[..3] + "****" + phoneNumber[^4..];
        var line = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement)
            .Last(e => e.GetProperty("to").GetString() == masked && e.GetProperty("Title").GetString() == "验证码");
        return Regex.Match(line.GetProperty("Body").GetString()!, @"(?<!\d)\d{6}(?!\d)").Value;
    }

    private static byte[] Jpeg()
    {
        using var surface = SKSurface.Create(new SKImageInfo(800, 600));
        surface.Canvas.Clear(SKColors.LightGray);
        using var image = surface.Snapshot();
        return image.Encode(SKEncodedImageFormat.Jpeg, 85).ToArray();
    }
}
