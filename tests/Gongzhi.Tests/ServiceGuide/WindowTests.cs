using System.Net;
using System.Text.Json;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.ServiceGuide.Features.Window;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.ServiceGuide;

/// <summary>
/// Window applications (一口受理) over HTTP: recorded for a resident of the worker's area with the materials received,
/// followed to completion or return, an SMS to the resident at each step, the one-time list of missing materials,
/// deadlines on a moved clock, and the data scope.
/// </summary>
public abstract class WindowTests(GongzhiApp app)
{
    /// <summary>A matter of its own: 居民身份证 and 申请表 required, 残疾人证 optional, 3 working days.</summary>
    private async Task<long> MatterAsync(int days = 3, string kind = "WorkingDays") =>
        (await (await app.ClientFor("street")).PostJson("/api/guide/matters", CatalogueTests.NewMatter(days: days, kind: kind)).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    /// <summary>A resident living in a household of a fresh grid of the demo community (the "community" account's subtree).</summary>
    private async Task<(long Id, string Grid)> ResidentAsync()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var household = await app.Given.HouseholdAsync(grid);
        var resident = await app.Given.ResidentAsync(household.GetProperty("id").GetInt64());
        return (resident.GetProperty("id").GetInt64(), grid);
    }

    private Task<List<(string Key, string Kind, DeliveryChannel[] Channels)>> MessagesAsync(long applicationId) =>
        app.Db(async db => (await db.Notifications.Include(n => n.Deliveries).Where(n => n.DedupKey.StartsWith($"window:{applicationId}:")).OrderBy(n => n.Id).ToListAsync())
            .Select(n => (n.DedupKey.Split('|')[0], n.Kind, n.Deliveries.Select(d => d.Channel).ToArray())).ToList());

    [Fact]
    public async Task A_community_worker_records_an_application_and_follows_it_to_completion_texting_the_resident()
    {
        var matter = await MatterAsync();
        var (resident, _) = await ResidentAsync();
        var community = await app.ClientFor("community");
        var created = await community.PostJson("/api/window/applications", new { matterId = matter, residentId = resident, receivedMaterials = new[] { "居民身份证" }, proxyName = "网格员小李", note = "行动不便，代办" })
            .Ok(HttpStatusCode.Created);
        var a = created.GetProperty("application");
        var id = a.GetProperty("id").GetInt64();
        Assert.Equal("Recorded", a.Str("status"));
        Assert.Equal(1, a.Int("missingCount")); // 申请表; the optional 残疾人证 does not count
        Assert.Equal("网格员小李", a.Str("proxyName"));
        Assert.Matches(@"^1\d\*{4}\d{4}$|\*", a.Str("residentPhoneMasked"));
        var due = DateOnly.Parse(a.Str("dueOn"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        Assert.InRange(due.DayNumber - today.DayNumber, 3, 5); // three working days, a weekend at most between
        Assert.False(due.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.Equal([true, false, false], created.GetProperty("checklist").EnumerateArray().Select(c => c.GetProperty("received").GetBoolean()).ToArray());

        // The one-time list names what is missing, not what was received.
        var notice = await community.GetAsync($"/window/{id}/notice");
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        var html = await notice.Content.ReadAsStringAsync();
        Assert.Contains("一次性告知单", html);
        var table = html[html.IndexOf("missing-materials", StringComparison.Ordinal)..];
        Assert.Contains("申请表", table);
        Assert.DoesNotContain("居民身份证", table);

        // Not to the department while a required material is missing; once it is brought, yes.
        var refused = await community.PostJson($"/api/window/applications/{id}/submit", new { }).Problem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("receivedMaterials", out _));
        await community.PostJson($"/api/window/applications/{id}/complete", new { }).Problem(HttpStatusCode.Conflict);
        var submitted = await community.PostJson($"/api/window/applications/{id}/submit", new { receivedMaterials = new[] { "申请表" } }).Ok();
        Assert.Equal("Submitted", submitted.GetProperty("application").Str("status"));
        Assert.Equal(0, submitted.GetProperty("application").Int("missingCount"));
        var completed = await community.PostJson($"/api/window/applications/{id}/complete", new { note = "请到街道便民服务中心领取" }).Ok();
        Assert.Equal("Completed", completed.GetProperty("application").Str("status"));
        await community.PostJson($"/api/window/applications/{id}/return", new { note = "晚了" }).Problem(HttpStatusCode.Conflict);

        // One SMS to the resident per step, through the outbox.
        var messages = await MessagesAsync(id);
        Assert.Equal([$"window:{id}:recorded", $"window:{id}:submitted", $"window:{id}:completed"], messages.Select(m => m.Key).ToArray());
        Assert.All(messages, m => Assert.Equal([DeliveryChannel.Sms], m.Channels));
        Assert.Equal("service-guide.recorded", messages[0].Kind);
        var body = await app.Db(db => db.Notifications.Where(n => n.DedupKey.StartsWith($"window:{id}:recorded")).Select(n => n.Body).SingleAsync());
        Assert.Contains("申请表", body);

        var actions = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "window-application" && e.EntityId == id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["window-application.record", "window-application.submit", "window-application.complete"], actions);

        // A matter with applications stays in the catalogue.
        await (await app.ClientFor("street")).DeleteAsync($"/api/guide/matters/{matter}").Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_returned_application_needs_a_reason_which_the_resident_is_texted()
    {
        var matter = await MatterAsync();
        var (resident, grid) = await ResidentAsync();
        var community = await app.ClientFor("community");
        var id = (await community.PostJson("/api/window/applications", new { matterId = matter, residentId = resident, receivedMaterials = new[] { "居民身份证", "申请表" } })
            .Ok(HttpStatusCode.Created)).GetProperty("application").GetProperty("id").GetInt64();
        var problem = await community.PostJson($"/api/window/applications/{id}/return", new { note = " " }).Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("note", out _));
        var returned = await community.PostJson($"/api/window/applications/{id}/return", new { note = "不符合申请条件" }).Ok();
        Assert.Equal("Returned", returned.GetProperty("application").Str("status"));
        Assert.Equal("不符合申请条件", returned.Str("returnReason"));
        Assert.Equal([$"window:{id}:recorded", $"window:{id}:returned"], (await MessagesAsync(id)).Select(m => m.Key).ToArray());

        // The area's list finds it by status, by the resident's name, under the grid.
        var list = await community.GetAsync($"/api/window/applications?area={grid}&status=Returned").Ok();
        Assert.Equal([id], list.Items().Select(i => i.GetProperty("id").GetInt64()).ToArray());
        await community.GetAsync("/api/window/applications?status=Nonsense").Problem(HttpStatusCode.BadRequest);
        var page = await community.GetAsync($"/window?area={grid}&status=Returned&q={Uri.EscapeDataString(returned.GetProperty("application").Str("matterName"))}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(returned.GetProperty("application").Str("matterName"), await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_worker_cannot_record_for_a_resident_outside_their_subtree_nor_see_other_areas_applications()
    {
        var matter = await MatterAsync();
        var (resident, grid) = await ResidentAsync(); // a fresh grid: not grid1's, not grid2's
        foreach (var worker in new[] { "grid1", "grid2" })
        {
            var client = await app.ClientFor(worker);
            var problem = await client.PostJson("/api/window/applications", new { matterId = matter, residentId = resident }).Problem(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("residentId", out _), problem.ToString());
        }
        Assert.False(await app.Db(db => db.WindowApplications.IgnoreQueryFilters().AnyAsync(a => a.ResidentId == resident)));
        Assert.Empty(await app.Db(db => db.Notifications.Where(n => n.RecipientResidentId == resident).ToListAsync()));

        // Recorded by the community worker, it stays out of the grid workers' sight and reach.
        var id = (await (await app.ClientFor("community")).PostJson("/api/window/applications", new { matterId = matter, residentId = resident })
            .Ok(HttpStatusCode.Created)).GetProperty("application").GetProperty("id").GetInt64();
        var grid1 = await app.ClientFor("grid1");
        await grid1.GetAsync($"/api/window/applications/{id}").Problem(HttpStatusCode.NotFound);
        await grid1.PostJson($"/api/window/applications/{id}/return", new { note = "越权" }).Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await grid1.GetAsync($"/window/{id}/notice")).StatusCode);
        Assert.DoesNotContain(id, (await grid1.GetAsync("/api/window/applications?pageSize=200").Ok()).Items().Select(i => i.GetProperty("id").GetInt64()));
        await grid1.GetAsync($"/api/window/applications?area={grid}").Problem(HttpStatusCode.NotFound);
        Assert.Equal("Recorded", await app.Db(db => db.WindowApplications.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.Status.ToString()).SingleAsync()));
        // Residents and volunteers have no window.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientFor("resident")).GetAsync("/api/window/applications")).StatusCode);
    }

