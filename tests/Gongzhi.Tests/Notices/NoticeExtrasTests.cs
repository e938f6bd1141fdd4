using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features;
using Gongzhi.Modules.Notifications.Features.Dispatch;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Notifications;
using Gongzhi.Tests.Pages;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Notices;

/// <summary>
/// Notices' attachments (checked by extension and content, all or nothing, served by an unguessable link as a
/// download), the printable poster with its QR link, absolute links in what leaves the app (WeCom robots, e-mail),
/// and a resident's home section listing only the notices of their own area.
/// </summary>
public abstract class NoticeExtrasTests(GongzhiApp app) : IAsyncLifetime
{
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddSeconds(-1);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => app.Given.NoticesWithdrawnSinceAsync(_started);

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private static object Notice(string area, string title, string[]? channels = null, string urgency = "Normal") =>
        new { title, body = "周六上午停水。\n请提前储水。", urgency, areaCodes = new[] { area }, channels = channels ?? ["InApp"] };

    private async Task<HttpClient> UploaderAsync()
    {
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync("community"));
        return api;
    }

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "files", name);
        return form;
    }

    private Task<int> AttachmentCountAsync(long noticeId) => app.Db(db => db.NoticeAttachments.CountAsync(a => a.NoticeId == noticeId));

    [Fact]
    public async Task Attachments_are_checked_all_or_nothing_and_downloaded_by_their_token_from_the_public_page()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var community = await app.ClientFor("community");
        var notice = await community.PostJson("/api/notices", Notice(grid, GongzhiApp.Unique("附件通知"))).Ok(HttpStatusCode.Created);
        var id = notice.GetProperty("id").GetInt64();
        var api = await UploaderAsync();

        // A good PDF beside text dressed as a picture: refused by field, and the PDF is not written either.
        var bad = await api.PostAsync($"/api/notices/{id}/attachments", Files(("停水说明.pdf", Pdf), ("照片.png", "<script>alert(1)</script>"u8.ToArray()))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("照片.png", bad.GetProperty("errors").GetProperty("attachments")[0].GetString());
        Assert.Equal(0, await AttachmentCountAsync(id));
        // A kind we do not take (an executable), whatever its content.
        (await api.PostAsync($"/api/notices/{id}/attachments", Files(("setup.exe", Pdf))).Problem(HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("attachments");
        // One byte over Notices:MaxAttachmentBytes (10 MB by default).
        var big = new byte[10 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        var oversized = await api.PostAsync($"/api/notices/{id}/attachments", Files(("大文件.pdf", big))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("10 MB", oversized.GetProperty("errors").GetProperty("attachments")[0].GetString());
        Assert.Equal(0, await AttachmentCountAsync(id));
        // More than Notices:MaxAttachments (5) in all.
        (await api.PostAsync($"/api/notices/{id}/attachments", Files([.. Enumerable.Range(1, 6).Select(i => ($"第{i}页.pdf", Pdf))])).Problem(HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("attachments");
        Assert.Equal(0, await AttachmentCountAsync(id));

        var stored = await api.PostAsync($"/api/notices/{id}/attachments", Files(("停水说明.pdf", Pdf), ("路线图.png", Png))).Ok();
        Assert.Equal(["停水说明.pdf", "路线图.png"], stored.EnumerateArray().Select(a => a.Str("fileName")));
        var pdfUrl = stored[0].Str("url");
        Assert.Matches(@"^/api/public/notices/\d+/attachments/[0-9a-f]{32}$", pdfUrl);

        // The public page lists them; the download is an attachment of the checked type, byte for byte.
        var anonymous = app.Anonymous();
        var page = await (await anonymous.GetAsync($"/n/{id}")).Content.ReadAsStringAsync();
        Assert.Contains(pdfUrl, page);
        Assert.Contains("路线图.png", page);
        var download = await anonymous.GetAsync(pdfUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("停水说明.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        // A guessed token or another notice's id finds nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/notices/{id}/attachments/{new string('0', 32)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(pdfUrl.Replace($"/notices/{id}/", $"/notices/{id + 100000}/"))).StatusCode);

        // Withdrawn: its files are gone from the public too.
        await community.PostAsync($"/api/notices/{id}/withdraw", null).Ok();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(pdfUrl)).StatusCode);
    }

    [Fact]
    public async Task The_form_saves_a_notice_with_its_files_in_one_go_and_a_bad_file_saves_no_notice()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var browser = await PageBrowser.SignIn(app, "community");
        async Task<HttpResponseMessage> PostAsync(string title, params (string Name, byte[] Bytes)[] files)
        {
            var (_, page) = await browser.Get("/notices/new");
            var form = new MultipartFormDataContent();
            foreach (var (k, v) in new[] { ("_handler", "notice"), ("__RequestVerificationToken", PageBrowser.Token(page)), ("Input.Title", title), ("Input.Body", "正文"),
                         ("Input.Urgency", "Normal"), ("Input.AreaCode", grid), ("Input.InApp", "true"), ("Input.Action", "publish") })
                form.Add(new StringContent(v), k);
            foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "Attachments", name);
            return await browser.Client.PostAsync("/notices/new", form);
        }

        var refusedTitle = GongzhiApp.Unique("坏附件通知");
        var refused = await PostAsync(refusedTitle, ("通知.pdf", Pdf), ("病毒.docx", Pdf));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains(refusedTitle, html); // re-rendered with what was typed
        Assert.Contains("病毒.docx", PageBrowser.FieldError(html, "notice-attachments") ?? "");
        Assert.Equal(0, await app.Db(db => db.Notices.IgnoreQueryFilters().CountAsync(n => n.Title == refusedTitle)));

        var title = GongzhiApp.Unique("带附件通知");
        var saved = await PostAsync(title, ("通知.pdf", Pdf), ("路线图.png", Png));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = await app.Db(db => db.Notices.IgnoreQueryFilters().Where(n => n.Title == title).Select(n => n.Id).SingleAsync());
        Assert.Equal(2, await AttachmentCountAsync(id));
        var (_, report) = await browser.Get($"/notices/{id}");
        Assert.Contains("路线图.png", report);
    }

    [Fact]
    public async Task The_poster_prints_the_notice_with_a_qr_code_to_its_absolute_public_link()
    {
        var grid = await app.Given.GridAsync();
        var community = await app.ClientFor("community");
        var title = GongzhiApp.Unique("海报通知");
        var id = (await community.PostJson("/api/notices", Notice(grid.Str("code"), title, urgency: "Emergency")).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var response = await community.GetAsync($"/notices/{id}/poster");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(title, html);
        Assert.Contains("紧急通知", html);
        Assert.Contains("@page { size: A4", html);
        Assert.Contains(grid.Str("name"), html); // issued by the notice's area
        Assert.Contains($"data-url=\"http://localhost/n/{id}\"", html);
        Assert.Contains("src=\"data:image/png;base64,", html);
        // A grid worker of another grid does not print it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientFor("grid1")).GetAsync($"/notices/{id}/poster")).StatusCode);
    }

    /// <summary>Runs the outbox on a clock far ahead until the notice's deliveries have left the queue.</summary>
    private async Task DispatchAsync(long noticeId, IReadOnlyList<IChannelSender> senders)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(505));
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services, clock, Options.Create(new NotificationOptions()));
        for (var round = 0; round < 50; round++)
        {
            var waiting = await app.Db(db => db.NotificationDeliveries.CountAsync(d => d.Notification.DedupKey.StartsWith($"notice:{noticeId}|")
                && (d.State == DeliveryState.Queued || d.State == DeliveryState.Sending)));
            if (waiting == 0) return;
            await dispatcher.DispatchOnceAsync(senders, default);
            clock.Advance(TimeSpan.FromMinutes(2));
        }
        Assert.Fail("The notice's deliveries stayed queued.");
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    [Theory]
    [InlineData("https://gongzhi.example.cn/")]
    [InlineData(null)]
    public async Task Robot_and_email_messages_link_the_notice_absolutely_by_the_setting_or_else_the_request(string? publicBaseUrl)
    {
        var grid = await app.Given.GridAsync();
        var household = (await app.Given.HouseholdAsync(grid.Str("code"))).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        var email = GongzhiApp.Unique("link") + "@example.cn";
        await app.Db(async db =>
        {
            db.Users.Add(new GongzhiUser { UserName = GongzhiApp.Unique("link-resident-"), Email = email, ResidentId = resident, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        using var robot = new LocalHttpListener();
        using var smtp = await new LocalSmtpServer().ReadyAsync();
        var robotName = GongzhiApp.Unique("link-robot-");
        var admin = await app.ClientFor("admin");
        await admin.PutJson($"/api/notifications/robots/{robotName}", new { areaCode = grid.Str("code"), url = robot.Url + "cgi-bin/webhook/send?key=K" + robotName }).Ok();
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        configuration[PublicLinks.Setting] = publicBaseUrl;
        try
        {
            var community = await app.ClientFor("community");
            var id = (await community.PostJson("/api/notices", Notice(grid.Str("code"), GongzhiApp.Unique("链接通知"), ["WeCom", "Email", "InApp"])).Ok(HttpStatusCode.Created))
                .GetProperty("id").GetInt64();
            var expected = (publicBaseUrl?.TrimEnd('/') ?? "http://localhost") + $"/n/{id}";

            var mail = new SmtpEmailSender(new StaticMonitor<SmtpOptions>(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, Security = "None", From = "noreply@gongzhi.example" }));
            await DispatchAsync(id, [mail]);
            var content = JsonDocument.Parse(Assert.Single(robot.Requests).Body).RootElement.GetProperty("text").GetProperty("content").GetString()!;
            Assert.EndsWith("\n" + expected, content);
            Assert.Contains(expected, Assert.Single(smtp.Messages, m => m.To.Contains(email)).Raw);
            // The inbox stores the same absolute link, and opening it from the inbox stays inside the app.
            Assert.Equal(expected, await app.Db(db => db.Notifications.Where(n => n.DedupKey.StartsWith($"notice:{id}|") && n.InApp).Select(n => n.Link).FirstAsync()));
        }
        finally
        {
            configuration[PublicLinks.Setting] = null;
            await admin.DeleteAsync($"/api/notifications/robots/{robotName}");
        }
    }

    /// <summary>A resident account of their own (password sign-in), linked to the resident.</summary>
    private async Task<string> ResidentAccountAsync(long residentId)
    {
        var name = GongzhiApp.Unique("home-resident-");
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GongzhiUser>>();
        var user = new GongzhiUser { UserName = name, ResidentId = residentId, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, GongzhiApp.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, "resident")).Succeeded);
        return name;
    }

    [Fact]
    public async Task A_residents_home_lists_only_the_notices_of_their_own_area_emergencies_first_with_read_state()
    {
        var grid = await app.Given.GridAsync();
        var otherGrid = await app.Given.GridAsync();
        var household = (await app.Given.HouseholdAsync(grid.Str("code"))).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        var account = await ResidentAccountAsync(resident);
        var community = await app.ClientFor("community");
        var mine = GongzhiApp.Unique("本网格通知");
        var urgent = GongzhiApp.Unique("本网格紧急");
        var elsewhere = GongzhiApp.Unique("别的网格通知");
        var mineId = (await community.PostJson("/api/notices", Notice(grid.Str("code"), mine)).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var urgentId = (await community.PostJson("/api/notices", Notice(grid.Str("code"), urgent, urgency: "Emergency")).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await community.PostJson("/api/notices", Notice(otherGrid.Str("code"), elsewhere)).Ok(HttpStatusCode.Created);
        var withdrawn = GongzhiApp.Unique("已撤回通知");
        var withdrawnId = (await community.PostJson("/api/notices", Notice(grid.Str("code"), withdrawn)).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await community.PostAsync($"/api/notices/{withdrawnId}/withdraw", null).Ok();

        var me = await app.ClientFor(account);
        var list = (await me.GetAsync("/api/my/notices").Ok());
        Assert.True(list.GetProperty("linked").GetBoolean());
        var titles = list.GetProperty("notices").EnumerateArray().Select(n => n.Str("title")).ToList();
        Assert.Contains(mine, titles);
        Assert.DoesNotContain(elsewhere, titles);
        Assert.DoesNotContain(withdrawn, titles);
        Assert.True(titles.IndexOf(urgent) < titles.IndexOf(mine)); // the emergency first, though older
        Assert.All(list.GetProperty("notices").EnumerateArray().Where(n => n.Str("title") == mine), n => Assert.False(n.GetProperty("read").GetBoolean()));

        // Opening the notice's page reads it.
        Assert.Equal(HttpStatusCode.OK, (await me.GetAsync($"/n/{mineId}")).StatusCode);
        var after = (await me.GetAsync("/api/my/notices").Ok()).GetProperty("notices").EnumerateArray().ToList();
        Assert.True(after.Single(n => n.Str("title") == mine).GetProperty("read").GetBoolean());
        Assert.False(after.Single(n => n.Str("title") == urgent).GetProperty("read").GetBoolean());

        // The home page shows the section to the resident; staff do not get it.
        var browser = await PageBrowser.SignIn(app, account);
        var (_, home) = await browser.Get("/");
        Assert.Contains("id=\"my-notices\"", home);
        Assert.Contains(urgent, home);
        Assert.DoesNotContain(elsewhere, home);
        Assert.Contains($"data-notice=\"{urgentId}\" data-read=\"false\"", home);
        var (_, staffHome) = await (await PageBrowser.SignIn(app, "community")).Get("/");
        Assert.DoesNotContain("id=\"my-notices\"", staffHome);
        Assert.Equal(HttpStatusCode.Forbidden, (await community.GetAsync("/api/my/notices")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NoticeExtrasTestsOnSqlite(SqliteApp app) : NoticeExtrasTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NoticeExtrasTestsOnPostgres(PostgresApp app) : NoticeExtrasTests(app);
