using System.Net;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Reminders.Contracts;
using Gongzhi.Modules.Reminders.Features.Schedule;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Reminders;

/// <summary>
/// 到期提醒 over HTTP and with a moved clock: each lead time reminds the owner exactly once, the due day and the
/// repeats while overdue follow, overdue past the delay escalates once to the supervisor (the community worker above
/// the grid), closing stops everything and renewal starts the schedule afresh for the new date; negative lead times
/// are refused; the list, counts and "mine" stay in the caller's scope; other modules upsert by source key.
/// </summary>
public abstract class ReminderTests(GongzhiApp app)
{
    // 30 June 2027; the job runs at 09:00 Beijing time on the given day.
    private static readonly DateOnly Due = new(2027, 6, 30);

    private static DateTimeOffset On(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    private Task<int> RunAt(DateOnly day) =>
        app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<ReminderRunner>(sp, new FakeTimeProvider(On(day))).RunAsync(default));

    private async Task<long> CreateAsync(HttpClient client, object body) =>
        (await client.PostJson("/api/reminders", body).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private Task<List<string>> PointsAsync(long id) =>
        app.Db(db => db.DueReminders.Where(r => r.DueItemId == id).OrderBy(r => r.Id).Select(r => r.Point).ToListAsync());

    private Task<List<(string Key, string User)>> MessagesAsync(long id) =>
        app.Db(async db => (await db.Notifications.Where(n => n.DedupKey.StartsWith($"reminder:{id}:")).OrderBy(n => n.Id)
            .Select(n => new { n.DedupKey, n.RecipientUserId }).ToListAsync()).Select(n => (n.DedupKey, n.RecipientUserId!)).ToList());

    private Task<string> UserIdAsync(string name) => app.Db(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task Each_lead_time_reminds_once_then_the_day_the_repeats_and_one_escalation_to_the_supervisor()
    {
        var community = await app.ClientFor("community");
        var id = await CreateAsync(community, new
        {
            kind = "FireExtinguisher", title = "3号楼灭火器年检", area = DemoCodes.Grid1, dueOn = Due, ownerUser = "grid1",
            daysBefore = new[] { 7, 30 }, onTheDay = true, overdueEveryDays = 7, escalateAfterDays = 3,
        });
        var grid1 = await UserIdAsync("grid1");
        var supervisor = await UserIdAsync("community");

        await RunAt(Due.AddDays(-31));
        Assert.Empty(await PointsAsync(id));
        await RunAt(Due.AddDays(-30));
        await RunAt(Due.AddDays(-30));
        await RunAt(Due.AddDays(-29));
        Assert.Equal(["before:30"], await PointsAsync(id));
        await RunAt(Due.AddDays(-7));
        await RunAt(Due.AddDays(-2));
        await RunAt(Due);
        await RunAt(Due.AddDays(2));
        Assert.Equal(["before:30", "before:7", "day"], await PointsAsync(id));
        Assert.Equal(3, (await MessagesAsync(id)).Count);  // all to the owner
        Assert.All(await MessagesAsync(id), m => Assert.Equal(grid1, m.User));

        // Overdue by three days: the community worker above grid1's grid hears once; the owner's repeats come weekly.
        await RunAt(Due.AddDays(3));
        await RunAt(Due.AddDays(4));
        var escalations = (await MessagesAsync(id)).Where(m => m.Key.Contains(":escalate")).ToList();
        // Other tests may bind more community workers to 南门社区: each hears once, the owner does not.
        Assert.Contains(supervisor, escalations.Select(m => m.User));
        Assert.DoesNotContain(grid1, escalations.Select(m => m.User));
        Assert.Equal(escalations.Count, escalations.Select(m => m.User).Distinct().Count());
        await RunAt(Due.AddDays(7));
        await RunAt(Due.AddDays(8));
        Assert.Equal(["before:30", "before:7", "day", "escalate", "overdue:7"], await PointsAsync(id));

        var view = await community.GetAsync($"/api/reminders/{id}").Ok();
        Assert.Equal(5, view.GetProperty("sent").GetArrayLength());

        // Renewed: the new date's schedule starts afresh; then closed: nothing more.
        var refused = await community.PostJson($"/api/reminders/{id}/close", new { note = "已更换", nextDueOn = Due.AddDays(-1) }).Problem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("nextDueOn", out _));
        var renewed = await community.PostJson($"/api/reminders/{id}/close", new { note = "已更换新灭火器", nextDueOn = Due.AddYears(1) }).Ok();
        Assert.Equal(Due.AddYears(1).ToString("yyyy-MM-dd"), renewed.Str("dueOn"));
        await RunAt(Due.AddYears(1).AddDays(-30));
        Assert.Equal(6, (await PointsAsync(id)).Count);
        await community.PostJson($"/api/reminders/{id}/close", new { note = "设施已拆除" }).Ok();
        await community.PostJson($"/api/reminders/{id}/close", new { note = "再次" }).Problem(HttpStatusCode.Conflict);
        await RunAt(Due.AddYears(1));
        await RunAt(Due.AddYears(1).AddDays(10));
        Assert.Equal(6, (await PointsAsync(id)).Count);
        Assert.Equal(5, (await MessagesAsync(id)).Count(m => !m.Key.Contains(":escalate")));
    }

    [Fact]
    public async Task A_negative_lead_time_and_other_bad_input_are_refused_with_the_field()
    {
        var community = await app.ClientFor("community");
        var bad = await community.PostJson("/api/reminders", new { kind = "Other", title = "x", area = DemoCodes.Grid1, dueOn = Due, daysBefore = new[] { 30, -7 } })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("daysBefore", out _));
        var worse = await community.PostJson("/api/reminders", new { kind = "Nope", title = "", area = "999", ownerRole = "mayor" }).Problem(HttpStatusCode.BadRequest);
        var errors = worse.GetProperty("errors");
        foreach (var field in new[] { "kind", "title", "area", "dueOn", "ownerRole" }) Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Lists_counts_and_my_items_stay_in_the_callers_scope()
    {
        var community = await app.ClientFor("community");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var tag = GongzhiApp.Unique("范围");
        var inGrid1 = await CreateAsync(community, new { kind = "HealthCertificate", title = tag + "一", area = DemoCodes.Grid1, dueOn = today.AddDays(-2), ownerRole = "grid" });
        var inGrid2 = await CreateAsync(community, new { kind = "MerchantLicence", title = tag + "二", area = DemoCodes.Grid2, dueOn = today.AddDays(3), ownerUser = "grid2" });

        var grid1 = await app.ClientFor("grid1");
        var grid2 = await app.ClientFor("grid2");
        async Task<List<long>> Ids(HttpClient c, string query) =>
            [.. (await c.GetAsync("/api/reminders?pageSize=200&" + query).Ok()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
        Assert.Contains(inGrid1, await Ids(grid1, "state=Overdue"));
        Assert.DoesNotContain(inGrid2, await Ids(grid1, "state=All"));
        Assert.DoesNotContain(inGrid1, await Ids(grid1, "state=Overdue&kind=MerchantLicence"));
        Assert.Contains(inGrid2, await Ids(grid2, "state=Upcoming&kind=MerchantLicence"));
        await grid2.GetAsync($"/api/reminders/{inGrid1}").Problem(HttpStatusCode.NotFound);
        await grid2.PostJson($"/api/reminders/{inGrid1}/close", new { note = "越权" }).Problem(HttpStatusCode.NotFound);
        await grid1.GetAsync($"/api/reminders?area={DemoCodes.Grid2}").Problem(HttpStatusCode.NotFound);
        await grid1.GetAsync("/api/reminders?sort=sideways").Problem(HttpStatusCode.BadRequest);

        var mine1 = (await grid1.GetAsync("/api/reminders/mine").Ok()).EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(inGrid1, mine1);
        Assert.DoesNotContain(inGrid2, mine1);
        Assert.Contains(inGrid2, (await grid2.GetAsync("/api/reminders/mine").Ok()).EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.True((await grid1.GetAsync("/api/reminders/counts").Ok()).GetProperty("overdue").GetInt32() >= 1);

        var page = await (await grid1.GetAsync("/reminders?state=Overdue&sort=-due")).Content.ReadAsStringAsync();
        Assert.Contains(tag + "一", page);
        Assert.DoesNotContain(tag + "二", page);
        Assert.Contains(tag + "一", await (await grid1.GetAsync($"/reminders/{inGrid1}")).Content.ReadAsStringAsync());

        // The phone's "today" page: one's own reminders, and the check-in alerts slot from the care module.
        var today1 = await (await grid1.GetAsync("/today")).Content.ReadAsStringAsync();
        Assert.Contains(tag + "一", today1);
        Assert.DoesNotContain(tag + "二", today1);
        Assert.Contains("today-alerts", today1);
        var today2 = await (await grid2.GetAsync("/today")).Content.ReadAsStringAsync();
        Assert.Contains(tag + "二", today2);
        Assert.DoesNotContain(tag + "一", today2);
    }

    [Fact]
    public async Task Other_modules_upsert_and_close_by_source_key_within_their_own_save()
    {
        var key = GongzhiApp.Unique("test-source:");
        var grid = await app.Db(db => db.AreaNodes.Where(a => a.Code == DemoCodes.Grid1).Select(a => a.Id).SingleAsync());
        async Task Use(Func<IDueItems, Task> work, bool save = true) => await app.Services.AsSystemAsync(async sp =>
        {
            await work(sp.GetRequiredService<IDueItems>());
            if (save) await sp.GetRequiredService<Gongzhi.Infrastructure.Database.GongzhiDb>().SaveChangesAsync();
            return 0;
        });
        await Use(d => d.UpsertAsync(new DueItemRegistration(key, DueKind.CareVisit, "探访 张奶奶", grid, Due), default), save: false);
        Assert.False(await app.Db(db => db.DueItems.AnyAsync(e => e.SourceKey == key)));
        await Use(d => d.UpsertAsync(new DueItemRegistration(key, DueKind.CareVisit, "探访 张奶奶", grid, Due), default));
        await Use(d => d.UpsertAsync(new DueItemRegistration(key, DueKind.CareVisit, "探访 张奶奶", grid, Due.AddDays(7)), default));
        Assert.Equal([Due.AddDays(7)], await app.Db(db => db.DueItems.Where(e => e.SourceKey == key).Select(e => e.DueOn).ToListAsync()));
        await Use(d => d.CloseAsync(key, "已探访", default));
        Assert.NotNull(await app.Db(db => db.DueItems.Where(e => e.SourceKey == key).Select(e => e.ClosedAt).SingleAsync()));
        var id = await app.Db(db => db.DueItems.Where(e => e.SourceKey == key).Select(e => e.Id).SingleAsync());
        await (await app.ClientFor("community")).DeleteAsync($"/api/reminders/{id}").Problem(HttpStatusCode.Conflict);
        await Assert.ThrowsAsync<ArgumentException>(() => Use(d => d.UpsertAsync(new DueItemRegistration(key, DueKind.Other, "x", grid, Due, new ReminderRule([-1])), default)));
    }

    [Fact]
    public async Task A_missed_care_visit_reminds_the_visitor_escalates_and_moves_on_with_the_next_visit()
    {
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(building)).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        var grid1 = await app.ClientFor("grid1");
        var entry = (await grid1.PostJson("/api/care/entries", new { residentId = resident, kind = "LivingAlone", frequencyDays = 7, visitors = new[] { "grid1" } })
            .Ok(HttpStatusCode.Created)).GetProperty("entry").GetProperty("id").GetInt64();
        var item = await app.Db(db => db.DueItems.Where(e => e.SourceKey == $"care-visit:{resident}").SingleAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Assert.Equal(today.AddDays(7), item.DueOn);
        Assert.Equal($"/care/{entry}", item.Link);

        await RunAt(today.AddDays(7));
        await RunAt(today.AddDays(9));
        Assert.Equal(["day"], await PointsAsync(item.Id));
        // Care:MissedVisitEscalateDays (3): the community worker above grid1's grid hears of it once.
        await RunAt(today.AddDays(10));
        await RunAt(today.AddDays(11));
        var messages = await MessagesAsync(item.Id);
        Assert.Equal([await UserIdAsync("grid1")], messages.Where(m => m.Key.Contains(":day")).Select(m => m.User));
        var escalated = messages.Where(m => m.Key.Contains(":escalate")).Select(m => m.User).ToList();
        Assert.Contains(await UserIdAsync("community"), escalated);
        Assert.DoesNotContain(await UserIdAsync("grid1"), escalated);
        Assert.Equal(escalated.Count, escalated.Distinct().Count());
        Assert.Contains(item.Id, (await grid1.GetAsync("/api/reminders?kind=CareVisit&pageSize=200").Ok()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));

        // The visit is made: the item is due a period later and reminds afresh then.
        var checklist = new[] { "health", "meals", "family", "water", "electricity", "gas", "rubbish", "clutter", "passage" }.Select(i => new { item = i, ok = true });
        await grid1.PostJson($"/api/care/entries/{entry}/visits", new { checklist }).Ok(HttpStatusCode.Created);
        Assert.Equal(today.AddDays(7), await app.Db(db => db.DueItems.Where(e => e.Id == item.Id).Select(e => e.DueOn).SingleAsync()));
        Assert.Null(await app.Db(db => db.DueItems.Where(e => e.Id == item.Id).Select(e => e.ClosedAt).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ReminderTestsOnSqlite(SqliteApp app) : ReminderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ReminderTestsOnPostgres(PostgresApp app) : ReminderTests(app);
