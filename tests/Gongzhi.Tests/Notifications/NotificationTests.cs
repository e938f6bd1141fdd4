using System.Net;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features;
using Gongzhi.Modules.Notifications.Features.Dispatch;
using Gongzhi.Modules.Notifications.Features.Enqueue;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Notifications;

/// <summary>
/// The outbox and the inbox: messages exist only when their cause commits, deduplicate by key, render in the
/// recipient's language, retry with backoff on a clock the test moves, die visibly, and nobody reads another's inbox.
/// Dispatch tests run their own dispatcher on a clock a year ahead, so the app's own worker never sees their rows.
/// </summary>
public abstract class NotificationTests(GongzhiApp app)
{
    private static Dictionary<string, string> Notice(string title) => new() { ["title"] = title, ["text"] = "正文" };

    private async Task<string> UserId(string userName) => await app.Db(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    /// <summary>Enqueues and saves in one unit of work, as a module would; <paramref name="clock"/> replaces the app's.</summary>
    private Task EnqueueAsync(OutgoingMessage message, TimeProvider? clock = null) => app.Services.AsSystemAsync(async sp =>
    {
        var notifier = clock is null ? sp.GetRequiredService<INotifier>() : ActivatorUtilities.CreateInstance<Notifier>(sp, clock);
        await notifier.EnqueueAsync(message, default);
        await sp.GetRequiredService<GongzhiDb>().SaveChangesAsync();
    });

    [Fact]
    public async Task Every_demo_account_has_messages_newest_first()
    {
        foreach (var user in new[] { "admin", "grid1", "resident" })
        {
            var inbox = await (await app.ClientFor(user)).GetAsync("/api/inbox").Ok();
            var items = inbox.Items().ToList();
            Assert.True(items.Count >= 3, user);
            Assert.True(inbox.Int("total") >= 3);
            Assert.True(inbox.Int("unread") >= 0);
            Assert.True(items[0].GetProperty("id").GetInt64() > 0);
            var times = items.Select(i => i.GetProperty("createdAt").GetDateTimeOffset()).ToList();
            Assert.Equal(times.OrderByDescending(t => t), times);
        }
        // The welcome greets the person by the name their account shows, not by the login name.
        var welcome = (await (await app.ClientFor("grid1")).GetAsync("/api/inbox?pageSize=100").Ok()).Items()
            .Single(i => i.Str("kind") == Modules.Notifications.NotificationsModule.Welcome.Code);
        Assert.StartsWith("南门社区 第一网格 张网格员，您好", welcome.Str("body"));
    }

    [Fact]
    public async Task Nobody_reads_or_marks_another_accounts_message()
    {
        var key = GongzhiApp.Unique("scope-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key, [new Recipient.Account(await UserId("grid1"))], Notice(key)));
        var grid1 = await app.ClientFor("grid1");
        var mine = (await grid1.GetAsync("/api/inbox?unread=true").Ok()).Items().First(i => i.Str("title") == key);
        var id = mine.GetProperty("id").GetInt64();
        await grid1.GetAsync($"/api/inbox/{id}").Ok();
        foreach (var other in new[] { "grid2", "admin", "resident" })
        {
            var client = await app.ClientFor(other);
            await client.GetAsync($"/api/inbox/{id}").Problem(HttpStatusCode.NotFound);
            await client.PostAsync($"/api/inbox/{id}/read", null).Problem(HttpStatusCode.NotFound);
            Assert.DoesNotContain((await client.GetAsync("/api/inbox?pageSize=100").Ok()).Items(), i => i.GetProperty("id").GetInt64() == id);
        }
        Assert.Null(await app.Db(db => db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync()));
        await app.Anonymous().GetAsync("/api/inbox").Ok(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reading_one_and_all_updates_the_unread_count_and_filters()
    {
        var user = await UserId("grid2");
        var a = GongzhiApp.Unique("read-");
        var b = GongzhiApp.Unique("read-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, a, [new Recipient.Account(user)], Notice(a)));
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, b, [new Recipient.Account(user)], Notice(b)));
        var client = await app.ClientFor("grid2");
        var before = await client.GetAsync("/api/inbox").Ok();
        Assert.Equal(b, before.Items().First().Str("title")); // newest first
        var id = before.Items().First().GetProperty("id").GetInt64();
        var read = await client.PostAsync($"/api/inbox/{id}/read", null).Ok();
        Assert.True(read.GetProperty("read").GetBoolean());
        var after = await client.GetAsync("/api/inbox").Ok();
        Assert.Equal(before.Int("unread") - 1, after.Int("unread"));
        var unread = await client.GetAsync("/api/inbox?unread=true&module=Notifications").Ok();
        Assert.DoesNotContain(unread.Items(), i => i.GetProperty("id").GetInt64() == id);
        Assert.Contains(unread.Items(), i => i.Str("title") == a);
        Assert.Equal(0, (await client.GetAsync("/api/inbox?module=NoSuchModule").Ok()).Int("total"));
        await client.PostAsync("/api/inbox/read-all", null).Ok();
        Assert.Equal(0, (await client.GetAsync("/api/inbox").Ok()).Int("unread"));
    }

    [Fact]
    public async Task A_message_exists_only_when_its_cause_commits_and_a_key_makes_one_message()
    {
        var user = await UserId("community");
        var rolledBack = GongzhiApp.Unique("tx-");
        await app.Services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await sp.GetRequiredService<INotifier>().EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, rolledBack,
                [new Recipient.Account(user)], Notice(rolledBack)), default);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        });
        Assert.Equal(0, await app.Db(db => db.Notifications.CountAsync(n => n.DedupKey.StartsWith(rolledBack))));

