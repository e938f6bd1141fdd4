using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Features.Passwords;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Accounts;

/// <summary>
/// What admins do to accounts (lock, unlock, reset links, temporary passwords, sign-out everywhere, the failed
/// sign-in list) and what an account does to its own password. Every test works on accounts it creates itself:
/// the demo accounts are shared by the other tests.
/// </summary>
public abstract class AccountAdministrationTests(GongzhiApp app)
{
    private const string Password = "Right#2026x";

    /// <summary>Longer than the test app's session check (Accounts:SessionCheckSeconds = 1).</summary>
    private static Task PastTheSessionCheck() => Task.Delay(TimeSpan.FromSeconds(1.3));

    private async Task<(string Id, string UserName)> NewAccountAsync(string role = "grid", string? departmentCode = null)
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("acct");
        var created = await admin.PostJson("/api/users", new
        {
            userName, displayName = "账号测试", password = Password, role,
            areaCodes = role is "grid" or "community" ? new[] { DemoCodes.Grid1 } : null, departmentCode,
        }).Ok(HttpStatusCode.Created);
        return (created.Str("id"), userName);
    }

    private HttpClient Bearer(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string> TokenAsync(string userName, string password = Password) =>
        (await app.Anonymous().PostJson("/api/auth/token", new { userName, password }).Ok()).Str("access_token");

    /// <summary>A browser signed in through the login form (asserts that the sign-in was accepted).</summary>
    private async Task<PageBrowser> BrowserAsync(string userName, string password = Password)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/account/login", PageBrowser.Form(("userName", userName), ("password", password), ("__RequestVerificationToken", PageBrowser.Token(login))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        return new PageBrowser(client);
    }

    /// <summary>The administration entries about the account (not its sign-ins), oldest first.</summary>
    private Task<List<string>> AuditActionsAsync(string userId) =>
        app.Db(db => db.AuditEntries.Where(a => a.EntityType == "user" && a.EntityId == userId && a.Action.StartsWith("user."))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

    /// <summary>Where a redirect goes, as a local path (pages answer absolute addresses, endpoints relative ones).</summary>
    private static string Target(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location!.OriginalString;

    [Fact]
    public async Task An_admin_locks_with_a_reason_which_ends_sessions_and_unlocks_again()
    {
        var (id, userName) = await NewAccountAsync();
        var token = await TokenAsync(userName);
        await Bearer(token).GetAsync("/api/me").Ok();
        var admin = await app.ClientFor("admin");

        var noReason = await admin.PostJson($"/api/users/{id}/lock", new { reason = " " }).Problem(HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        await admin.PostJson($"/api/users/{id}/lock", new { reason = new string('x', 501) }).Problem(HttpStatusCode.BadRequest);
        await admin.PostJson("/api/users/no-such-account/lock", new { reason = "测试" }).Problem(HttpStatusCode.NotFound);
        Assert.DoesNotContain("user.lock", await AuditActionsAsync(id));

        var locked = await admin.PostJson($"/api/users/{id}/lock", new { reason = "离职交接中" }).Ok();
        Assert.True(locked.GetProperty("isLockedOut").GetBoolean());
        Assert.Equal("离职交接中", locked.Str("lockReason"));
        Assert.Contains("离职交接中", await app.Db(db => db.AuditEntries.Where(a => a.Action == "user.lock" && a.EntityId == id).Select(a => a.Detail).SingleAsync()));

        // The right password no longer opens it, and says why; the attempt is on the failed list.
        var refused = await app.Anonymous().PostJson("/api/auth/token", new { userName, password = Password }).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("管理员", refused.Str("detail"));
        var attempts = await admin.GetAsync($"/api/sign-in-attempts?userName={userName}&failure=LockedOut").Ok();
        Assert.Equal(1, attempts.Int("total"));
        // The token it held before stops working at the next session check.
        await PastTheSessionCheck();
        await Bearer(token).GetAsync("/api/me").Problem(HttpStatusCode.Unauthorized);

        var unlocked = await admin.PostJson($"/api/users/{id}/unlock", new { reason = "已核实" }).Ok();
        Assert.False(unlocked.GetProperty("isLockedOut").GetBoolean());
        await Bearer(await TokenAsync(userName)).GetAsync("/api/me").Ok();
        Assert.Equal(["user.create", "user.lock", "user.unlock"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Nobody_locks_their_own_account_and_only_admins_administer_accounts()
    {
        var admin = await app.ClientFor("admin");
        var adminId = (await admin.GetAsync("/api/me").Ok()).Str("id");
        var own = await admin.PostJson($"/api/users/{adminId}/lock", new { reason = "试试" }).Problem(HttpStatusCode.Conflict);
        Assert.Contains("自己", own.Str("detail"));
        var english = await app.ClientFor("admin", culture: "en-US");
        Assert.Equal("You cannot lock your own account.", (await english.PostJson($"/api/users/{adminId}/lock", new { reason = "try" }).Problem(HttpStatusCode.Conflict)).Str("detail"));
        Assert.Null(await app.Db(db => db.Users.Where(u => u.Id == adminId).Select(u => u.LockoutEnd).SingleAsync()));

        // Street and community staff see this grid worker on the staff pages (it is bound inside their subtree) but
        // administer no account; a grid worker does not even reach the routes.
        var (id, _) = await NewAccountAsync();
        foreach (var staff in new[] { "street", "community", "grid1" })
        {
            var client = await app.ClientFor(staff);
            await client.PostJson($"/api/users/{id}/lock", new { reason = "越权" }).Problem(HttpStatusCode.Forbidden);
            await client.PostJson($"/api/users/{id}/temporary-password", new { }).Problem(HttpStatusCode.Forbidden);
            await client.PostAsync($"/api/users/{id}/reset-link", null).Problem(HttpStatusCode.Forbidden);
            await client.PostAsync($"/api/users/{id}/sign-out", null).Problem(HttpStatusCode.Forbidden);
            await client.GetAsync("/api/sign-in-attempts").Problem(HttpStatusCode.Forbidden);
        }
        var community = await PageBrowser.SignIn(app, "community");
        var (status, page) = await community.Get($"/admin/users/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("last-sign-in", page);
        Assert.DoesNotContain("lock-account", page);
        var form = await community.PostEndpoint($"/admin/users/{id}", $"/forms/users/{id}/lock", ("reason", "越权"));
        Assert.StartsWith("/forbidden", Target(form));
        Assert.Equal(["user.create"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task A_reset_link_works_once_and_not_after_it_expires()
    {
        var (id, userName) = await NewAccountAsync();
        var admin = await app.ClientFor("admin");
        var first = await admin.PostAsync($"/api/users/{id}/reset-link", null).Ok();
        var link = await admin.PostAsync($"/api/users/{id}/reset-link", null).Ok();
        Assert.StartsWith("/account/reset?token=", link.Str("path"));
        Assert.EndsWith(link.Str("path"), link.Str("url"));
        var token = link.Str("path")["/account/reset?token=".Length..];
        // Only a hash of the token is stored.
        Assert.False(await app.Db(db => db.PasswordResetLinks.AnyAsync(r => r.TokenHash.Contains(token))));

        var anonymous = app.Anonymous();
        // A newer link replaces the older one.
        await anonymous.PostJson("/api/auth/password-reset", new { token = first.Str("path")["/account/reset?token=".Length..], newPassword = "Fresh#2026y", confirmPassword = "Fresh#2026y" })
            .Problem(HttpStatusCode.NotFound);
        var mismatch = await anonymous.PostJson("/api/auth/password-reset", new { token, newPassword = "Fresh#2026y", confirmPassword = "Fresh#2026z" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(mismatch.GetProperty("errors").TryGetProperty("confirmPassword", out _));
        var weak = await anonymous.PostJson("/api/auth/password-reset", new { token, newPassword = "short", confirmPassword = "short" }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("8", weak.GetProperty("errors").GetProperty("newPassword")[0].GetString());
        await anonymous.PostJson("/api/auth/password-reset", new { token = "not-a-token", newPassword = "Fresh#2026y", confirmPassword = "Fresh#2026y" }).Problem(HttpStatusCode.NotFound);

        // The refused attempts used nothing: the link still works, once.
        await anonymous.PostJson("/api/auth/password-reset", new { token, newPassword = "Fresh#2026y", confirmPassword = "Fresh#2026y" }).Ok(HttpStatusCode.NoContent);
        await TokenAsync(userName, "Fresh#2026y");
        var again = await anonymous.PostJson("/api/auth/password-reset", new { token, newPassword = "Other#2026y", confirmPassword = "Other#2026y" }).Problem(HttpStatusCode.Gone);
        Assert.Contains("已被使用", again.Str("detail"));
        await TokenAsync(userName, "Fresh#2026y");
        // The page says so too, with the status.
        var pageResponse = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/account/reset?token={token}");
        Assert.Equal(HttpStatusCode.Gone, pageResponse.StatusCode);
        Assert.Contains("已被使用", await pageResponse.Content.ReadAsStringAsync());

        // A day and a minute later (the link lives 24 hours), a fresh link is refused as expired.
        var late = await admin.PostAsync($"/api/users/{id}/reset-link", null).Ok();
        var lateToken = late.Str("path")["/account/reset?token=".Length..];
        using var scope = app.Services.CreateScope();
        var clock = new FakeTimeProvider(late.GetProperty("expiresAt").GetDateTimeOffset().AddMinutes(1));
        var passwords = ActivatorUtilities.CreateInstance<PasswordChanges>(scope.ServiceProvider, (TimeProvider)clock);
        var expired = await Assert.ThrowsAsync<AppProblem>(() => passwords.RedeemAsync(new RedeemResetLink(lateToken, "Later#2026y", "Later#2026y"), default));
        Assert.Equal(410, expired.Status);
        Assert.Contains("expired", expired.Detail); // no request, so no language: the English source
        await TokenAsync(userName, "Fresh#2026y"); // unchanged

        Assert.Equal(["user.create", "user.reset-link", "user.reset-link", "user.password-reset", "user.reset-link"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task The_reset_page_sets_the_password_and_keeps_refusals_beside_the_fields()
    {
        var (id, userName) = await NewAccountAsync();
        var admin = await PageBrowser.SignIn(app, "admin");
        var made = await admin.PostEndpoint($"/admin/users/{id}", $"/forms/users/{id}/reset-link");
        Assert.Equal($"/admin/users/{id}", Target(made));
        var (_, shown) = await admin.Get($"/admin/users/{id}");
        var path = System.Text.RegularExpressions.Regex.Match(shown, "/account/reset\\?token=[A-Za-z0-9_-]+").Value;
        Assert.NotEmpty(path);

        var browser = new PageBrowser(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        var refused = await browser.PostForm(path, "password-reset", ("Input.NewPassword", "Fresh#2026y"), ("Input.ConfirmPassword", "nope"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await refused.Content.ReadAsStringAsync(), "password-reset-confirmPassword"));
        var done = await browser.PostForm(path, "password-reset", ("Input.NewPassword", "Fresh#2026y"), ("Input.ConfirmPassword", "Fresh#2026y"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.StartsWith("/login", Target(done));
        await BrowserAsync(userName, "Fresh#2026y");
    }

    [Fact]
    public async Task A_temporary_password_must_be_changed_before_anything_else()
    {
        var (id, userName) = await NewAccountAsync();
        var admin = await app.ClientFor("admin");
        var weak = await admin.PostJson($"/api/users/{id}/temporary-password", new { password = "abc" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(weak.GetProperty("errors").TryGetProperty("password", out _));
        var set = await admin.PostJson($"/api/users/{id}/temporary-password", new { }).Ok();
        var temporary = set.Str("password");
        Assert.True(temporary.Length >= 12);
        Assert.DoesNotContain(temporary, await app.Db(db => db.AuditEntries.Where(a => a.EntityId == id).Select(a => a.Detail ?? "").ToListAsync()) is var details ? string.Join("|", details) : "");
        await app.Anonymous().PostJson("/api/auth/token", new { userName, password = Password }).Problem(HttpStatusCode.Unauthorized);

        // The API answers only the password change until then.
        var api = Bearer(await TokenAsync(userName, temporary));
        var blocked = await api.GetAsync("/api/me").Problem(HttpStatusCode.Forbidden);
        Assert.Contains("临时密码", blocked.Str("detail"));

        // A browser is sent to the password page from anywhere.
        var browser = await BrowserAsync(userName, temporary);
        foreach (var url in new[] { "/", "/areas", "/inbox" })
        {
            var response = await browser.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/password", Target(response));
        }
        var (status, page) = await browser.Get("/account/password");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("must-change", page);

        var wrongCurrent = await browser.PostForm("/account/password", "password-change",
            ("Input.CurrentPassword", "Wrong#2026"), ("Input.NewPassword", "Mine#2026ab"), ("Input.ConfirmPassword", "Mine#2026ab"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await wrongCurrent.Content.ReadAsStringAsync(), "password-change-currentPassword"));
        var same = await browser.PostForm("/account/password", "password-change",
            ("Input.CurrentPassword", temporary), ("Input.NewPassword", temporary), ("Input.ConfirmPassword", temporary));
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);

        var changed = await browser.PostForm("/account/password", "password-change",
            ("Input.CurrentPassword", temporary), ("Input.NewPassword", "Mine#2026ab"), ("Input.ConfirmPassword", "Mine#2026ab"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/", Target(changed));
        // The same browser goes on, with its new cookie, past the session check too.
        await PastTheSessionCheck();
        Assert.Equal(HttpStatusCode.OK, (await browser.Get("/areas")).Status);
        Assert.False(await app.Db(db => db.Users.Where(u => u.Id == id).Select(u => u.MustChangePassword).SingleAsync()));
        await Bearer(await TokenAsync(userName, "Mine#2026ab")).GetAsync("/api/me").Ok();
        Assert.Equal(["user.create", "user.temporary-password", "user.password-change"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_an_open_cookie_and_a_token()
    {
        var (id, userName) = await NewAccountAsync();
        var browser = await BrowserAsync(userName);
        var token = await TokenAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await browser.Get("/areas")).Status);

        await (await app.ClientFor("admin")).PostAsync($"/api/users/{id}/sign-out", null).Ok(HttpStatusCode.NoContent);
        await PastTheSessionCheck();
        var page = await browser.Client.GetAsync("/areas");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", Target(page));
        await Bearer(token).GetAsync("/api/me").Problem(HttpStatusCode.Unauthorized);
        // Signing in again works: nothing else changed.
        await BrowserAsync(userName);
        Assert.Equal(["user.create", "user.sign-out"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Failures_lock_after_the_configured_number_and_are_listed_with_filters()
    {
        var (id, userName) = await NewAccountAsync();
        var anonymous = app.Anonymous();
        for (var i = 0; i < 5; i++)
            await anonymous.PostJson("/api/auth/token", new { userName, password = "Wrong#2026x" }).Problem(HttpStatusCode.Unauthorized);
        var locked = await anonymous.PostJson("/api/auth/token", new { userName, password = Password }).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("锁定", locked.Str("detail"));
        var unknown = GongzhiApp.Unique("nobody");
        await anonymous.PostJson("/api/auth/token", new { userName = unknown, password = "x" }).Problem(HttpStatusCode.Unauthorized);

        var admin = await app.ClientFor("admin");
        var all = await admin.GetAsync($"/api/sign-in-attempts?userName={userName}").Ok();
        Assert.Equal(6, all.Int("total"));
        Assert.All(all.Items(), a => Assert.Equal(id, a.Str("userId")));
        Assert.Equal(4, (await admin.GetAsync($"/api/sign-in-attempts?userName={userName}&failure=WrongPassword").Ok()).Int("total"));
        Assert.Equal(2, (await admin.GetAsync($"/api/sign-in-attempts?userName={userName}&failure=LockedOut").Ok()).Int("total"));
        var paged = await admin.GetAsync($"/api/sign-in-attempts?userName={userName}&page=2&pageSize=4").Ok();
        Assert.Equal(2, paged.Items().Count());
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(0, (await admin.GetAsync($"/api/sign-in-attempts?userName={userName}&from={tomorrow}").Ok()).Int("total"));
        Assert.Equal(6, (await admin.GetAsync($"/api/sign-in-attempts?userName={userName}&to={tomorrow}").Ok()).Int("total"));
        var nobody = (await admin.GetAsync($"/api/sign-in-attempts?userName={unknown}").Ok()).Items().Single();
        Assert.Equal("UnknownUser", nobody.Str("failure"));
        Assert.Equal(JsonValueKind.Null, nobody.GetProperty("userId").ValueKind);
        await admin.GetAsync("/api/sign-in-attempts?failure=Bogus").Problem(HttpStatusCode.BadRequest);
        await admin.GetAsync("/api/sign-in-attempts?from=yesterday").Problem(HttpStatusCode.BadRequest);

        var page = await PageBrowser.SignIn(app, "admin");
        var (status, html) = await page.Get($"/admin/sign-ins?userName={userName}&failure=LockedOut");
        Assert.True(status == HttpStatusCode.OK, string.Join("\n", app.ServerErrors));
        Assert.Contains($"/admin/users/{id}", html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "text-bg-warning").Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await page.Get("/admin/sign-ins?failure=Bogus")).Status);
        Assert.Equal(HttpStatusCode.OK, (await page.Get("/admin/sign-ins?failure=&userName=&from=&to=")).Status);

        // The account page shows the lockout; an admin's unlock lifts it.
        var (_, userPage) = await page.Get($"/admin/users/{id}");
        Assert.Contains("unlock-account", userPage);
        await admin.PostJson($"/api/users/{id}/unlock", new { }).Ok();
        await TokenAsync(userName);
    }

    [Fact]
    public async Task The_nightly_job_forgets_old_failed_sign_ins_and_spent_reset_links()
    {
        var (id, userName) = await NewAccountAsync();
        await app.Anonymous().PostJson("/api/auth/token", new { userName, password = "Wrong#2026x" }).Problem(HttpStatusCode.Unauthorized);
        var admin = await app.ClientFor("admin");
        var link = await admin.PostAsync($"/api/users/{id}/reset-link", null).Ok();
        // Half a year later (the job's clock moved; the rows are as the requests left them).
        var later = DateTimeOffset.UtcNow.AddDays(181);
        using (var scope = app.Services.CreateScope())
        {
            var services = new ClockedServices(scope.ServiceProvider, new FakeTimeProvider(later));
            await Gongzhi.Modules.Accounts.Features.Administration.AccountsCleanup.RunAsync(services, default);
        }
        Assert.Equal(0, (await admin.GetAsync($"/api/sign-in-attempts?userName={userName}").Ok()).Int("total"));
        Assert.False(await app.Db(db => db.PasswordResetLinks.AnyAsync(r => r.UserId == id)));
        var token = link.Str("path")["/account/reset?token=".Length..];
        await app.Anonymous().PostJson("/api/auth/password-reset", new { token, newPassword = "Fresh#2026y", confirmPassword = "Fresh#2026y" }).Problem(HttpStatusCode.NotFound);
        Assert.Contains(Gongzhi.Modules.Accounts.Features.Administration.AccountsCleanup.JobName,
            (await admin.GetAsync("/api/jobs").Ok()).ToString());
    }

    /// <summary>The app's services with another clock, as a job would see them on a later night.</summary>
    private sealed class ClockedServices(IServiceProvider inner, TimeProvider clock) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(TimeProvider) ? clock : inner.GetService(serviceType);
    }

    [Fact]
    public async Task The_staff_list_and_the_account_page_show_the_last_sign_in()
    {
        var (id, userName) = await NewAccountAsync();
        var admin = await app.ClientFor("admin");
        Assert.Equal(JsonValueKind.Null, (await admin.GetAsync($"/api/users/{id}").Ok()).GetProperty("lastSignInAt").ValueKind);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await BrowserAsync(userName);
        var at = (await admin.GetAsync($"/api/users/{id}").Ok()).GetProperty("lastSignInAt").GetDateTimeOffset();
        Assert.InRange(at, before, DateTimeOffset.UtcNow.AddSeconds(1));
        var shown = at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm");
        var pages = await PageBrowser.SignIn(app, "admin");
        Assert.Contains(shown, (await pages.Get($"/admin/users/{id}")).Html);
        Assert.Contains(shown, (await pages.Get($"/admin/users?q={userName}")).Html);
    }

    [Fact]
    public async Task An_account_changes_its_own_password_and_its_other_sessions_end()
    {
        var (id, userName) = await NewAccountAsync();
        var token = await TokenAsync(userName);
        var other = await TokenAsync(userName);
        var api = Bearer(token);
        var wrong = await api.PutJson("/api/me/password", new { currentPassword = "Nope#2026x", newPassword = "Mine#2026ab", confirmPassword = "Mine#2026ab" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(wrong.GetProperty("errors").TryGetProperty("currentPassword", out _));
        var bad = await api.PutJson("/api/me/password", new { currentPassword = Password, newPassword = "mine", confirmPassword = "other" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("confirmPassword", out _));

        var renewed = await api.PutJson("/api/me/password", new { currentPassword = Password, newPassword = "Mine#2026ab", confirmPassword = "Mine#2026ab" }).Ok();
        await PastTheSessionCheck();
        await Bearer(renewed.Str("access_token")).GetAsync("/api/me").Ok();
        await Bearer(other).GetAsync("/api/me").Problem(HttpStatusCode.Unauthorized);
        await app.Anonymous().PostJson("/api/auth/token", new { userName, password = Password }).Problem(HttpStatusCode.Unauthorized);
        Assert.Equal(["user.create", "user.password-change"], await AuditActionsAsync(id));

        // The account menu leads to the page, which also fits a phone (one column, full-width button).
        var browser = await BrowserAsync(userName, "Mine#2026ab");
        var (_, home) = await browser.Get("/");
        Assert.Contains("href=\"/account/password\"", home);
        var (_, page) = await browser.Get("/account/password");
        Assert.Contains("col-12", page);
        Assert.DoesNotContain("must-change", page);
    }

    [Fact]
    public async Task A_department_with_active_staff_is_not_retired_and_a_retired_one_takes_no_staff()
    {
        var admin = await app.ClientFor("admin");
        var code = GongzhiApp.Unique("dept").ToLowerInvariant();
        await admin.PostJson("/api/departments", new { code, name = "测试部门" }).Ok(HttpStatusCode.Created);
        var (staffId, staffName) = await NewAccountAsync("department", code);

        var refused = await admin.PostAsync($"/api/departments/{code}/retire", null).Problem(HttpStatusCode.Conflict);
        Assert.Contains(staffName, refused.Str("detail"));
        Assert.Contains("1", refused.Str("detail"));
        Assert.False(await app.Db(db => db.AuditEntries.AnyAsync(a => a.Action == "department.retire" && a.EntityId == code)));
        await (await app.ClientFor("street")).PostAsync($"/api/departments/{code}/retire", null).Problem(HttpStatusCode.Forbidden);
        await admin.PostAsync("/api/departments/no-such-dept/retire", null).Problem(HttpStatusCode.NotFound);

        // Once its staff cannot sign in, it retires; it takes no new staff then, and comes back with restore.
        await admin.PostJson($"/api/users/{staffId}/lock", new { reason = "部门撤销" }).Ok();
        var retired = await admin.PostAsync($"/api/departments/{code}/retire", null).Ok();
        Assert.True(retired.GetProperty("isRetired").GetBoolean());
        await admin.PostAsync($"/api/departments/{code}/retire", null).Problem(HttpStatusCode.Conflict);
        var noStaff = await admin.PostJson("/api/users", new { userName = GongzhiApp.Unique("acct"), displayName = "新人", password = Password, role = "department", departmentCode = code })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(noStaff.GetProperty("errors").TryGetProperty("departmentCode", out _));
        Assert.True((await admin.GetAsync("/api/departments").Ok()).EnumerateArray().Single(d => d.Str("code") == code).GetProperty("isRetired").GetBoolean());

        // The page restores it (and offers retiring again).
        var page = await PageBrowser.SignIn(app, "admin");
        var restored = await page.PostEndpoint("/admin/departments", $"/forms/departments/{code}/restore");
        Assert.Equal("/admin/departments", Target(restored));
        Assert.Contains($"/forms/departments/{code}/retire", (await page.Get("/admin/departments")).Html);
        await NewAccountAsync("department", code);
        Assert.Equal(["department.create", "department.retire", "department.restore"],
            await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "department" && a.EntityId == code).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountAdministrationTestsOnSqlite(SqliteApp app) : AccountAdministrationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AccountAdministrationTestsOnPostgres(PostgresApp app) : AccountAdministrationTests(app);
