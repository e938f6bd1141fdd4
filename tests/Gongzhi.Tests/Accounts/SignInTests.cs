using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Accounts;

public abstract partial class SignInTests(GongzhiApp app)
{
    [Fact]
    public async Task A_token_has_the_documented_shape_and_opens_the_api()
    {
        var response = await app.Anonymous().PostJson("/api/auth/token", new { userName = "street", password = GongzhiApp.Password }).Ok();
        Assert.Equal("Bearer", response.Str("token_type"));
        Assert.True(response.GetProperty("expires_in").GetInt64() > 0);
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", response.Str("access_token"));
        var me = await client.GetAsync("/api/me").Ok();
        Assert.Equal("street", me.Str("userName"));
        Assert.Equal(DemoCodes.Street, me.GetProperty("areas")[0].Str("code"));
    }

    [Fact]
    public async Task Wrong_credentials_and_bad_bodies_are_refused_with_problems()
    {
        var anonymous = app.Anonymous();
        await anonymous.PostJson("/api/auth/token", new { userName = "street", password = "wrong" }).Problem(HttpStatusCode.Unauthorized);
        await anonymous.PostJson("/api/auth/token", new { userName = "nobody-at-all", password = "x" }).Problem(HttpStatusCode.Unauthorized);
        var missing = await anonymous.PostJson("/api/auth/token", new { userName = "" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("password", out _));
        var garbage = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        await anonymous.PostAsync("/api/auth/token", garbage).Problem(HttpStatusCode.BadRequest);
        var bogus = app.Anonymous();
        bogus.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await bogus.GetAsync("/api/me").Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Repeated_failures_lock_the_account()
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("lock");
        await admin.PostJson("/api/users", new { userName, displayName = "锁定测试", password = "Right#2026x", role = "grid", areaCodes = new[] { DemoCodes.Grid1 } }).Ok(HttpStatusCode.Created);
        var anonymous = app.Anonymous();
        for (var i = 0; i < 5; i++)
            await anonymous.PostJson("/api/auth/token", new { userName, password = "Wrong#2026x" }).Problem(HttpStatusCode.Unauthorized);
        var locked = await anonymous.PostJson("/api/auth/token", new { userName, password = "Right#2026x" }).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("锁定", locked.Str("detail"));
        var failures = await app.Db(db => db.AuditEntries.CountAsync(a => a.UserName == userName && a.Action == "auth.login-failed"));
        Assert.Equal(6, failures);
    }

    [Fact]
    public async Task The_login_page_is_chinese_and_a_cookie_sign_in_remembers_the_language()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync("/login");
        Assert.Contains("lang=\"zh-CN\"", page);
        Assert.Contains("登录", page);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;

        var userName = GongzhiApp.Unique("lang");
        var admin = await app.ClientFor("admin");
        await admin.PostJson("/api/users", new { userName, displayName = "语言测试", password = "Lang#2026x", role = "community", areaCodes = new[] { DemoCodes.Community } }).Ok(HttpStatusCode.Created);

        var wrong = await browser.PostAsync("/account/login", Form(("userName", userName), ("password", "nope"), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.StartsWith("/login?returnUrl=", wrong.Headers.Location!.OriginalString);
        Assert.DoesNotContain("error", wrong.Headers.Location!.OriginalString);
        var refused = await browser.GetStringAsync(wrong.Headers.Location!.OriginalString);
        Assert.Contains("alert-danger", refused); // the message, from the flash cookie
        Assert.Contains($"value=\"{userName}\"", refused); // the name typed is kept
        Assert.DoesNotContain("alert-danger", await browser.GetStringAsync("/login?error=FORGED")); // nothing said from the URL

        var signIn = await browser.PostAsync("/account/login", Form(("userName", userName), ("password", "Lang#2026x"), ("returnUrl", "/areas"), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/areas", signIn.Headers.Location!.OriginalString);
        Assert.Contains("区域网格", await browser.GetStringAsync("/areas"));

        var home = await browser.GetStringAsync("/");
        var switchToken = AntiforgeryToken().Match(home).Groups[1].Value;
        var switched = await browser.PostAsync("/account/culture", Form(("culture", "en-US"), ("returnUrl", "/"), ("__RequestVerificationToken", switchToken)));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains("Area tree", await browser.GetStringAsync("/areas"));
        Assert.Equal("en-US", await app.Db(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Culture).SingleAsync()));

        // A new browser: the account's language comes back at sign-in.
        var other = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var otherToken = AntiforgeryToken().Match(await other.GetStringAsync("/login")).Groups[1].Value;
        await other.PostAsync("/account/login", Form(("userName", userName), ("password", "Lang#2026x"), ("__RequestVerificationToken", otherToken)));
        Assert.Contains("Area tree", await other.GetStringAsync("/areas"));
    }

    [Fact]
    public async Task A_form_post_without_antiforgery_token_is_refused()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var response = await browser.PostAsync("/account/login", Form(("userName", "admin"), ("password", GongzhiApp.Password)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_never_redirects_to_another_site()
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var token = AntiforgeryToken().Match(await browser.GetStringAsync("/login")).Groups[1].Value;
        var response = await browser.PostAsync("/account/login", Form(("userName", "street"), ("password", GongzhiApp.Password), ("returnUrl", "//evil.example/"), ("__RequestVerificationToken", token)));
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    internal static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();
}

[Collection(SqliteCollection.Name)]
public sealed class SignInTestsOnSqlite(SqliteApp app) : SignInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SignInTestsOnPostgres(PostgresApp app) : SignInTests(app);
