using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Xunit;

namespace Gongzhi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed partial class AccountJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Admin_locks_unlocks_and_resets_a_password_and_the_user_must_change_a_temporary_one()
    {
        var admin = await app.SignedInPage("admin");
        var userName = "journey" + Guid.NewGuid().ToString("N")[..6];

        // The admin creates a volunteer's account on the staff page and opens it.
        await admin.GotoAsync(app.BaseUrl + "/admin/users");
        await admin.FillAsync("#user-create-userName", userName);
        await admin.FillAsync("#user-create-displayName", "旅程志愿者");
        await admin.FillAsync("#user-create-password", "First#2026x");
        await admin.SelectOptionAsync("#user-create-role", "volunteer");
        await admin.ClickAsync("#create-user button[type=submit]");
        Assert.Contains(userName, await admin.InnerTextAsync("h1"));
        Assert.Contains("从未", await admin.InnerTextAsync("#last-sign-in"));
        var accountPage = admin.Url;

        // Lock, with a reason: the person cannot sign in and is told why.
        await admin.FillAsync("#lock-reason", "借调期间暂停使用");
        await admin.ClickAsync("#lock-account button[type=submit]");
        Assert.Contains("已锁定", await admin.InnerTextAsync(".alert-success"));
        Assert.Contains("借调期间暂停使用", await admin.InnerTextAsync("#lock-state"));
        await admin.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "account-locked.png"), FullPage = true });
        var user = await app.Browser.NewPageAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        user.SetDefaultTimeout(15_000);
        await SignInAsync(user, userName, "First#2026x");
        Assert.Contains("管理员锁定", await user.InnerTextAsync(".alert-danger"));

        // Unlock: the password works again (and the last sign-in shows on the account page).
        await admin.ClickAsync("#unlock-account button[type=submit]");
        Assert.Contains("已解锁", await admin.InnerTextAsync(".alert-success"));
        Assert.Contains("正常", await admin.InnerTextAsync("#lock-state"));
        await SignInAsync(user, userName, "First#2026x");
        await Expect(user).ToHaveURLAsync(app.BaseUrl + "/");
        await admin.ReloadAsync();
        Assert.DoesNotContain("从未", await admin.InnerTextAsync("#last-sign-in"));

        // A temporary password: the person is signed out, signs in with it, and must choose their own first.
        await admin.ClickAsync("#temporary-password button[type=submit]");
        var temporary = TemporaryPassword().Match(await admin.InnerTextAsync(".alert-success")).Groups[1].Value;
        Assert.NotEmpty(temporary);
        await user.Context.ClearCookiesAsync();
        await SignInAsync(user, userName, temporary);
        await Expect(user).ToHaveURLAsync(app.BaseUrl + "/account/password");
        Assert.Contains("临时密码", await user.InnerTextAsync("#must-change"));
        await user.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "password-change-phone.png"), FullPage = true });
        await user.GotoAsync(app.BaseUrl + "/inbox");
        Assert.Equal(app.BaseUrl + "/account/password", user.Url); // nothing else until then
        await user.FillAsync("#password-change-currentPassword", temporary);
        await user.FillAsync("#password-change-newPassword", "Mine#2026ab");
        await user.FillAsync("#password-change-confirmPassword", "Mine#2026xx");
        await user.ClickAsync("#change-password button[type=submit]");
        Assert.Contains("不一致", await user.InnerTextAsync("#change-password"));
        await user.FillAsync("#password-change-currentPassword", temporary);
        await user.FillAsync("#password-change-newPassword", "Mine#2026ab");
        await user.FillAsync("#password-change-confirmPassword", "Mine#2026ab");
        await user.ClickAsync("#change-password button[type=submit]");
        await Expect(user).ToHaveURLAsync(app.BaseUrl + "/");
        Assert.Contains("密码已修改", await user.InnerTextAsync(".alert-success"));
        await user.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "password-changed-phone.png"), FullPage = true });

        // A one-time reset link: it sets a new password once; the second visit says it was used.
        await admin.GotoAsync(accountPage);
        await admin.ClickAsync("#reset-link button[type=submit]");
        var link = ResetLink().Match(await admin.InnerTextAsync(".alert-success")).Value;
        Assert.NotEmpty(link);
        await user.Context.ClearCookiesAsync();
        await user.GotoAsync(link);
        await user.FillAsync("#password-reset-newPassword", "Reset#2026ab");
        await user.FillAsync("#password-reset-confirmPassword", "Reset#2026ab");
        await user.ClickAsync("#reset-password button[type=submit]");
        await Expect(user).ToHaveURLAsync(new Regex("/login"));
        await user.FillAsync("#password", "Reset#2026ab");
        await user.ClickAsync("button[type=submit].w-100");
        await Expect(user).ToHaveURLAsync(app.BaseUrl + "/");
        var again = await user.GotoAsync(link);
        Assert.Equal(410, again!.Status);
        Assert.Contains("已被使用", await user.InnerTextAsync("main"));
    }

    private async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync(app.BaseUrl + "/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit].w-100");
        // No wait for a load event (a redirect can commit before the waiter subscribes): what follows waits for
        // the address or the element it reads.
    }

    [GeneratedRegex("临时密码：(\\S+) ——")]
    private static partial Regex TemporaryPassword();

    [GeneratedRegex("https?://\\S+/account/reset\\?token=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}
