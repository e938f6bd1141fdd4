using System.Net;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Policies.Features.Reminders;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Policies;

/// <summary>
/// 双提醒 with a moved clock: a resident who turns 80 in 30 days gets, at each lead time and exactly once however often
/// the nightly job runs, a task for the grid worker (a due item on their /today list) and an SMS; a resident outside
/// the policy's area gets nothing; a negative lead time is refused and nothing is written; the resident page shows the
/// reminders to those who may see the resident only.
/// </summary>
public abstract class PolicyReminderTests(GongzhiApp app)
{
    // The job's day is today in Beijing, so the HTTP side (the grid worker's list) agrees with the moved clock.
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static DateTimeOffset At(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromHours(8)).ToUniversalTime();

    private Task<int> RunAt(DateOnly day, long policyId) =>
        app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<PolicyReminders>(sp, (TimeProvider)new FakeTimeProvider(At(day))).RunAsync(policyId, default));

    private sealed record World(long PolicyId, long Inside, long Outside, string Name);

    /// <summary>A policy on a fresh building in grid1's grid; one resident in it and one in a fresh grid elsewhere, both turning 80 in 30 days.</summary>
    private async Task<World> WorldAsync()
    {
        var community = await app.ClientFor("community");
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var elsewhere = (await app.Given.GridAsync()).Str("code");
        var birth = Today.AddYears(-80).AddDays(30);
        var name = GongzhiApp.Unique("双提醒");
        async Task<long> Resident(string area, string suffix)
        {
            var household = (await app.Given.HouseholdAsync(area)).GetProperty("id").GetInt64();
            return (await community.PostJson("/api/residents", new
            {
                householdId = household, name = name + suffix, relation = "Householder", residencyType = "Registered",
                idNumber = TestWorkbook.IdNumber(birth, true), phone = "13912345678",
            }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        }
        var inside = await Resident(building, "甲");
        var outside = await Resident(elsewhere, "乙");
        var policy = await community.PostJson("/api/policies", new
        {
            name = GongzhiApp.Unique("高龄津贴"), department = "民政局", areaCode = building, rule = "age >= 80 and residency = 户籍", benefit = "每月100元",
            reminderLeadTimes = "7, 30",
        }).Ok(HttpStatusCode.Created);
        Assert.Equal("30,7", policy.Str("reminderLeadTimes"));
        return new World(policy.GetProperty("id").GetInt64(), inside, outside, name);
    }

    private Task<List<(long Resident, int Lead)>> RemindersAsync(long policyId) =>
        app.Db(async db => (await db.PolicyReminders.Where(r => r.PolicyId == policyId).OrderBy(r => r.Id).Select(r => new { r.ResidentId, r.LeadDays }).ToListAsync())
            .Select(r => (r.ResidentId, r.LeadDays)).ToList());

    private Task<List<string>> SmsAsync(long policyId) =>
        app.Db(db => db.NotificationDeliveries.Where(d => d.Notification.DedupKey.StartsWith($"policy-reminder:{policyId}:") && d.Channel == Gongzhi.Modules.Notifications.Domain.DeliveryChannel.Sms)
            .OrderBy(d => d.Id).Select(d => d.Notification.DedupKey).ToListAsync());

    private Task<List<(string Key, DateOnly Due, string? Role)>> TasksAsync(long policyId) =>
        app.Db(async db => (await db.DueItems.Where(e => e.SourceKey!.StartsWith($"policy:{policyId}:")).Select(e => new { e.SourceKey, e.DueOn, e.OwnerRole }).ToListAsync())
            .Select(e => (e.SourceKey!, e.DueOn, e.OwnerRole)).ToList());

    [Fact]
    public async Task Turning_80_in_30_days_reminds_grid_worker_and_resident_once_at_each_lead_time_and_nobody_outside_the_area()
    {
        var w = await WorldAsync();
        var due = Today.AddDays(30);

        await RunAt(Today.AddDays(-1), w.PolicyId); // 31 days before: nothing yet
        Assert.Empty(await RemindersAsync(w.PolicyId));
        await RunAt(Today, w.PolicyId);
        await RunAt(Today, w.PolicyId); // twice the same day: still one
        await RunAt(Today.AddDays(1), w.PolicyId);
        Assert.Equal([(w.Inside, 30)], await RemindersAsync(w.PolicyId));
        Assert.Equal([$"policy:{w.PolicyId}:resident:{w.Inside}"], (await TasksAsync(w.PolicyId)).Select(t => t.Key));
        Assert.Equal((due, (string?)"grid"), (await TasksAsync(w.PolicyId)).Select(t => (t.Due, t.Role)).Single());
        Assert.Equal([$"policy-reminder:{w.PolicyId}:{w.Inside}:30:{due:yyyyMMdd}"], (await SmsAsync(w.PolicyId)).Select(k => k.Split('|')[0]));

        // The task is on grid1's "today" list (the grid role at the resident's node, in grid1's grid).
        var grid1 = await app.ClientFor("grid1");
        var mine = (await grid1.GetAsync("/api/reminders/mine").Ok()).EnumerateArray().Select(i => i.Str("title")).ToList();
        Assert.Contains(mine, t => t.Contains(w.Name + "甲"));
        Assert.Contains(w.Name + "甲", await (await grid1.GetAsync("/today")).Content.ReadAsStringAsync());

        // Seven days before: the second reminder, once; the task stays one item.
        await RunAt(due.AddDays(-7), w.PolicyId);
        await RunAt(due.AddDays(-7), w.PolicyId);
        await RunAt(due.AddDays(-6), w.PolicyId);
        Assert.Equal([(w.Inside, 30), (w.Inside, 7)], await RemindersAsync(w.PolicyId));
        Assert.Single(await TasksAsync(w.PolicyId));
        Assert.Equal([$"policy-reminder:{w.PolicyId}:{w.Inside}:30:{due:yyyyMMdd}", $"policy-reminder:{w.PolicyId}:{w.Inside}:7:{due:yyyyMMdd}"], (await SmsAsync(w.PolicyId)).Select(k => k.Split('|')[0]));

        // Eligible: no more reminders. The resident outside the policy's area never got any.
        await RunAt(due, w.PolicyId);
        Assert.Equal(2, (await RemindersAsync(w.PolicyId)).Count);
        Assert.DoesNotContain(await RemindersAsync(w.PolicyId), r => r.Resident == w.Outside);
        Assert.DoesNotContain(await SmsAsync(w.PolicyId), k => k.Contains($":{w.Outside}:"));
        Assert.DoesNotContain(await TasksAsync(w.PolicyId), t => t.Key.EndsWith($":{w.Outside}"));

        // The personal data stays out of the audit trail.
        var audit = await app.Db(db => db.AuditEntries.Where(a => a.Action == "policy.remind" && a.EntityId == w.PolicyId.ToString()).Select(a => a.Detail).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.All(audit, d => Assert.DoesNotContain("13912345678", d));
        Assert.All(audit, d => Assert.DoesNotContain(w.Name, d));
    }

    [Fact]
    public async Task A_negative_lead_time_is_refused_with_the_field_and_nothing_is_written()
    {
        var community = await app.ClientFor("community");
        var name = GongzhiApp.Unique("负数");
        var refused = await community.PostJson("/api/policies", new { name, department = "民政局", areaCode = DemoCodes.Grid1, rule = "age >= 80", reminderLeadTimes = "30,-7" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("reminderLeadTimes", out var message));
        Assert.Contains("负数", message[0].GetString()); // zh-CN is the default language
        Assert.Equal(0, await app.Db(db => db.Policies.CountAsync(p => p.Name == name)));

        var created = await community.PostJson("/api/policies", new { name, department = "民政局", areaCode = DemoCodes.Grid1, rule = "age >= 80", reminderLeadTimes = "30" })
            .Ok(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        var audits = await app.Db(db => db.AuditEntries.CountAsync(a => a.EntityType == "policy" && a.EntityId == id.ToString()));
        await community.PutJson($"/api/policies/{id}", new { name, department = "民政局", areaCode = DemoCodes.Grid1, rule = "age >= 80", reminderLeadTimes = "-30" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.Equal("30", await app.Db(db => db.Policies.Where(p => p.Id == id).Select(p => p.ReminderLeadTimes).SingleAsync()));
        Assert.Equal(audits, await app.Db(db => db.AuditEntries.CountAsync(a => a.EntityType == "policy" && a.EntityId == id.ToString())));

        // The editor form re-renders with the field error, and saves nothing.
        var browser = await Gongzhi.Tests.Pages.PageBrowser.SignIn(app, "community");
        var form = await browser.PostForm($"/policies/{id}/edit", "policy",
            ("Input.Name", name), ("Input.Department", "民政局"), ("Input.AreaCode", DemoCodes.Grid1), ("Input.Rule", "age >= 80"), ("Input.ReminderLeadTimes", "-7"));
        Assert.Contains("提前提醒天数不能为负数", Gongzhi.Tests.Pages.PageBrowser.FieldError(await form.Content.ReadAsStringAsync(), "policy-reminderLeadTimes"));
        Assert.Equal("30", await app.Db(db => db.Policies.Where(p => p.Id == id).Select(p => p.ReminderLeadTimes).SingleAsync()));
    }

    [Fact]
    public async Task The_resident_page_shows_the_reminders_only_to_those_who_may_see_the_resident()
    {
        var w = await WorldAsync();
        await RunAt(Today, w.PolicyId);

        var grid1 = await app.ClientFor("grid1");
        var page = await (await grid1.GetAsync($"/residents/{w.Inside}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"policy-reminders\"", page);
        Assert.Contains($"data-policy=\"{w.PolicyId}\" data-lead=\"30\" data-sms=\"Pending\"", page);

        var grid2 = await app.ClientFor("grid2");
        var other = await grid2.GetAsync($"/residents/{w.Inside}");
        Assert.DoesNotContain("policy-reminders", await other.Content.ReadAsStringAsync());

        // The section's own query is scoped: grid2 reads nothing of the resident, grid1 reads the reminder.
        async Task<int> SeenBy(string user)
        {
            var id = await app.Db(db => db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync());
            return await app.Services.AsAccountAsync(id, async sp => (await sp.GetRequiredService<PolicyReminderLog>().ForResidentAsync(w.Inside, default)).Count, default);
        }
        Assert.Equal(1, await SeenBy("grid1"));
        Assert.Equal(0, await SeenBy("grid2"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PolicyReminderTestsOnSqlite(SqliteApp app) : PolicyReminderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PolicyReminderTestsOnPostgres(PostgresApp app) : PolicyReminderTests(app);