        var key = GongzhiApp.Unique("dedup-");
        var message = new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key,
            [new Recipient.Account(user), new Recipient.Account(user)], Notice(key), Channels.InApp | Channels.Sms);
        await app.Services.AsSystemAsync(async sp =>
        {
            var notifier = sp.GetRequiredService<INotifier>();
            await notifier.EnqueueAsync(message, default);
            await notifier.EnqueueAsync(message, default); // twice in one unit of work
            await sp.GetRequiredService<GongzhiDb>().SaveChangesAsync();
        });
        await EnqueueAsync(message); // and again later
        Assert.Equal(1, await app.Db(db => db.Notifications.CountAsync(n => n.DedupKey.StartsWith(key))));
    }

    [Fact]
    public async Task A_street_wide_notice_is_written_in_bulk_in_the_causes_transaction_deduplicated_and_delivered()
    {
        // A year ahead, so the app's own worker never sees these rows; the test's dispatcher does.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(403));
        var count = Notifier.BulkFrom + 20;
        var key = GongzhiApp.Unique("bulk-");
        var firstResident = Random.Shared.NextInt64(3_000_000_000, 4_000_000_000);
        var message = new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key,
            [.. Enumerable.Range(0, count).Select(i => (Recipient)new Recipient.Resident(firstResident + i, $"139{i:D8}"))], Notice(key), Channels.Sms, Urgent: true);
        await app.Services.AsSystemAsync(async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await ActivatorUtilities.CreateInstance<Notifier>(sp, clock).EnqueueAsync(message, default);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        });
        Assert.Equal(0, await app.Db(db => db.Notifications.CountAsync(n => n.DedupKey.StartsWith(key))));

        await app.Services.AsSystemAsync(async sp =>
        {
            var notifier = ActivatorUtilities.CreateInstance<Notifier>(sp, clock);
            await notifier.EnqueueAsync(message, default);
            await notifier.EnqueueAsync(message, default); // twice in one unit of work
            await sp.GetRequiredService<GongzhiDb>().SaveChangesAsync();
        });
        await EnqueueAsync(message, clock); // and again later
        Assert.Equal(count, await app.Db(db => db.Notifications.CountAsync(n => n.DedupKey.StartsWith(key))));
        var deliveries = await app.Db(db => db.NotificationDeliveries.AsNoTracking().Include(d => d.Notification)
            .Where(d => d.Notification.DedupKey.StartsWith(key)).ToListAsync());
        Assert.Equal(count, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((DeliveryChannel.Sms, DeliveryState.Queued), (d.Channel, d.State)));
        Assert.All(deliveries, d => Assert.InRange((d.NextAttemptAt - clock.GetUtcNow()).Duration().TotalMilliseconds, 0, 1)); // PostgreSQL keeps microseconds
        Assert.Equal("139****0007", deliveries.Single(d => d.Notification.RecipientResidentId == firstResident + 7).AddressMasked);

        var sender = new ScriptedSender(_ => SendResult.Ok());
        var dispatcher = Dispatcher(clock, new NotificationOptions { BatchSize = 200 });
        while (await dispatcher.DispatchOnceAsync([sender], default) > 0) { }
        Assert.All(deliveries, d => Assert.Equal(1, sender.Calls(d.Id)));
        Assert.Equal(count, await app.Db(db => db.NotificationDeliveries.CountAsync(d => d.Notification.DedupKey.StartsWith(key) && d.State == DeliveryState.Sent)));
        Assert.Equal(count, await app.Db(db => db.DeliveryAttempts.CountAsync(a => deliveries.Select(d => d.Id).Contains(a.DeliveryId) && a.Outcome == AttemptOutcome.Sent)));
    }

    [Fact]
    public async Task A_message_is_rendered_in_the_recipients_language_and_phones_are_encrypted_and_checked()
    {
        var key = GongzhiApp.Unique("lang-");
        var residentId = Random.Shared.NextInt64(1_000_000_000, 2_000_000_000);
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Welcome.Code, key,
            [new Recipient.Resident(residentId, "13800001234", "en-US"), new Recipient.Resident(residentId + 1, "13800004321")],
            new Dictionary<string, string> { ["name"] = "Li", ["app"] = "Gongzhi" }, Channels.Sms));
        var rows = await app.Db(db => db.Notifications.Include(n => n.Deliveries).Where(n => n.DedupKey.StartsWith(key)).OrderBy(n => n.RecipientResidentId).ToListAsync());
        Assert.Equal("Welcome to Gongzhi", rows[0].Title);
        Assert.Equal("欢迎使用Gongzhi", rows[1].Title);
        var sms = rows[0].Deliveries.Single();
        Assert.Equal(DeliveryChannel.Sms, sms.Channel);
        Assert.Equal("138****1234", sms.AddressMasked);
        Assert.DoesNotContain("13800001234", sms.Address);
        Assert.Equal("13800001234", app.Services.GetRequiredService<PersonalDataProtector>().Decrypt(sms.Address!));

        var bad = await Assert.ThrowsAsync<AppProblem>(() => EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code,
            GongzhiApp.Unique("bad-"), [new Recipient.Resident(residentId, "12345")], Notice("x"), Channels.Sms)));
        Assert.Equal(400, bad.Status);
    }

    [Fact]
    public async Task Templates_refuse_unknown_variables_by_name_and_apply_to_new_messages()
    {
        var admin = await app.ClientFor("admin", culture: "en-US");
        var list = await admin.GetAsync("/api/notifications/templates").Ok();
        Assert.Contains(list.EnumerateArray(), t => t.Str("kind") == "notifications.test" && t.Str("culture") == "en-US");
        var problem = await admin.PutJson("/api/notifications/templates/notifications.test/en-US", new { title = "Hi {channel}", body = "See {where} at {time}" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Contains("{where}", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        await admin.PutJson("/api/notifications/templates/notifications.nothing/en-US", new { title = "x", body = "y" }).Problem(HttpStatusCode.NotFound);
        await admin.PutJson("/api/notifications/templates/notifications.test/fr-FR", new { title = "x", body = "y" }).Problem(HttpStatusCode.NotFound);
        await (await app.ClientFor("grid1")).PutJson("/api/notifications/templates/notifications.test/en-US", new { title = "x", body = "y" }).Ok(HttpStatusCode.Forbidden);

        await admin.PutJson("/api/notifications/templates/notifications.test/en-US", new { title = "Test over {channel}", body = "At {time}." }).Ok();
        var key = GongzhiApp.Unique("tpl-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Test.Code, key, [new Recipient.Resident(7, "13800001234", "en-US")],
            new Dictionary<string, string> { ["channel"] = "SMS", ["time"] = "now" }, Channels.Sms));
        Assert.Equal("Test over SMS", await app.Db(db => db.Notifications.Where(n => n.DedupKey.StartsWith(key)).Select(n => n.Title).SingleAsync()));
    }

    [Fact]
    public async Task Failures_back_off_exponentially_then_the_delivery_is_dead_and_an_admin_can_retry_it()
    {
        // 10:00 in Beijing: outside the quiet hours that would hold this (not urgent) SMS whatever time the suite runs.
        var day = DateTimeOffset.UtcNow.AddDays(400);
        var clock = new FakeTimeProvider(new DateTimeOffset(day.Year, day.Month, day.Day, 2, 0, 0, TimeSpan.Zero));
        var key = GongzhiApp.Unique("retry-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key, [new Recipient.Resident(11, "13900001111")], Notice(key), Channels.Sms), clock);
        var id = await app.Db(db => db.NotificationDeliveries.Where(d => d.Notification.DedupKey.StartsWith(key)).Select(d => d.Id).SingleAsync());
        var sender = new ScriptedSender(_ => new SendResult(SendStatus.Retry, "gateway timeout"));
        var dispatcher = Dispatcher(clock, new NotificationOptions { MaxAttempts = 3, BaseDelaySeconds = 10, MaxDelaySeconds = 1000 });

        await dispatcher.DispatchOnceAsync([sender], default);
        var d = await Delivery(id);
        Assert.Equal((DeliveryState.Queued, 1), (d.State, d.Attempts));
        Assert.InRange((d.NextAttemptAt - clock.GetUtcNow()).TotalSeconds, 10, 12.5);

        await dispatcher.DispatchOnceAsync([sender], default); // not due yet
        Assert.Equal(1, sender.Calls(id));
        clock.Advance(TimeSpan.FromSeconds(13));
        await dispatcher.DispatchOnceAsync([sender], default);
        d = await Delivery(id);
        Assert.Equal((DeliveryState.Queued, 2), (d.State, d.Attempts));
        Assert.InRange((d.NextAttemptAt - clock.GetUtcNow()).TotalSeconds, 20, 25);
        clock.Advance(TimeSpan.FromSeconds(26));
        await dispatcher.DispatchOnceAsync([sender], default);
        d = await Delivery(id);
        Assert.Equal((DeliveryState.Dead, 3), (d.State, d.Attempts));
        Assert.Equal("gateway timeout", d.LastError);
        Assert.Equal(3, sender.Calls(id));

        var admin = await app.ClientFor("admin");
        var attempts = await admin.GetAsync($"/api/notifications/outbox/{id}/attempts").Ok();
        Assert.Equal(3, attempts.GetArrayLength());
        Assert.All(attempts.EnumerateArray(), a => Assert.Equal("Failed", a.Str("outcome")));
        var dead = await admin.GetAsync("/api/notifications/outbox?state=Dead&channel=Sms").Ok();
        var row = dead.Items().Single(i => i.GetProperty("id").GetInt64() == id);
        Assert.Equal("139****1111", row.Str("address"));
        Assert.Contains(dead.GetProperty("counts").EnumerateArray(), c => c.Str("channel") == "Sms" && c.Str("state") == "Dead");
        await (await app.ClientFor("street")).GetAsync("/api/notifications/outbox").Ok(HttpStatusCode.Forbidden);

        await admin.PostAsync($"/api/notifications/outbox/{id}/retry", null).Ok(HttpStatusCode.NoContent);
        Assert.NotEqual(DeliveryState.Dead, (await Delivery(id)).State);
        await admin.PostAsync("/api/notifications/outbox/999999999/retry", null).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_claim_is_taken_again_but_an_unknown_outcome_is_not_repeated_on_a_channel_that_cannot_deduplicate()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(401));
        var clean = GongzhiApp.Unique("claim-");
        var midCall = GongzhiApp.Unique("claim-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, clean, [new Recipient.Resident(21, "13900002222")], Notice(clean), Channels.Sms), clock);
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, midCall, [new Recipient.Resident(22, "13900003333")], Notice(midCall), Channels.Sms), clock);
        var ids = await app.Db(db => db.NotificationDeliveries.Where(d => d.Notification.DedupKey.StartsWith(clean) || d.Notification.DedupKey.StartsWith(midCall))
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync());
        // A worker claimed both and died: before calling the provider for the first, during the call for the second.
        await app.Db(async db =>
        {
            var until = clock.GetUtcNow().AddSeconds(60);
            foreach (var d in await db.NotificationDeliveries.Where(d => ids.Contains(d.Id)).ToListAsync())
                (d.State, d.ClaimedBy, d.ClaimedUntil, d.Attempts) = (DeliveryState.Sending, "gone", until, d.Id == ids[1] ? 1 : 0);
            db.DeliveryAttempts.Add(new DeliveryAttempt { DeliveryId = ids[1], StartedAt = clock.GetUtcNow(), Worker = "gone" });
            return await db.SaveChangesAsync();
        });
        var sender = new ScriptedSender(_ => SendResult.Ok("accepted"), idempotent: false);
        var dispatcher = Dispatcher(clock, new NotificationOptions());
        await dispatcher.DispatchOnceAsync([sender], default);
        Assert.Equal(0, sender.Calls(ids[0]) + sender.Calls(ids[1])); // claims still held

        clock.Advance(TimeSpan.FromSeconds(61));
        await dispatcher.DispatchOnceAsync([sender], default);
        Assert.Equal((1, 0), (sender.Calls(ids[0]), sender.Calls(ids[1])));
        Assert.Equal(DeliveryState.Sent, (await Delivery(ids[0])).State);
        var unknown = await Delivery(ids[1]);
        Assert.Equal(DeliveryState.Dead, unknown.State);
        Assert.Contains("unknown", unknown.LastError);
        Assert.Equal(AttemptOutcome.Unknown, await app.Db(db => db.DeliveryAttempts.Where(a => a.DeliveryId == ids[1]).Select(a => a.Outcome).SingleAsync()));
    }

    [Fact]
    public async Task A_wecom_group_message_reaches_the_robot_with_its_mentions_and_waits_for_the_robots_rate_limit()
    {
        using var robot = new LocalHttpListener();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(402));
        var robotName = GongzhiApp.Unique("robot-");
        var first = GongzhiApp.Unique("wecom-");
        var second = GongzhiApp.Unique("wecom-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, first,
            [new Recipient.WeComGroup(robotName, ["13800001234", "123"])], Notice("停水通知"), Channels.WeCom), clock);
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, second,
            [new Recipient.WeComGroup(robotName, Markdown: true)], Notice("停电通知"), Channels.WeCom), clock);
        var sender = new WeComRobotSender(new HttpClient(),
            new StaticOptions<WeComOptions>(new WeComOptions { PerMinute = 1, Robots = { [robotName] = robot.Url + "send?key=secret" } }));
        var dispatcher = Dispatcher(clock, new NotificationOptions());

        await dispatcher.DispatchOnceAsync([sender], default);
        var payload = System.Text.Json.JsonDocument.Parse(Assert.Single(robot.Requests).Body).RootElement;
        Assert.Equal("text", payload.GetProperty("msgtype").GetString());
        Assert.Equal(["13800001234"], payload.GetProperty("text").GetProperty("mentioned_mobile_list").EnumerateArray().Select(e => e.GetString()));
        var deliveries = await app.Db(db => db.NotificationDeliveries.AsNoTracking().Where(d => d.Notification.DedupKey.StartsWith(first) || d.Notification.DedupKey.StartsWith(second))
            .OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(DeliveryState.Sent, deliveries[0].State);
        Assert.Equal((DeliveryState.Queued, 0), (deliveries[1].State, deliveries[1].Attempts)); // waiting for the robot, not an attempt
        Assert.DoesNotContain("13800001234", deliveries[0].Options);

        clock.Advance(TimeSpan.FromSeconds(61));
        await dispatcher.DispatchOnceAsync([sender], default);
        Assert.Equal(2, robot.Requests.Count);
        Assert.Equal("markdown", System.Text.Json.JsonDocument.Parse(robot.Requests.Last().Body).RootElement.GetProperty("msgtype").GetString());
        Assert.Equal(DeliveryState.Sent, (await Delivery(deliveries[1].Id)).State);
        var outbox = await (await app.ClientFor("admin")).GetAsync("/api/notifications/outbox?channel=WeCom&pageSize=500").Ok();
        Assert.DoesNotContain("secret", outbox.GetRawText());
    }

    [Fact]
    public async Task Residents_sms_waits_out_the_quiet_hours_unless_urgent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 14, 0, 0, TimeSpan.Zero)); // 22:00 in Beijing
        var (calm, urgent, staff) = (GongzhiApp.Unique("quiet-"), GongzhiApp.Unique("quiet-"), GongzhiApp.Unique("quiet-"));
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, calm, [new Recipient.Resident(31, "13900003131")], Notice(calm), Channels.Sms), clock);
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, urgent, [new Recipient.Resident(32, "13900003232")], Notice(urgent), Channels.Sms, Urgent: true), clock);
        await app.Db(async db =>
        {
            var grid1 = await db.Users.SingleAsync(u => u.UserName == "grid1");
            grid1.PhoneNumber ??= "13900003333";
            return await db.SaveChangesAsync();
        });
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, staff, [new Recipient.Account(await UserId("grid1"))], Notice(staff), Channels.Sms), clock);
        DateTimeOffset Next(List<NotificationDelivery> all, string key) => all.Single(d => d.Notification.DedupKey.StartsWith(key) && d.Channel == DeliveryChannel.Sms).NextAttemptAt;
        var all = await app.Db(db => db.NotificationDeliveries.Include(d => d.Notification)
            .Where(d => d.Notification.DedupKey.StartsWith(calm) || d.Notification.DedupKey.StartsWith(urgent) || d.Notification.DedupKey.StartsWith(staff)).ToListAsync());
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 0, 0, 0, TimeSpan.Zero), Next(all, calm)); // 08:00 in Beijing
        Assert.Equal(clock.GetUtcNow(), Next(all, urgent));
        Assert.Equal(clock.GetUtcNow(), Next(all, staff));

        var options = new NotificationOptions();
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 0, 0, 0, TimeSpan.Zero), options.AfterQuietHours(new DateTimeOffset(2027, 3, 1, 20, 30, 0, TimeSpan.Zero))); // 04:30
        var noon = new DateTimeOffset(2027, 3, 1, 4, 0, 0, TimeSpan.Zero);
        Assert.Equal(noon, options.AfterQuietHours(noon));
    }

    [Fact]
    public async Task An_account_chooses_which_kinds_also_come_by_sms_or_email()
    {
        await app.Db(async db =>
        {
            var dept = await db.Users.SingleAsync(u => u.UserName == "dept");
            dept.PhoneNumber ??= "13900004444";
            dept.Email ??= "dept@example.cn";
            return await db.SaveChangesAsync();
        });
        var client = await app.ClientFor("dept");
        var list = await client.GetAsync("/api/inbox/preferences").Ok();
        Assert.Contains(list.EnumerateArray(), p => p.Str("kind") == "notifications.notice" && !p.GetProperty("sms").GetBoolean());
        await client.PutJson("/api/inbox/preferences/notifications.notice", new { sms = true, email = true }).Ok();
        await client.PutJson("/api/inbox/preferences/no.such.kind", new { sms = true, email = false }).Problem(HttpStatusCode.NotFound);
        using (var bad = await client.PutAsync("/api/inbox/preferences/notifications.notice", new StringContent("[]", System.Text.Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var key = GongzhiApp.Unique("pref-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key, [new Recipient.Account(await UserId("dept"))], Notice(key)),
            new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(403)));
        var channels = await app.Db(db => db.NotificationDeliveries.Where(d => d.Notification.DedupKey.StartsWith(key)).Select(d => d.Channel).OrderBy(c => c).ToListAsync());
        Assert.Equal([DeliveryChannel.InApp, DeliveryChannel.Sms, DeliveryChannel.Email], channels);
        var other = GongzhiApp.Unique("pref-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Welcome.Code, other, [new Recipient.Account(await UserId("dept"))],
            new Dictionary<string, string> { ["name"] = "x", ["app"] = "y" }), new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(403)));
        Assert.Equal(1, await app.Db(db => db.NotificationDeliveries.CountAsync(d => d.Notification.DedupKey.StartsWith(other))));
    }

    [Fact]
    public async Task Admins_send_a_test_message_per_channel_and_see_why_a_channel_cannot_work()
    {
        var admin = await app.ClientFor("admin", culture: "en-US");
        var sms = await admin.PostJson("/api/notifications/test", new { channel = "Sms", to = "13800001234" }).Ok();
        Assert.Equal(("Sent", "138****1234"), (sms.Str("status"), sms.Str("to"))); // the development sender: nothing left the machine
        var robot = await admin.PostJson("/api/notifications/test", new { channel = "WeCom", to = "nowhere" }).Ok();
        Assert.Equal("GiveUp", robot.Str("status"));
        Assert.Contains("'nowhere' is not configured", robot.Str("response"));
        var invalid = await admin.PostJson("/api/notifications/test", new { channel = "Sms", to = "123" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("to", out _));
        await admin.PostJson("/api/notifications/test", new { channel = "InApp", to = "x" }).Problem(HttpStatusCode.BadRequest);
        await admin.PostJson("/api/notifications/test", new { channel = "Nonsense" }).Ok(HttpStatusCode.BadRequest);
        await (await app.ClientFor("community")).PostJson("/api/notifications/test", new { channel = "Sms", to = "13800001234" }).Ok(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_area_nodes_wecom_robots_receive_its_group_messages_and_their_keys_stay_hidden()
    {
        using var robot = new LocalHttpListener();
        var grid = await app.Given.GridAsync();
        var name = GongzhiApp.Unique("robot-");
        var admin = await app.ClientFor("admin");
        var saved = await admin.PutJson($"/api/notifications/robots/{name}", new { areaCode = grid.Str("code"), url = robot.Url + "cgi-bin/webhook/send?key=TOPSECRET" }).Ok();
        Assert.Equal(robot.Url + "cgi-bin/webhook/send?key=****", saved.Str("url"));
        Assert.DoesNotContain("TOPSECRET", (await admin.GetAsync("/api/notifications/robots").Ok()).GetRawText());
        Assert.DoesNotContain("TOPSECRET", await app.Db(db => db.WeComRobots.Where(r => r.Name == name).Select(r => r.UrlCipher).SingleAsync()));
        await admin.PutJson($"/api/notifications/robots/{name}", new { areaCode = "nope", url = "https://x.example/?key=1" }).Problem(HttpStatusCode.BadRequest);
        await admin.PutJson("/api/notifications/robots/Bad Name", new { areaCode = grid.Str("code"), url = "https://x.example/?key=1" }).Problem(HttpStatusCode.BadRequest);
        await admin.PutJson($"/api/notifications/robots/{name}", new { areaCode = grid.Str("code"), url = "not a url" }).Problem(HttpStatusCode.BadRequest);
        await (await app.ClientFor("community")).GetAsync("/api/notifications/robots").Ok(HttpStatusCode.Forbidden);

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(404));
        var key = GongzhiApp.Unique("area-robot-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key,
            [new Recipient.WeComGroupsAt(grid.GetProperty("id").GetInt64(), Markdown: true)], Notice("网格通知"), Channels.WeCom), clock);
        await Dispatcher(clock, new NotificationOptions()).DispatchOnceAsync(null, default); // the registered sender finds the area's robot
        var request = Assert.Single(robot.Requests);
        Assert.Equal("/cgi-bin/webhook/send?key=TOPSECRET", request.Path);
        Assert.Equal("markdown", System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("msgtype").GetString());
        Assert.Equal(DeliveryState.Sent, await app.Db(db => db.NotificationDeliveries.Where(d => d.Notification.DedupKey.StartsWith(key)).Select(d => d.State).SingleAsync()));

        await admin.DeleteAsync($"/api/notifications/robots/{name}").Ok(HttpStatusCode.NoContent);
        await admin.DeleteAsync($"/api/notifications/robots/{name}").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metrics_and_malformed_input()
    {
        var key = GongzhiApp.Unique("metrics-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key, [new Recipient.Account(await UserId("admin"))], Notice(key)));
        var metrics = await app.Anonymous().GetStringAsync("/metrics");
        Assert.Matches("gongzhi_outbox_enqueued_total\\{[^}]*channel=\"inapp\"[^}]*\\}", metrics);
        await app.Services.GetRequiredService<OutboxDispatcher>().RefreshDepthAsync(default);
        metrics = await app.Anonymous().GetStringAsync("/metrics");
        Assert.Contains("# TYPE gongzhi_outbox_queue_depth gauge", metrics);
        Assert.Matches("gongzhi_outbox_queue_depth\\{[^}]*channel=\"sms\",state=\"dead\"[^}]*\\}", metrics);

        var client = await app.ClientFor("grid1");
        foreach (var url in new[] { "/api/inbox?unread=maybe", "/api/inbox?page=x", "/api/inbox/abc", "/api/inbox/99999999999999999999", "/api/inbox/-1", "/api/inbox?page=2147483647&pageSize=100" })
        {
            using var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode is 200 or 400 or 404, $"{url}: {(int)response.StatusCode}");
        }
        var admin = await app.ClientFor("admin");
        using var badJson = await admin.PutAsync("/api/notifications/templates/notifications.welcome/en-US", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        using var badEnum = await admin.GetAsync("/api/notifications/outbox?state=Nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, badEnum.StatusCode);
    }

    [Fact]
    public async Task Provider_rate_limits_are_counted_in_the_database_so_two_nodes_share_one_allowance()
    {
        // Two gates stand for two app nodes: they share nothing but the database.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(700).ToUnixTimeSeconds()));
        var (nodeA, nodeB) = (new ChannelRateGate(app.Services, clock), new ChannelRateGate(app.Services, clock));
        var limit = new RateLimit(GongzhiApp.Unique("wecom:robot-"), 20, TimeSpan.FromMinutes(1));
        var start = clock.GetUtcNow();
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await (i % 2 == 0 ? nodeA : nodeB).TryTakeAsync(limit, default));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(start.AddMinutes(1), await nodeA.TryTakeAsync(limit, default)); // the 21st waits for the first to leave the window
        Assert.Equal(start.AddMinutes(1), await nodeB.TryTakeAsync(limit, default));
        clock.Advance(TimeSpan.FromSeconds(40)); // 60 s after the first send
        Assert.Null(await nodeB.TryTakeAsync(limit, default));
        Assert.Equal(start.AddSeconds(61), await nodeA.TryTakeAsync(limit, default));

        // At one instant, 30 takers on two nodes race for a fresh allowance of 10: exactly 10 win.
        var burst = new RateLimit(GongzhiApp.Unique("sms-"), 10, TimeSpan.FromSeconds(1));
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? nodeA : nodeB).TryTakeAsync(burst, default)));
        Assert.Equal(10, answers.Count(a => a is null));
    }

    [Fact]
    public async Task A_provider_that_keeps_failing_opens_its_circuit_and_the_messages_behind_wait_without_an_attempt()
    {
        using var gateway = new LocalHttpListener { Reply = _ => (503, "busy") };
        var options = new SmsOptions { Provider = "Http", PerSecond = 0, Http = new HttpSmsOptions { Url = gateway.Url + "sms" } };
        // The app's own client for providers, with its resilience pipeline (one circuit per provider host).
        var sender = new HttpSmsSender(app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("notifications"), new StaticOptions<SmsOptions>(options));
        var message = new ChannelMessage(1, "13900001111", "t", "b", null, "k", "d");
        Exception? open = null;
        for (var i = 0; i < 30 && open is null; i++)
        {
            try { Assert.Equal(SendStatus.Retry, (await sender.SendAsync(message, default)).Status); }
            catch (Polly.CircuitBreaker.BrokenCircuitException ex) { open = ex; }
        }
        Assert.NotNull(open);
        var calls = gateway.Requests.Count;
        Assert.InRange(calls, 10, 29);

        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(710).ToUnixTimeSeconds()));
        var key = GongzhiApp.Unique("circuit-");
        await EnqueueAsync(new OutgoingMessage(Modules.Notifications.NotificationsModule.Notice.Code, key, [new Recipient.Resident(41, "13900004141")], Notice(key), Channels.Sms, Urgent: true), clock);
        var dispatcher = Dispatcher(clock, new NotificationOptions { ProviderBreakSeconds = 30 });
        await dispatcher.DispatchOnceAsync([sender], default);
        var delivery = await app.Db(db => db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.Notification.DedupKey.StartsWith(key)));
        Assert.Equal((DeliveryState.Queued, 0), (delivery.State, delivery.Attempts)); // nothing was sent: no attempt spent
        Assert.Equal(clock.GetUtcNow().AddSeconds(30), delivery.NextAttemptAt);
        Assert.Equal(0, await app.Db(db => db.DeliveryAttempts.CountAsync(a => a.DeliveryId == delivery.Id)));
        Assert.Equal(calls, gateway.Requests.Count);

        // A call that timed out may have reached the provider: not repeated on a channel that cannot deduplicate.
        var timeout = new Polly.Timeout.TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:00:15'.");
        Assert.Equal(SendStatus.GiveUp, dispatcher.Classify(timeout, sender).Status);
        Assert.Equal(SendStatus.Retry, dispatcher.Classify(timeout, new ScriptedSender(_ => SendResult.Ok(), idempotent: true)).Status);
        Assert.Equal(SendStatus.Retry, dispatcher.Classify(new HttpRequestException("Connection refused"), sender).Status);
    }

    private OutboxDispatcher Dispatcher(TimeProvider clock, NotificationOptions options) =>
        ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services, clock, Options.Create(options));

    private Task<NotificationDelivery> Delivery(long id) => app.Db(db => db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.Id == id));

    private sealed class StaticOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    private sealed class ScriptedSender(Func<ChannelMessage, SendResult> answer, bool idempotent = true) : IChannelSender
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, int> _calls = new();
        public DeliveryChannel Channel => DeliveryChannel.Sms;
        public bool Idempotent => idempotent;
        public int Calls(long id) => _calls.GetValueOrDefault(id);
        public Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct)
        {
            _calls.AddOrUpdate(message.DeliveryId, 1, (_, n) => n + 1);
            return Task.FromResult(answer(message));
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NotificationTestsOnSqlite(SqliteApp app) : NotificationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NotificationTestsOnPostgres(PostgresApp app) : NotificationTests(app);
