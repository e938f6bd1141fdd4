using System.Net;
using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Notifications;

/// <summary>The pages: the inbox (open follows the message's link and marks it read), the admin outbox and jobs pages.</summary>
public abstract partial class InboxPageTests(GongzhiApp app)
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private async Task<HttpClient> BrowserFor(string userName)
    {
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var token = AntiforgeryToken().Match(await browser.GetStringAsync("/login")).Groups[1].Value;
        var signIn = await browser.PostAsync("/account/login", Form(("userName", userName), ("password", GongzhiApp.Password), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    private static FormUrlEncodedContent Form(params (string, string)[] fields) => new(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));

    [Fact]
    public async Task Opening_a_message_marks_it_read_and_follows_its_link_inside_the_app_only()
    {
        var user = await app.Db(db => db.Users.Where(u => u.UserName == "community").Select(u => u.Id).SingleAsync());
        var (inside, outside) = (GongzhiApp.Unique("page-"), GongzhiApp.Unique("page-"));
        await app.Services.AsSystemAsync(async sp =>
        {
            var notifier = sp.GetRequiredService<INotifier>();
            await notifier.EnqueueAsync(new OutgoingMessage("notifications.notice", inside, [new Recipient.Account(user)],
                new Dictionary<string, string> { ["title"] = inside, ["text"] = "x" }, Link: "/areas"), default);
            await notifier.EnqueueAsync(new OutgoingMessage("notifications.notice", outside, [new Recipient.Account(user)],
                new Dictionary<string, string> { ["title"] = outside, ["text"] = "x" }, Link: "//evil.example/"), default);
            await sp.GetRequiredService<GongzhiDb>().SaveChangesAsync();
        });
        var ids = await app.Db(db => db.Notifications.Where(n => n.DedupKey.StartsWith(inside) || n.DedupKey.StartsWith(outside))
            .OrderBy(n => n.Id).Select(n => n.Id).ToListAsync());

        var browser = await BrowserFor("community");
        var page = await browser.GetStringAsync("/inbox?unread=true");
        Assert.Contains(inside, page);
        Assert.Contains($"action=\"/forms/inbox/{ids[0]}/open\"", page);
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var open = await browser.PostAsync($"/forms/inbox/{ids[0]}/open", Form(("__RequestVerificationToken", token)));
        Assert.Equal("/areas", open.Headers.Location!.OriginalString);
        var evil = await browser.PostAsync($"/forms/inbox/{ids[1]}/open", Form(("__RequestVerificationToken", token)));
        Assert.Equal("/inbox", evil.Headers.Location!.OriginalString);
        Assert.Equal(2, await app.Db(db => db.Notifications.CountAsync(n => ids.Contains(n.Id) && n.ReadAt != null)));

        var other = await BrowserFor("grid2");
        var otherToken = AntiforgeryToken().Match(await other.GetStringAsync("/inbox")).Groups[1].Value;
        var notMine = await other.PostAsync($"/forms/inbox/{ids[0]}/read", Form(("__RequestVerificationToken", otherToken)));
        // The outcome travels in the flash cookie, never in the URL.
        Assert.Equal("/inbox", notMine.Headers.Location!.OriginalString);
        Assert.Contains("class=\"alert alert-danger py-2\"", await other.GetStringAsync("/inbox"));
        var readAll = await browser.PostAsync("/forms/inbox/read-all", Form(("__RequestVerificationToken", token)));
        Assert.Equal("/inbox", readAll.Headers.Location!.OriginalString);
        Assert.Contains("id=\"inbox-page-unread\">0<", await browser.GetStringAsync("/inbox"));
    }

    [Fact]
    public async Task Admins_have_the_outbox_and_jobs_pages_and_others_do_not()
    {
        var admin = await BrowserFor("admin");
        Assert.Contains("id=\"outbox-counts\"", await admin.GetStringAsync("/admin/outbox?state=Dead"));
        Assert.Contains("notifications.cleanup", await admin.GetStringAsync("/admin/jobs"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/jobs/notifications.cleanup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/outbox?channel=Bogus&page=x")).StatusCode);
        var outbox = await admin.GetStringAsync("/admin/outbox");
        var test = await admin.PostAsync("/forms/notifications/test",
            Form(("channel", "Sms"), ("to", "13800005555"), ("__RequestVerificationToken", AntiforgeryToken().Match(outbox).Groups[1].Value)));
        Assert.Equal("/admin/outbox", test.Headers.Location!.OriginalString);
        Assert.Contains("class=\"alert alert-success py-2\" role=\"status\" id=\"flash\">", await admin.GetStringAsync("/admin/outbox"));
        var templates = await admin.GetStringAsync("/admin/templates");
        Assert.Contains("id=\"template-notifications.test\"", templates);
        var token = AntiforgeryToken().Match(templates).Groups[1].Value;
        var refused = await admin.PostAsync("/forms/notifications/templates/notifications.test/zh-CN",
            Form(("title", "测试 {nope}"), ("body", "{channel}"), ("__RequestVerificationToken", token)));
        var refusal = await admin.GetStringAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("alert-danger", refusal);
        Assert.Contains("{nope}", refusal);
        var saved = await admin.PostAsync("/forms/notifications/templates/notifications.test/zh-CN",
            Form(("title", "测试消息"), ("body", "这是一条经{channel}发送的测试消息（{time}）。"), ("__RequestVerificationToken", token)));
        Assert.Contains("alert-success", await admin.GetStringAsync(saved.Headers.Location!.OriginalString));
        var grid = await BrowserFor("grid1");
        Assert.NotEqual(HttpStatusCode.OK, (await grid.GetAsync("/admin/templates")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await grid.GetAsync("/admin/jobs")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await grid.GetAsync("/admin/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await grid.GetAsync("/inbox")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InboxPageTestsOnSqlite(SqliteApp app) : InboxPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InboxPageTestsOnPostgres(PostgresApp app) : InboxPageTests(app);
