using System.Net;
using System.Text.Json;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features;
using Gongzhi.Modules.Notifications.Features.Dispatch;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Tests.Notifications;
using Microsoft.Extensions.Options;
using Gongzhi.Modules.Notices.Features.Publishing;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Notices;

/// <summary>
/// Notices (通知公告) over a small known registry in the test's own grid: the exact audience for everyone and for a
/// tag or age filter, refusals that write nothing, scheduling by the job on a moved clock, withdrawal cancelling what
/// is unsent, data scope, and a public page without personal data.
/// </summary>
public abstract class NoticeTests(GongzhiApp app) : IAsyncLifetime
{
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddSeconds(-1);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => app.Given.NoticesWithdrawnSinceAsync(_started);

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>A fresh grid: 甲 (85, phone), 乙 (40, phone, tag 独居) and 丙 (10, no phone) in two households.</summary>
    private sealed record World(string Grid, Dictionary<string, long> Ids, Dictionary<string, string> Phones);

    private async Task<World> WorldAsync()
    {
        var community = await app.ClientFor("community");
        var grid = (await app.Given.GridAsync()).Str("code");
        var ids = new Dictionary<string, long>();
        var phones = new Dictionary<string, string>();
        async Task Person(string key, long household, DateOnly birth, bool male, string relation, bool phone, string[]? tags = null)
        {
            var number = phone ? "139" + Random.Shared.Next(10000000, 99999999) : null;
            var created = await community.PostJson("/api/residents", new
            {
                householdId = household, name = "通知" + key, relation, residencyType = "Registered", idNumber = TestWorkbook.IdNumber(birth, male), phone = number, tags,
            }).Ok(HttpStatusCode.Created);
            ids[key] = created.GetProperty("id").GetInt64();
            if (number is not null) phones[key] = number;
        }
        var a = (await app.Given.HouseholdAsync(grid, room: "01")).GetProperty("id").GetInt64();
        await Person("甲", a, Today.AddYears(-85), false, "Householder", true);
        var b = (await app.Given.HouseholdAsync(grid, room: "02")).GetProperty("id").GetInt64();
        await Person("乙", b, Today.AddYears(-40), true, "Householder", true, ["living-alone"]);
        await Person("丙", b, Today.AddYears(-10), false, "Child", false);
        return new World(grid, ids, phones);
    }

    private static object Notice(string area, string[]? channels = null, DateTimeOffset? publishAt = null, string urgency = "Normal",
        string[]? tags = null, int? minAge = null, string? title = null) =>
        new { title = title ?? GongzhiApp.Unique("停水通知"), body = "周六上午停水。\n请提前储水。", urgency, areaCodes = new[] { area }, tags, minAge,
            channels = channels ?? ["InApp", "Sms"], publishAt };

    private Task<List<(long? Resident, bool Urgent)>> RecipientsAsync(long noticeId) =>
        app.Db(async db => (await db.Notifications.Where(n => n.DedupKey.StartsWith($"notice:{noticeId}|"))
            .Select(n => new { n.RecipientResidentId, n.Urgent }).ToListAsync()).Select(n => (n.RecipientResidentId, n.Urgent)).ToList());