    [Fact]
    public async Task Deadlines_follow_the_matter_time_limit_on_a_moved_clock_and_open_applications_past_it_are_overdue()
    {
        var working = await MatterAsync(days: 3);
        var calendar = await MatterAsync(days: 3, kind: "CalendarDays");
        var (resident, grid) = await ResidentAsync();
        // Friday 5 March 2027, 09:00 in Beijing.
        var friday = new DateTimeOffset(2027, 3, 5, 1, 0, 0, TimeSpan.Zero);
        Task<T> At<T>(DateTimeOffset at, Func<WindowApplications, Task<T>> work) =>
            app.Services.AsSystemAsync(sp => work(ActivatorUtilities.CreateInstance<WindowApplications>(sp, new FakeTimeProvider(at))));
        var w = await At(friday, s => s.RecordAsync(new RecordApplication(working, resident, ["居民身份证", "申请表"]), default));
        var c = await At(friday, s => s.RecordAsync(new RecordApplication(calendar, resident, ["居民身份证", "申请表"]), default));
        Assert.Equal(new DateOnly(2027, 3, 10), w.Application.DueOn); // Mon, Tue, Wed
        Assert.Equal(new DateOnly(2027, 3, 8), c.Application.DueOn);  // Sat, Sun, Mon

        async Task<long[]> Overdue(DateTimeOffset at) =>
            [.. (await At(at, s => s.ListAsync(new ApplicationFilter(grid, null, true), default))).Items.Select(i => i.Id)];
        Assert.Empty(await Overdue(new DateTimeOffset(2027, 3, 8, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal([c.Application.Id], await Overdue(new DateTimeOffset(2027, 3, 9, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new[] { w.Application.Id, c.Application.Id }.Order(), (await Overdue(new DateTimeOffset(2027, 3, 11, 8, 0, 0, TimeSpan.Zero))).Order());
        // A closed application is past nothing.
        await At(friday, s => s.ReturnAsync(c.Application.Id, new ApplicationStep("撤回申请"), default));
        Assert.Equal([w.Application.Id], await Overdue(new DateTimeOffset(2027, 3, 11, 8, 0, 0, TimeSpan.Zero)));
        var detail = await At(new DateTimeOffset(2027, 3, 11, 8, 0, 0, TimeSpan.Zero), s => s.GetAsync(w.Application.Id, default));
        Assert.True(detail.Application.Overdue);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WindowTestsOnSqlite(SqliteApp app) : WindowTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WindowTestsOnPostgres(PostgresApp app) : WindowTests(app);
