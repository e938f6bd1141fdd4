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
/// 双提醒 beyond the nightly run: a resident without a phone has the SMS sent to the household contact (the
/// householder), and a pending reminder follows the registry at once — a corrected birth date that puts the 80th
/// birthday beyond the lead time closes it, as does death — through the registry's IResidentChanged hook.
/// </summary>
public abstract class PolicyReminderRecomputeTests(GongzhiApp app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private Task<int> RunAt(DateOnly day, long policyId) =>
        app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<PolicyReminders>(sp,
            (TimeProvider)new FakeTimeProvider(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 30)), TimeSpan.FromHours(8)).ToUniversalTime())).RunAsync(policyId, default));

    private static object ResidentBody(long household, string name, DateOnly birth, string relation, string? phone) => new
    {
        householdId = household, name, relation, residencyType = "Registered", idNumber = TestWorkbook.IdNumber(birth, true), phone,
    };

    private async Task<long> PolicyAsync(string building)
    {
        var community = await app.ClientFor("community");
        return (await community.PostJson("/api/policies", new
        {
            name = GongzhiApp.Unique("高龄津贴"), department = "民政局", areaCode = building, rule = "age >= 80 and residency = 户籍 and not tag 已故", benefit = "每月100元",
            reminderLeadTimes = "30,7",
        }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
    }

    private Task<(DateOnly Due, bool Closed)?> TaskAsync(long policyId, long residentId) =>
        app.Db(async db => await db.DueItems.Where(e => e.SourceKey == $"policy:{policyId}:resident:{residentId}")
            .Select(e => new { e.DueOn, Closed = e.ClosedAt != null }).FirstOrDefaultAsync() is { } t ? ((DateOnly, bool)?)(t.DueOn, t.Closed) : null);

    [Fact]
    public async Task A_resident_without_a_phone_has_the_sms_sent_to_the_householder()
    {
        var community = await app.ClientFor("community");
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(building)).GetProperty("id").GetInt64();
        var name = GongzhiApp.Unique("无手机");
        await community.PostJson("/api/residents", ResidentBody(household, name + "子", new DateOnly(1975, 3, 3), "Householder", "13700001111")).Ok(HttpStatusCode.Created);
        var elder = (await community.PostJson("/api/residents", ResidentBody(household, name + "父", Today.AddYears(-80).AddDays(20), "Parent", null))
            .Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var policy = await PolicyAsync(building);

        await RunAt(Today, policy);

        var row = await app.Db(db => db.PolicyReminders.Where(r => r.PolicyId == policy && r.ResidentId == elder).Select(r => new { r.SmsKey, r.SmsToHouseholdContact, r.LeadDays }).SingleAsync());
        Assert.True(row.SmsToHouseholdContact);
        Assert.Equal(30, row.LeadDays);
        Assert.Equal($"policy-reminder:{policy}:{elder}:30:{Today.AddDays(20):yyyyMMdd}", row.SmsKey);
        var sms = await app.Db(db => db.NotificationDeliveries.Where(d => d.Notification.DedupKey.StartsWith(row.SmsKey!) && d.Channel == Gongzhi.Modules.Notifications.Domain.DeliveryChannel.Sms)
            .Select(d => new { d.Notification.Kind, d.Notification.Body }).SingleAsync());
        Assert.Equal(PolicyReminders.ContactMessageKind, sms.Kind);
        Assert.Contains(name + "父", sms.Body); // the contact is told whom it is about
        var audit = await app.Db(db => db.AuditEntries.Where(a => a.Action == "policy.remind" && a.EntityId == policy.ToString()).Select(a => a.Detail).SingleAsync());
        Assert.Contains("household contact", audit);
        Assert.DoesNotContain("13700001111", audit);

        // Without any phone in the household: only the grid worker's task.
        var lone = (await app.Given.HouseholdAsync(building)).GetProperty("id").GetInt64();
        var alone = (await community.PostJson("/api/residents", ResidentBody(lone, name + "独", Today.AddYears(-80).AddDays(20), "Householder", null))
            .Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await RunAt(Today, policy);
        var lonely = await app.Db(db => db.PolicyReminders.Where(r => r.PolicyId == policy && r.ResidentId == alone).Select(r => new { r.SmsKey, r.SmsToHouseholdContact }).SingleAsync());
        Assert.Null(lonely.SmsKey);
        Assert.False(lonely.SmsToHouseholdContact);
        Assert.NotNull(await TaskAsync(policy, alone));
    }

    [Fact]
    public async Task A_pending_reminder_closes_at_once_when_the_birth_date_moves_beyond_the_lead_time_or_the_resident_dies()
    {
        var community = await app.ClientFor("community");
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var name = GongzhiApp.Unique("重算");
        async Task<(long Id, long Household)> Elder(string suffix, int daysTo80)
        {
            var household = (await app.Given.HouseholdAsync(building)).GetProperty("id").GetInt64();
            var id = (await community.PostJson("/api/residents", ResidentBody(household, name + suffix, Today.AddYears(-80).AddDays(daysTo80), "Householder", "13912340000"))
                .Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
            return (id, household);
        }
        var corrected = await Elder("甲", 25);
        var deceased = await Elder("乙", 25);
        var moved = await Elder("丙", 25);
        var untouched = await Elder("丁", 25);
        var policy = await PolicyAsync(building);
        await RunAt(Today, policy);
        foreach (var r in new[] { corrected, deceased, moved, untouched })
            Assert.Equal((Today.AddDays(25), false), await TaskAsync(policy, r.Id));

        // The birth date was wrong: the 80th birthday is 60 days away, beyond the 30-day lead. Closed at once.
        await community.PutJson($"/api/residents/{corrected.Id}", ResidentBody(corrected.Household, name + "甲", Today.AddYears(-80).AddDays(60), "Householder", "13912340000")).Ok();
        Assert.Equal((Today.AddDays(25), true), await TaskAsync(policy, corrected.Id));

        // Recorded deceased: closed at once.
        await community.PostJson($"/api/residents/{deceased.Id}/end", new { reason = "Deceased" }).Ok();
        Assert.Equal((Today.AddDays(25), true), await TaskAsync(policy, deceased.Id));

        // A corrected date still within the lead moves the task to the new eligibility day.
        await community.PutJson($"/api/residents/{moved.Id}", ResidentBody(moved.Household, name + "丙", Today.AddYears(-80).AddDays(10), "Householder", "13912340000")).Ok();
        Assert.Equal((Today.AddDays(10), false), await TaskAsync(policy, moved.Id));

        // Someone else's edit leaves this one's task alone.
        Assert.Equal((Today.AddDays(25), false), await TaskAsync(policy, untouched.Id));
        Assert.Equal(2, await app.Db(db => db.AuditEntries.CountAsync(a => a.Action == "policy.remind-close" && a.EntityId == policy.ToString())));
    }

    private Task<List<(string Key, string Body, Gongzhi.Modules.Notifications.Domain.DeliveryState State)>> SmsAsync(long policyId, long residentId) =>
        app.Db(async db => (await db.NotificationDeliveries
                .Where(d => d.Notification.DedupKey.StartsWith($"policy-reminder:{policyId}:{residentId}:") && d.Channel == Gongzhi.Modules.Notifications.Domain.DeliveryChannel.Sms)
                .OrderBy(d => d.Id).Select(d => new { d.Notification.DedupKey, d.Notification.Body, d.State }).ToListAsync())
            .Select(d => (d.DedupKey.Split('|')[0], d.Body, d.State)).ToList());

    [Fact]
    public async Task A_reminder_re_dated_within_its_lead_is_sent_again_with_the_new_date_and_an_unchanged_one_only_once()
    {
        var community = await app.ClientFor("community");
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(building)).GetProperty("id").GetInt64();
        var name = GongzhiApp.Unique("改期");
        var first = Today.AddDays(25);
        var elder = (await community.PostJson("/api/residents", ResidentBody(household, name, first.AddYears(-80), "Householder", "13912340000"))
            .Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var policy = await PolicyAsync(building);

        // Recomputation however often — the job twice, an edit that changes nothing about the date — sends it once.
        await RunAt(Today, policy);
        await RunAt(Today, policy);
        await community.PutJson($"/api/residents/{elder}", ResidentBody(household, name, first.AddYears(-80), "Householder", "13912340000")).Ok();
        var sms = Assert.Single(await SmsAsync(policy, elder));
        Assert.Equal($"policy-reminder:{policy}:{elder}:30:{first:yyyyMMdd}", sms.Key);
        Assert.Contains(first.ToString("yyyy-MM-dd"), sms.Body);

        // The birth date corrected by two weeks, still within the 30-day lead: the SMS goes again with the new date,
        // and the one with the wrong date, still queued, is cancelled.
        var corrected = Today.AddDays(11);
        await community.PutJson($"/api/residents/{elder}", ResidentBody(household, name, corrected.AddYears(-80), "Householder", "13912340000")).Ok();
        var both = await SmsAsync(policy, elder);
        Assert.Equal(2, both.Count);
        Assert.Equal(Gongzhi.Modules.Notifications.Domain.DeliveryState.Cancelled, both[0].State);
        Assert.Equal($"policy-reminder:{policy}:{elder}:30:{corrected:yyyyMMdd}", both[1].Key);
        Assert.Contains(corrected.ToString("yyyy-MM-dd"), both[1].Body);
        Assert.Equal(Gongzhi.Modules.Notifications.Domain.DeliveryState.Queued, both[1].State);
        Assert.Equal((corrected, false), await TaskAsync(policy, elder));

        // And the re-dated one, too, only once.
        await RunAt(Today, policy);
        await community.PutJson($"/api/residents/{elder}", ResidentBody(household, name, corrected.AddYears(-80), "Householder", "13912340000")).Ok();
        await RunAt(Today.AddDays(1), policy);
        Assert.Equal(both, await SmsAsync(policy, elder));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PolicyReminderRecomputeTestsOnSqlite(SqliteApp app) : PolicyReminderRecomputeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PolicyReminderRecomputeTestsOnPostgres(PostgresApp app) : PolicyReminderRecomputeTests(app);
