using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Gongzhi.BrowserTests;

/// <summary>
/// From volunteering to the points shop on a phone: a resident signs up for an activity, is checked in by scanning
/// the organiser's QR page (the organiser shows it in another browser; the resident's phone opens the address the
/// code carries), the organiser confirms the hours, the points appear in the resident's passbook, the resident
/// redeems an item in the shop (a double tap makes one redemption), the community worker hands it over and redeems
/// another for them at the counter.
/// The browser app runs on the real clock, so the activity is published to start a few minutes from now: its
/// check-in opens half an hour before the start.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PointsJourneyTests(BrowserApp app)
{
    private static readonly BrowserNewPageOptions Phone = new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true };

    [Fact]
    public async Task A_resident_volunteers_is_checked_in_by_the_qr_page_earns_points_and_redeems_an_item_that_the_counter_hands_over()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (userName, residentName, title, itemName) = ($"res{suffix}", $"居民{suffix}", $"楼道清理{suffix}", $"保温杯{suffix}");
        using var admin = await ApiAsync("admin");
        await PostAsync(admin, "/api/users", new { userName, displayName = residentName, password = "Demo#2026", role = "resident" });
        using (var resident = await ApiAsync(userName))
            await PostAsync(resident, "/api/volunteering/me", new { name = residentName, areaCode = "370811012007-W01" });
        using var community = await ApiAsync("community");
        var now = DateTimeOffset.UtcNow;
        var activity = (await PostAsync(community, "/api/volunteering/activities", new
        {
            areaCode = "370811012007", title, category = "为民服务日", place = "南门社区 3号楼", startsAt = now.AddMinutes(10), endsAt = now.AddMinutes(70),
            signUpDeadline = now.AddMinutes(9), capacity = 5, pointsPerActivity = 50, pointsPerHour = 0,
        })).GetProperty("id").GetInt64();
        var item = (await PostAsync(admin, "/api/points/shop/items", new { areaCode = "370811012007", name = itemName, kind = "Goods", pricePoints = 30, stock = 3 })).GetProperty("id").GetInt64();
        var smallName = $"抽纸{suffix}";
        var small = (await PostAsync(admin, "/api/points/shop/items", new { areaCode = "370811012007", name = smallName, kind = "Goods", pricePoints = 10, stock = 5 })).GetProperty("id").GetInt64();

        // The resident signs up on the phone.
        var phone = await app.SignedInPage(userName, Phone);
        await phone.GotoAsync($"{app.BaseUrl}/volunteers/activities/{activity}");
        await phone.Locator("#sign-up").ClickAsync();
        await Expect(phone.Locator("#my-state")).ToHaveAttributeAsync("data-state", "SignedUp");

        // The organiser shows the rotating code at the site; the phone opens the address the code carries.
        var organiser = await app.SignedInPage("community");
        await organiser.GotoAsync($"{app.BaseUrl}/volunteers/activities/{activity}/qr");
        await Expect(organiser.Locator("#qr")).ToBeVisibleAsync();
        var scanned = await organiser.Locator("#qr-link").GetAttributeAsync("href");
        Assert.Matches($"/v/checkin/{activity}\\?t=", scanned);
        await phone.GotoAsync(scanned!);
        await phone.Locator("#scan-confirm").ClickAsync();
        await Expect(phone.Locator("#my-state")).ToHaveAttributeAsync("data-state", "CheckedIn");

        // The organiser confirms the hours; the bank credits the points.
        await organiser.GotoAsync($"{app.BaseUrl}/volunteers/activities/{activity}");
        var signUp = organiser.Locator("#signups .list-group-item", new() { HasText = residentName });
        await signUp.Locator(".confirm-hours").ClickAsync();
        await Expect(organiser.Locator("#signups .list-group-item", new() { HasText = residentName })).ToHaveAttributeAsync("data-state", "Confirmed");

        // The points are in the passbook; from there to the shop.
        await phone.GotoAsync($"{app.BaseUrl}/points/me");
        await Expect(phone.Locator("#passbook-balance")).ToHaveTextAsync("50");
        await Expect(phone.Locator("#passbook-lines")).ToContainTextAsync(title);
        await phone.Locator("#passbook-shop").ClickAsync();
        await Expect(phone).ToHaveURLAsync($"{app.BaseUrl}/points/shop");
        await Expect(phone.Locator("#shop-balance")).ToHaveTextAsync("50");
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await phone.Locator("#shop-items a", new() { HasText = itemName }).ClickAsync();
        await Expect(phone.Locator("#item-name")).ToHaveTextAsync(itemName);
        // A double tap on the button posts the form twice with the same key: one redemption.
        await phone.Locator("#redeem").DblClickAsync();
        await Expect(phone).ToHaveURLAsync($"{app.BaseUrl}/points/shop");
        var mine = phone.Locator("#my-redemptions .list-group-item", new() { HasText = itemName });
        await Expect(mine).ToHaveCountAsync(1);
        await Expect(mine).ToHaveAttributeAsync("data-status", "Reserved");
        await Expect(phone.Locator("#shop-balance")).ToHaveTextAsync("20");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "points-shop-phone.png"), FullPage = true });

        // The community worker hands it over at the counter, behind a confirmation.
        await organiser.GotoAsync($"{app.BaseUrl}/points/redemptions?q={Uri.EscapeDataString(itemName)}");
        var waiting = organiser.Locator("#redemptions .list-group-item", new() { HasText = itemName });
        await Expect(waiting).ToHaveCountAsync(1);
        await waiting.Locator("details[id^=handover] summary").ClickAsync();
        await waiting.Locator("details[id^=handover] button[type=submit]").ClickAsync();
        await Expect(organiser.Locator("#flash")).ToContainTextAsync(itemName);
        await Expect(organiser.Locator("#redemptions .list-group-item", new() { HasText = itemName })).ToHaveCountAsync(0);

        await phone.ReloadAsync();
        await Expect(phone.Locator("#my-redemptions .list-group-item", new() { HasText = itemName })).ToHaveAttributeAsync("data-status", "HandedOver");

        // At the counter the community worker redeems for the resident (代兑换): an item worth more than the balance is
        // refused on the form with the choice kept; one they can afford is reserved and waits in the queue.
        await organiser.GotoAsync($"{app.BaseUrl}/points/redemptions/new?q={Uri.EscapeDataString(residentName)}");
        await organiser.Locator("#counter-holders a", new() { HasText = residentName }).ClickAsync();
        await Expect(organiser.Locator("#counter-balance")).ToHaveTextAsync("20");
        await organiser.Locator("#counter-form select").SelectOptionAsync(item.ToString());
        await organiser.Locator("#counter-redeem").ClickAsync();
        await Expect(organiser.Locator("#counter-form .invalid-feedback")).ToBeVisibleAsync();
        await Expect(organiser.Locator("#counter-form [aria-invalid=true]")).ToHaveCountAsync(1);
        await Expect(organiser.Locator("#counter-form select")).ToHaveValueAsync(item.ToString());
        await Expect(organiser.Locator("#counter-balance")).ToHaveTextAsync("20");
        await organiser.Locator("#counter-form select").SelectOptionAsync(small.ToString());
        await organiser.Locator("#counter-redeem").ClickAsync();
        await Expect(organiser.Locator("#redemptions .list-group-item", new() { HasText = smallName })).ToHaveCountAsync(1);

        await phone.GotoAsync($"{app.BaseUrl}/points/shop");
        await Expect(phone.Locator("#shop-balance")).ToHaveTextAsync("10");
        await Expect(phone.Locator("#my-redemptions .list-group-item", new() { HasText = smallName })).ToHaveAttributeAsync("data-status", "Reserved");
    }

    private async Task<HttpClient> ApiAsync(string userName)
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var answer = await http.PostAsync("/api/auth/token", JsonContent.Create(new { userName, password = "Demo#2026" }));
        answer.EnsureSuccessStatusCode();
        var token = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string url, object body)
    {
        var response = await http.PostAsync(url, JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