    private static JsonElement Channel(JsonElement report, string channel) =>
        report.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == channel);

    [Fact]
    public async Task All_households_reach_every_current_resident_of_the_area_and_the_preview_counts_them()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var preview = await community.PostJson("/api/notices/preview", new { areaCodes = new[] { w.Grid } }).Ok();
        Assert.Equal(3, preview.GetProperty("count").GetInt32());

        var notice = await community.PostJson("/api/notices", Notice(w.Grid, urgency: "Emergency")).Ok(HttpStatusCode.Created);
        Assert.Equal("Published", notice.Str("state"));
        Assert.Equal(3, notice.GetProperty("recipientCount").GetInt32());
        var id = notice.GetProperty("id").GetInt64();
        // 丙 has no phone and no account: resolved into the audience, but no channel reaches her.
        var recipients = await RecipientsAsync(id);
        Assert.Equal(new[] { w.Ids["甲"], w.Ids["乙"] }.Order(), recipients.Select(r => r.Resident!.Value).Order());
        Assert.All(recipients, r => Assert.True(r.Urgent)); // emergency: past quiet hours

        var report = await community.GetAsync($"/api/notices/{id}/report").Ok();
        var sms = Channel(report, "Sms");
        Assert.Equal(2, sms.GetProperty("recipients").GetInt32());
        Assert.Equal(2, sms.GetProperty("pending").GetInt32());
        var addresses = await app.Db(db => db.NotificationDeliveries.Where(d => d.Notification.DedupKey.StartsWith($"notice:{id}|")).Select(d => d.AddressMasked).ToListAsync());
        Assert.Equal(new[] { Masking.Phone(w.Phones["甲"]), Masking.Phone(w.Phones["乙"]) }.Order(), addresses.Order());
    }

    [Fact]
    public async Task A_tag_or_an_age_selects_exactly_those_residents()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        Assert.Equal(1, (await community.PostJson("/api/notices/preview", new { areaCodes = new[] { w.Grid }, minAge = 80 }).Ok()).GetProperty("count").GetInt32());

        var old = await community.PostJson("/api/notices", Notice(w.Grid, minAge: 80)).Ok(HttpStatusCode.Created);
        Assert.Equal([w.Ids["甲"]], (await RecipientsAsync(old.GetProperty("id").GetInt64())).Select(r => r.Resident!.Value));
        Assert.All(await RecipientsAsync(old.GetProperty("id").GetInt64()), r => Assert.False(r.Urgent));

        var alone = await community.PostJson("/api/notices", Notice(w.Grid, tags: ["living-alone"])).Ok(HttpStatusCode.Created);
        Assert.Equal(1, alone.GetProperty("recipientCount").GetInt32());
        Assert.Equal([w.Ids["乙"]], (await RecipientsAsync(alone.GetProperty("id").GetInt64())).Select(r => r.Resident!.Value));
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_written()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var title = GongzhiApp.Unique("坏通知");
        var problem = await community.PostJson("/api/notices", new { title, body = "x", areaCodes = Array.Empty<string>(), channels = Array.Empty<string>(),
            publishAt = DateTimeOffset.UtcNow.AddHours(-1) }).Problem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("areaCodes", out _));
        Assert.True(errors.TryGetProperty("channels", out _));
        Assert.True(errors.TryGetProperty("publishAt", out _));
        await community.PostJson("/api/notices", Notice(w.Grid, tags: ["no-such-tag"], title: title)).Problem(HttpStatusCode.BadRequest);
        await community.PostJson("/api/notices/preview", new { areaCodes = Array.Empty<string>() }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(0, await app.Db(db => db.Notices.IgnoreQueryFilters().CountAsync(n => n.Title == title)));
        Assert.Equal(0, await app.Db(db => db.Notifications.CountAsync(n => n.Title.Contains(title))));
    }

    [Fact]
    public async Task A_community_worker_cannot_target_another_community_and_a_grid_worker_writes_none()
    {
        var community = await app.ClientFor("community");
        var title = GongzhiApp.Unique("越权通知");
        var problem = await community.PostJson("/api/notices", Notice(DemoCodes.OtherCommunity, title: title)).Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("areaCodes", out _));
        await community.PostJson("/api/notices/preview", new { areaCodes = new[] { DemoCodes.OtherCommunity } }).Problem(HttpStatusCode.BadRequest);
        var grid1 = await app.ClientFor("grid1");
        await grid1.PostJson("/api/notices", Notice(DemoCodes.Grid1, title: title)).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.Db(db => db.Notices.IgnoreQueryFilters().CountAsync(n => n.Title == title)));

        // A notice of the street is out of the community worker's reach.
        var street = await app.ClientFor("street");
        var other = await street.PostJson("/api/notices", Notice(DemoCodes.OtherCommunity, channels: ["InApp"], publishAt: DateTimeOffset.UtcNow.AddDays(2))).Ok(HttpStatusCode.Created);
        await community.GetAsync($"/api/notices/{other.GetProperty("id").GetInt64()}/report").Problem(HttpStatusCode.NotFound);
        await community.PostAsync($"/api/notices/{other.GetProperty("id").GetInt64()}/withdraw", null).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_scheduled_notice_is_not_sent_before_its_time_and_the_job_sends_it_after()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var at = DateTimeOffset.UtcNow.AddHours(3);
        var notice = await community.PostJson("/api/notices", Notice(w.Grid, publishAt: at)).Ok(HttpStatusCode.Created);
        var id = notice.GetProperty("id").GetInt64();
        Assert.Equal("Scheduled", notice.Str("state"));
        Assert.Empty(await RecipientsAsync(id));
        await app.Anonymous().GetAsync($"/api/public/notices/{id}").Problem(HttpStatusCode.NotFound);

        await app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<NoticeService>(sp, new FakeTimeProvider(at.AddMinutes(-5))).PublishDueAsync(default));
        Assert.Empty(await RecipientsAsync(id));
        Assert.Equal("Scheduled", (await community.GetAsync($"/api/notices/{id}").Ok()).Str("state"));

        await app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<NoticeService>(sp, new FakeTimeProvider(at.AddMinutes(1))).PublishDueAsync(default));
        Assert.Equal(2, (await RecipientsAsync(id)).Count);
        Assert.Equal("Published", (await community.GetAsync($"/api/notices/{id}").Ok()).Str("state"));
        await app.Anonymous().GetAsync($"/api/public/notices/{id}").Ok();
    }

    [Fact]
    public async Task Withdrawal_cancels_what_is_unsent_and_hides_the_notice()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var notice = await community.PostJson("/api/notices", Notice(w.Grid)).Ok(HttpStatusCode.Created);
        var id = notice.GetProperty("id").GetInt64();
        await app.Anonymous().GetAsync($"/api/public/notices/{id}").Ok();

        var withdrawn = await community.PostAsync($"/api/notices/{id}/withdraw", null).Ok();
        Assert.Equal("Withdrawn", withdrawn.Str("state"));
        var sms = Channel(await community.GetAsync($"/api/notices/{id}/report").Ok(), "Sms");
        Assert.Equal(2, sms.GetProperty("cancelled").GetInt32());
        Assert.Equal(0, sms.GetProperty("pending").GetInt32());
        await app.Anonymous().GetAsync($"/api/public/notices/{id}").Problem(HttpStatusCode.NotFound);
        var audit = await app.Db(db => db.AuditEntries.CountAsync(e => e.EntityType == "notice" && e.EntityId == id.ToString() && e.Action == "notice.withdraw"));
        Assert.Equal(1, audit);
    }

    [Fact]
    public async Task The_public_page_shows_the_notice_and_no_personal_data()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var notice = await community.PostJson("/api/notices", Notice(w.Grid, urgency: "Important")).Ok(HttpStatusCode.Created);
        var id = notice.GetProperty("id").GetInt64();
        var anonymous = app.Anonymous();
        var json = await anonymous.GetAsync($"/api/public/notices/{id}").Ok();
        Assert.Equal(notice.Str("title"), json.Str("title"));
        Assert.Equal(["id", "title", "body", "urgency", "publishedAt", "attachments"], json.EnumerateObject().Select(p => p.Name));
        var page = await (await anonymous.GetAsync($"/n/{id}")).Content.ReadAsStringAsync();
        Assert.Contains(notice.Str("title"), page);
        Assert.Contains("重要", page);
        foreach (var (key, phone) in w.Phones)
        {
            Assert.DoesNotContain(phone, page);
            Assert.DoesNotContain(phone[^4..], page);
        }
        Assert.DoesNotContain("通知甲", page);
        Assert.DoesNotContain(w.Grid, page);

        var report = await (await community.GetAsync($"/notices/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("送达报告", report);
    }

    [Fact]
    public async Task The_form_counts_the_audience_refuses_bad_input_publishes_and_withdraws()
    {
        var w = await WorldAsync();
        var browser = await Gongzhi.Tests.Pages.PageBrowser.SignIn(app, "community");
        var title = GongzhiApp.Unique("表单通知");
        (string, string)[] fields = [("Input.Title", title), ("Input.Body", "正文"), ("Input.Urgency", "Normal"), ("Input.AreaCode", w.Grid),
            ("Input.MinAge", "18"), ("Input.InApp", "true"), ("Input.Sms", "true")];
        var preview = await browser.PostForm("/notices/new", "notice", [.. fields, ("Input.Action", "preview")]);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("本通知将发送给 2 位居民", await preview.Content.ReadAsStringAsync());

        var refused = await browser.PostForm("/notices/new", "notice", [.. fields.Where(f => f.Item1 != "Input.AreaCode"), ("Input.Action", "publish")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(title, await refused.Content.ReadAsStringAsync()); // re-rendered with the input
        Assert.Equal(0, await app.Db(db => db.Notices.IgnoreQueryFilters().CountAsync(n => n.Title == title)));

        var published = await browser.PostForm("/notices/new", "notice", [.. fields, ("Input.Action", "publish")]);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var url = published.Headers.Location!.ToString();
        var id = await app.Db(db => db.Notices.IgnoreQueryFilters().Where(n => n.Title == title).Select(n => n.Id).SingleAsync());
        Assert.EndsWith($"/notices/{id}", url);
        Assert.Equal(2, (await RecipientsAsync(id)).Count);

        var withdrawn = await browser.PostForm($"/notices/{id}", "withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", (await (await app.ClientFor("community")).GetAsync($"/api/notices/{id}").Ok()).Str("state"));
    }

    /// <summary>A WeCom robot of the area node at a local listener (removed again by <see cref="DisposeAsync"/>'s caller).</summary>
    private async Task<string> RobotAsync(string areaCode, LocalHttpListener listener)
    {
        var name = GongzhiApp.Unique("notice-robot-");
        await (await app.ClientFor("admin")).PutJson($"/api/notifications/robots/{name}", new { areaCode, url = listener.Url + "cgi-bin/webhook/send?key=K" + name }).Ok();
        return name;
    }

    /// <summary>Gives the resident an account of their own with an e-mail address (as a resident's sign-up would).</summary>
    private Task LinkAccountAsync(long residentId, string email) => app.Db(async db =>
    {
        db.Users.Add(new GongzhiUser { UserName = GongzhiApp.Unique("notice-resident-"), Email = email, ResidentId = residentId, CreatedAt = DateTimeOffset.UtcNow });
        return await db.SaveChangesAsync();
    });

    /// <summary>Runs the outbox on a clock far ahead (everything due) until the notice's deliveries have left the queue.</summary>
    private async Task DispatchAsync(long noticeId, IReadOnlyList<IChannelSender> senders, int days)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(days));
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services, clock, Options.Create(new NotificationOptions()));
        for (var round = 0; round < 50; round++)
        {
            var waiting = await app.Db(db => db.NotificationDeliveries.CountAsync(d => d.Notification.DedupKey.StartsWith($"notice:{noticeId}|")
                && (d.State == DeliveryState.Queued || d.State == DeliveryState.Sending)));
            if (waiting == 0) return;
            await dispatcher.DispatchOnceAsync(senders, default);
            clock.Advance(TimeSpan.FromMinutes(2)); // past any robot's per-minute allowance
        }
        Assert.Fail("The notice's deliveries stayed queued.");
    }

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    [Fact]
    public async Task The_areas_wecom_groups_and_residents_email_get_the_notice_and_the_report_counts_each_channel()
    {
        var w = await WorldAsync();
        using var robot = new LocalHttpListener();
        using var elsewhere = new LocalHttpListener();
        using var smtp = await new LocalSmtpServer().ReadyAsync();
        var grid = await RobotAsync(w.Grid, robot);
        var otherGrid = await RobotAsync((await app.Given.GridAsync()).Str("code"), elsewhere);
        var email = GongzhiApp.Unique("yi") + "@example.cn";
        await LinkAccountAsync(w.Ids["乙"], email);
        try
        {
            var community = await app.ClientFor("community");
            var notice = await community.PostJson("/api/notices", Notice(w.Grid, channels: ["WeCom", "Email"], urgency: "Emergency")).Ok(HttpStatusCode.Created);
            var id = notice.GetProperty("id").GetInt64();
            Assert.Equal(["WeCom", "Email"], notice.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
            var before = Channel(await community.GetAsync($"/api/notices/{id}/report").Ok(), "WeCom");
            Assert.Equal((1, 1), (before.GetProperty("recipients").GetInt32(), before.GetProperty("pending").GetInt32()));

            var mail = new SmtpEmailSender(new StaticMonitor<SmtpOptions>(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, Security = "None", From = "noreply@gongzhi.example" }));
            await DispatchAsync(id, [mail], 505);

            var request = Assert.Single(robot.Requests);
            Assert.Equal("/cgi-bin/webhook/send?key=K" + grid, request.Path);
            Assert.Contains(notice.Str("title"), JsonDocument.Parse(request.Body).RootElement.GetProperty("text").GetProperty("content").GetString());
            Assert.Empty(elsewhere.Requests); // a group of another grid is not the notice's audience
            var message = Assert.Single(smtp.Messages, m => m.To.Contains(email));
            Assert.Contains("Subject:", message.Raw);

            var report = await community.GetAsync($"/api/notices/{id}/report").Ok();
            foreach (var channel in new[] { "WeCom", "Email" })
            {
                var c = Channel(report, channel);
                Assert.Equal((1, 1, 0, 0), (c.GetProperty("recipients").GetInt32(), c.GetProperty("sent").GetInt32(), c.GetProperty("failed").GetInt32(), c.GetProperty("pending").GetInt32()));
            }
            Assert.DoesNotContain(report.GetProperty("channels").EnumerateArray(), c => c.Str("channel") == "Sms");
            var page = await (await community.GetAsync($"/notices/{id}")).Content.ReadAsStringAsync();
            Assert.Contains("企业微信群", page);
            Assert.Contains("电子邮件", page);
        }
        finally
        {
            var admin = await app.ClientFor("admin");
            await admin.DeleteAsync($"/api/notifications/robots/{grid}");
            await admin.DeleteAsync($"/api/notifications/robots/{otherGrid}");
        }
    }

    [Fact]
    public async Task Withdrawal_stops_what_is_unsent_on_every_channel()
    {
        var w = await WorldAsync();
        using var robot = new LocalHttpListener();
        var name = await RobotAsync(w.Grid, robot);
        await LinkAccountAsync(w.Ids["甲"], GongzhiApp.Unique("jia") + "@example.cn");
        try
        {
            var community = await app.ClientFor("community");
            var id = (await community.PostJson("/api/notices", Notice(w.Grid, channels: ["InApp", "Sms", "WeCom", "Email"])).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            await community.PostAsync($"/api/notices/{id}/withdraw", null).Ok();
            var report = await community.GetAsync($"/api/notices/{id}/report").Ok();
            Assert.Equal(2, Channel(report, "Sms").GetProperty("cancelled").GetInt32());
            Assert.Equal(1, Channel(report, "WeCom").GetProperty("cancelled").GetInt32());
            Assert.Equal(1, Channel(report, "Email").GetProperty("cancelled").GetInt32());
            foreach (var c in report.GetProperty("channels").EnumerateArray().Where(c => c.Str("channel") != "InApp"))
                Assert.Equal(0, c.GetProperty("pending").GetInt32());
            await DispatchAsync(id, [], 506);
            Assert.Empty(robot.Requests);
        }
        finally { await (await app.ClientFor("admin")).DeleteAsync($"/api/notifications/robots/{name}"); }
    }

    /// <summary>Street-wide (the default <c>Notices:ApprovalFrom</c> is Street): no one is in the audience (age 150+), so approval publishes nothing.</summary>
    private static object StreetNotice(string title) =>
        new { title, body = "街道通知正文", urgency = "Important", areaCodes = new[] { DemoCodes.Street }, minAge = 150, channels = new[] { "InApp" } };

    [Fact]
    public async Task A_street_wide_notice_waits_for_approval_by_someone_else_with_reach_over_its_areas()
    {
        var street = await app.ClientFor("street");
        var community = await app.ClientFor("community");
        var admin = await app.ClientFor("admin");
        var created = await street.PostJson("/api/notices", StreetNotice(GongzhiApp.Unique("街道通知"))).Ok(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("PendingApproval", created.Str("state"));
        Assert.Null(created.GetProperty("publishedAt").GetString());
        await app.Anonymous().GetAsync($"/api/public/notices/{id}").Problem(HttpStatusCode.NotFound);
        // The job does not publish it while it waits.
        await app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<NoticeService>(sp, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1))).PublishDueAsync(default));
        Assert.Equal("PendingApproval", (await street.GetAsync($"/api/notices/{id}").Ok()).Str("state"));

        await street.PostAsync($"/api/notices/{id}/approve", null).Problem(HttpStatusCode.Forbidden); // its author
        await community.PostAsync($"/api/notices/{id}/approve", null).Problem(HttpStatusCode.NotFound); // reach below the street
        await community.PostJson($"/api/notices/{id}/reject", new { reason = "不同意" }).Problem(HttpStatusCode.NotFound);
        await (await app.ClientFor("grid1")).PostAsync($"/api/notices/{id}/approve", null).Problem(HttpStatusCode.Forbidden);
        Assert.Equal("PendingApproval", (await street.GetAsync($"/api/notices/{id}").Ok()).Str("state"));

        var approved = await admin.PostAsync($"/api/notices/{id}/approve", null).Ok();
        Assert.Equal("Published", approved.Str("state"));
        Assert.Equal("admin", approved.Str("reviewedBy"));
        await app.Anonymous().GetAsync($"/api/public/notices/{id}").Ok();
        await admin.PostAsync($"/api/notices/{id}/approve", null).Problem(HttpStatusCode.Conflict);
        var actions = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "notice" && e.EntityId == id.ToString()).Select(e => e.Action).ToListAsync());
        Assert.Equal(["notice.approve", "notice.create", "notice.publish"], actions.Order());

        // A community-wide notice needs none by default: it goes out at once.
        var w = await WorldAsync();
        Assert.Equal("Published", (await community.PostJson("/api/notices", Notice(w.Grid, channels: ["InApp"])).Ok(HttpStatusCode.Created)).Str("state"));
    }

    [Fact]
    public async Task A_rejected_notice_keeps_its_reason_and_is_never_sent()
    {
        var street = await app.ClientFor("street");
        var admin = await app.ClientFor("admin");
        var id = (await street.PostJson("/api/notices", StreetNotice(GongzhiApp.Unique("驳回通知"))).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var problem = await admin.PostJson($"/api/notices/{id}/reject", new { reason = "  " }).Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        await street.PostJson($"/api/notices/{id}/reject", new { reason = "自己驳回" }).Problem(HttpStatusCode.Forbidden);

        var rejected = await admin.PostJson($"/api/notices/{id}/reject", new { reason = "措辞需修改" }).Ok();
        Assert.Equal(("Rejected", "措辞需修改", "admin"), (rejected.Str("state"), rejected.Str("rejectionReason"), rejected.Str("reviewedBy")));
        await admin.PostAsync($"/api/notices/{id}/approve", null).Problem(HttpStatusCode.Conflict);
        await app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<NoticeService>(sp, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1))).PublishDueAsync(default));
        Assert.Equal("Rejected", (await street.GetAsync($"/api/notices/{id}").Ok()).Str("state"));
        Assert.Empty(await RecipientsAsync(id));
        await app.Anonymous().GetAsync($"/api/public/notices/{id}").Problem(HttpStatusCode.NotFound);
        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync(e => e.EntityType == "notice" && e.EntityId == id.ToString() && e.Action == "notice.reject")));
        var page = await (await street.GetAsync($"/notices/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("措辞需修改", page);
    }

    [Fact]
    public async Task The_public_page_counts_its_opens_for_the_report()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var id = (await community.PostJson("/api/notices", Notice(w.Grid, channels: ["InApp"])).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var anonymous = app.Anonymous();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/n/{id}")).StatusCode);
        await anonymous.GetAsync($"/api/public/notices/{id}").Ok(); // the API is no page open
        Assert.Equal(3, (await community.GetAsync($"/api/notices/{id}/report").Ok()).GetProperty("notice").GetProperty("linkOpens").GetInt32());
        var report = await (await community.GetAsync($"/notices/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("已读（链接打开次数）", report);
        Assert.Contains("<span id=\"link-opens\">3</span>", report);

        await community.PostAsync($"/api/notices/{id}/withdraw", null).Ok();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/n/{id}")).StatusCode);
        Assert.Equal(3, (await community.GetAsync($"/api/notices/{id}").Ok()).GetProperty("linkOpens").GetInt32());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NoticeTestsOnSqlite(SqliteApp app) : NoticeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NoticeTestsOnPostgres(PostgresApp app) : NoticeTests(app);
