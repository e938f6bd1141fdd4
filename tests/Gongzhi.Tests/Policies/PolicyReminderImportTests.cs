using System.Net;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Policies;

/// <summary>
/// 双提醒 follow the registry's .xlsx import at once, as they follow an edit: an imported resident who turns 80 within
/// a policy's lead gets the grid worker's task and the SMS without the nightly job; re-importing the same file sends
/// nothing again; an imported change that takes the resident out of the rule (residency) or out of the policy's area
/// (moved to a flat elsewhere) closes the task and cancels the SMS still queued.
/// </summary>
public abstract class PolicyReminderImportTests(GongzhiApp app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static string?[] Row(string area, string room, string name, string id, string residency = "户籍", string? phone = "13912340000") =>
        [area, room[..1], room, null, name, id, "户主", residency, phone, "汉族", null, null, null, null, null, null];

    private Task<(DateOnly Due, bool Closed)?> TaskAsync(long policyId, long residentId) =>
        app.Db(async db => await db.DueItems.Where(e => e.SourceKey == $"policy:{policyId}:resident:{residentId}")
            .Select(e => new { e.DueOn, Closed = e.ClosedAt != null }).FirstOrDefaultAsync() is { } t ? ((DateOnly, bool)?)(t.DueOn, t.Closed) : null);

    private Task<List<(string Key, string Body, DeliveryState State)>> SmsAsync(long policyId, long residentId) =>
        app.Db(async db => (await db.NotificationDeliveries
                .Where(d => d.Notification.DedupKey.StartsWith($"policy-reminder:{policyId}:{residentId}:") && d.Channel == DeliveryChannel.Sms)
                .OrderBy(d => d.Id).Select(d => new { d.Notification.DedupKey, d.Notification.Body, d.State }).ToListAsync())
            .Select(d => (d.DedupKey.Split('|')[0], d.Body, d.State)).ToList());

    private async Task<System.Text.Json.JsonElement> ImportAsync(HttpClient client, params string?[][] rows) =>
        await client.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build(rows))).Ok();

    [Fact]
    public async Task An_imported_resident_about_to_turn_80_is_reminded_at_once_and_an_imported_change_out_of_the_rule_or_area_closes_it()
    {
        var community = await app.ClientFor("community");
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var elsewhere = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var policy = (await community.PostJson("/api/policies", new
        {
            name = GongzhiApp.Unique("高龄津贴"), department = "民政局", areaCode = building, rule = "age >= 80 and residency = 户籍 and not tag 已故",
            benefit = "每月100元", reminderLeadTimes = "30,7",
        }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var name = GongzhiApp.Unique("导入");
        var soon = Today.AddDays(20);
        var (a, b, later) = (TestWorkbook.IdNumber(soon.AddYears(-80), true), TestWorkbook.IdNumber(Today.AddDays(12).AddYears(-80), false),
            TestWorkbook.IdNumber(Today.AddDays(60).AddYears(-80), true));
        string?[][] file =
        [
            Row(building, "101", name + "甲", a),
            Row(building, "102", name + "乙", b),
            Row(building, "201", name + "丙", later), // 80 in 60 days: beyond the lead
        ];

        var report = await ImportAsync(community, file);
        Assert.Equal(3, report.Int("added"));
        var ids = await app.Db(db => db.Residents.Where(r => r.Name.StartsWith(name)).ToDictionaryAsync(r => r.Name, r => r.Id));
        var (ja, yi, bing) = (ids[name + "甲"], ids[name + "乙"], ids[name + "丙"]);

        // No job ran: the import told the policies.
        Assert.Equal((soon, false), await TaskAsync(policy, ja));
        Assert.Equal((Today.AddDays(12), false), await TaskAsync(policy, yi));
        Assert.Null(await TaskAsync(policy, bing));
        var sms = Assert.Single(await SmsAsync(policy, ja));
        Assert.Equal($"policy-reminder:{policy}:{ja}:30:{soon:yyyyMMdd}", sms.Key);
        Assert.Contains(soon.ToString("yyyy-MM-dd"), sms.Body);
        Assert.Single(await SmsAsync(policy, yi));
        Assert.Empty(await SmsAsync(policy, bing));
        Assert.Equal(2, await app.Db(db => db.PolicyReminders.CountAsync(r => r.PolicyId == policy)));

        // The same file again changes nothing and sends nothing.
        Assert.Equal(3, (await ImportAsync(community, file)).Int("unchanged"));
        Assert.Single(await SmsAsync(policy, ja));
        Assert.Equal(2, await app.Db(db => db.PolicyReminders.CountAsync(r => r.PolicyId == policy)));

        // 甲 is in fact 流动 (the rule wants 户籍); 乙 moved to a flat outside the policy's area. Both close at once,
        // and their SMS, still queued, do not go out.
        var changed = await ImportAsync(community, Row(building, "101", name + "甲", a, residency: "流动"), Row(elsewhere, "301", name + "乙", b));
        Assert.Equal(2, changed.Int("updated"));
        Assert.Equal((soon, true), await TaskAsync(policy, ja));
        Assert.Equal((Today.AddDays(12), true), await TaskAsync(policy, yi));
        Assert.Equal(DeliveryState.Cancelled, Assert.Single(await SmsAsync(policy, ja)).State);
        Assert.Equal(DeliveryState.Cancelled, Assert.Single(await SmsAsync(policy, yi)).State);
        Assert.Equal(2, await app.Db(db => db.AuditEntries.CountAsync(e => e.Action == "policy.remind-close" && e.EntityId == policy.ToString())));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PolicyReminderImportTestsOnSqlite(SqliteApp app) : PolicyReminderImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PolicyReminderImportTestsOnPostgres(PostgresApp app) : PolicyReminderImportTests(app);
