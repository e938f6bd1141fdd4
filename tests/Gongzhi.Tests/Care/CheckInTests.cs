using System.Net;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Care.Features.CheckIn;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Care;

/// <summary>
/// 窗帘之约 over HTTP and with a moved clock: enrolment with designated people, the one-tap "OK today" mark (refused
/// for someone not enrolled), the job's alert once the hour passes without a mark (once, to the designated people),
/// and closing the alert with what was found, within the data scope.
/// </summary>
public abstract class CheckInTests(GongzhiApp app)
{
    private async Task<long> EntryAsync()
    {
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(building)).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        return (await (await app.ClientFor("community")).PostJson("/api/care/entries", new { residentId = resident, kind = "LivingAlone", frequencyDays = 7 })
            .Ok(HttpStatusCode.Created)).GetProperty("entry").GetProperty("id").GetInt64();
    }

    private Task<T> At<T>(DateTimeOffset at, Func<CareCheckIns, Task<T>> work) =>
        app.Services.AsSystemAsync(sp => work(ActivatorUtilities.CreateInstance<CareCheckIns>(sp, new FakeTimeProvider(at))));

    private Task<List<string>> AlertMessagesAsync(long entryId) =>
        app.Db(db => db.Notifications.Where(n => n.DedupKey.StartsWith($"care-checkin:{entryId}:")).Select(n => n.RecipientUserId!).ToListAsync());

    [Fact]
    public async Task A_resident_is_enrolled_with_designated_people_and_marked_ok_once_a_day()
    {
        var id = await EntryAsync();
        var grid1 = await app.ClientFor("grid1");
        // Not enrolled: no mark.
        await grid1.PostJson($"/api/care/entries/{id}/checkin/today", new { }).Problem(HttpStatusCode.Conflict);
        var bad = await grid1.PutJson($"/api/care/entries/{id}/checkin", new { watchers = new[] { "nobody-such" } }).Problem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("watchers", out _));
        Assert.Null(await app.Db(db => db.CareEntries.IgnoreQueryFilters().Where(e => e.Id == id).Select(e => e.CheckInWatchersJson).SingleAsync()));
        Assert.False(await app.Db(db => db.CareCheckIns.IgnoreQueryFilters().AnyAsync(c => c.EntryId == id)));

        var enrolled = await grid1.PutJson($"/api/care/entries/{id}/checkin", new { watchers = new[] { "grid1", "community" } }).Ok();
        Assert.Equal(2, enrolled.GetProperty("watchers").GetArrayLength());
        Assert.Contains(id, (await grid1.GetAsync("/api/care/checkin").Ok()).EnumerateArray().Where(s => s.GetProperty("markedAt").ValueKind == System.Text.Json.JsonValueKind.Null)
            .Select(s => s.GetProperty("entryId").GetInt64()));
        var first = await grid1.PostJson($"/api/care/entries/{id}/checkin/today", new { }).Ok();
        var again = await grid1.PostJson($"/api/care/entries/{id}/checkin/today", new { }).Ok();
        Assert.Equal(first.Str("markedAt"), again.Str("markedAt"));
        Assert.Equal(1, await app.Db(db => db.CareCheckIns.IgnoreQueryFilters().CountAsync(c => c.EntryId == id)));
        await (await app.ClientFor("grid2")).PostJson($"/api/care/entries/{id}/checkin/today", new { }).Problem(HttpStatusCode.NotFound);
        Assert.Contains("checkins", await (await grid1.GetAsync("/care/checkin")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_mark_by_the_hour_the_job_alerts_the_designated_people_once_and_the_alert_is_closed_with_a_finding()
    {
        var silent = await EntryAsync();
        var marked = await EntryAsync();
        var grid1 = await app.ClientFor("grid1");
        foreach (var id in new[] { silent, marked })
            await grid1.PutJson($"/api/care/entries/{id}/checkin", new { watchers = new[] { "grid1" } }).Ok();
        // 6 April 2027 in Beijing; the default hour is 10:00.
        var day = new DateTimeOffset(2027, 4, 6, 0, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        await At(day.AddHours(8), c => c.MarkAsync(marked, default));
        Task<List<long>> Alerts() => app.Db(db => db.CareAlerts.IgnoreQueryFilters().Where(a => a.EntryId == silent || a.EntryId == marked).Select(a => a.EntryId).ToListAsync());

        await At(day.AddHours(9).AddMinutes(59), c => c.RunAsync(default));
        Assert.Empty(await Alerts());
        await At(day.AddHours(10), c => c.RunAsync(default));
        await At(day.AddHours(10).AddMinutes(30), c => c.RunAsync(default));
        Assert.Equal([silent], await Alerts());
        var grid1Id = await app.Db(db => db.Users.Where(u => u.UserName == "grid1").Select(u => u.Id).SingleAsync());
        Assert.Equal([grid1Id], await AlertMessagesAsync(silent));
        Assert.Empty(await AlertMessagesAsync(marked));
        // Still open an hour after it was raised (Care:CheckInEscalateMinutes, 60): the grid worker of the elder's grid hears, once.
        Task<List<string>> Escalations() => app.Db(db => db.Notifications.Where(n => n.DedupKey.StartsWith($"care-checkin-escalate:{silent}:")).Select(n => n.RecipientUserId!).ToListAsync());
        await At(day.AddHours(10).AddMinutes(59), c => c.RunAsync(default));
        Assert.Empty(await Escalations());
        await At(day.AddHours(11).AddMinutes(30), c => c.RunAsync(default));
        await At(day.AddHours(12), c => c.RunAsync(default));
        // Every grid worker bound to the elder's grid hears once (other tests may bind more accounts to grid 1).
        var escalated = await Escalations();
        Assert.Contains(grid1Id, escalated);
        Assert.Equal(escalated.Distinct().Count(), escalated.Count);

        var alert = await app.Db(db => db.CareAlerts.IgnoreQueryFilters().Where(a => a.EntryId == silent).Select(a => a.Id).SingleAsync());
        Assert.Contains(alert, (await grid1.GetAsync("/api/care/alerts").Ok()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        await (await app.ClientFor("grid2")).PostJson($"/api/care/alerts/{alert}/close", new { finding = "越权" }).Problem(HttpStatusCode.NotFound);
        var blank = await grid1.PostJson($"/api/care/alerts/{alert}/close", new { finding = " " }).Problem(HttpStatusCode.BadRequest);
        Assert.True(blank.GetProperty("errors").TryGetProperty("finding", out _));
        var closed = await grid1.PostJson($"/api/care/alerts/{alert}/close", new { finding = "老人在女儿家，电话已确认平安" }).Ok();
        Assert.Equal("老人在女儿家，电话已确认平安", closed.Str("finding"));
        await grid1.PostJson($"/api/care/alerts/{alert}/close", new { finding = "再次" }).Problem(HttpStatusCode.Conflict);
        Assert.DoesNotContain(alert, (await grid1.GetAsync("/api/care/alerts").Ok()).EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
        // The next day starts afresh.
        await At(day.AddDays(1).AddHours(10), c => c.RunAsync(default));
        Assert.Equal(2, (await Alerts()).Count(e => e == silent));
    }

    [Fact]
    public async Task The_streak_calendar_shows_ok_missed_and_alert_days_with_the_current_streak_within_the_data_scope()
    {
        var id = await EntryAsync();
        var grid1 = await app.ClientFor("grid1");
        await grid1.PutJson($"/api/care/entries/{id}/checkin", new { watchers = new[] { "grid1" } }).Ok();
        // Marks on 1–3 May 2027, nothing on the 4th, an alert on the 5th, marks on the 6th and 7th (Beijing days).
        var may = new DateTimeOffset(2027, 5, 1, 8, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
        foreach (var d in new[] { 0, 1, 2, 5, 6 }) await At(may.AddDays(d), c => c.MarkAsync(id, default));
        await At(may.AddDays(4).AddHours(3), c => c.RunAsync(default));
        var calendar = await At(may.AddDays(6).AddHours(1), c => c.CalendarAsync(id, null, default));
        Assert.Equal((2027, 5, 31), (calendar.Year, calendar.Month, calendar.Days.Count));
        Assert.Equal(["Ok", "Ok", "Ok", "Missed", "Alert", "Ok", "Ok", "None"], calendar.Days.Take(8).Select(d => d.State.ToString()));
        Assert.Equal((2, 5, 1, 1), (calendar.CurrentStreak, calendar.OkDays, calendar.MissedDays, calendar.AlertDays));

        // Over HTTP, on the real clock: a month in reach answers; another grid's worker does not see it; a bad month is refused.
        var january = await grid1.GetAsync($"/api/care/entries/{id}/checkin/calendar?month=2026-01").Ok();
        Assert.Equal(31, january.GetProperty("days").GetArrayLength());
        Assert.True(january.GetProperty("enrolled").GetBoolean());
        await (await app.ClientFor("grid2")).GetAsync($"/api/care/entries/{id}/checkin/calendar").Problem(HttpStatusCode.NotFound);
        await grid1.GetAsync($"/api/care/entries/{id}/checkin/calendar?month=May").Problem(HttpStatusCode.BadRequest);
        var page = await (await grid1.GetAsync($"/care/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"checkin-calendar\"", page);
        Assert.DoesNotContain("checkin-calendar", await (await (await app.ClientFor("grid2")).GetAsync($"/care/{id}")).Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CheckInTestsOnSqlite(SqliteApp app) : CheckInTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CheckInTestsOnPostgres(PostgresApp app) : CheckInTests(app);
