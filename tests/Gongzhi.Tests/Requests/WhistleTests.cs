using System.Net;
using System.Text.Json;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Requests;

/// <summary>吹哨报到: departments called in, reporting in and acting; and the inbox messages that tell people work came to them.</summary>
public abstract class WhistleTests(GongzhiApp app)
{
    private async Task<long> AcceptedRequestAsync(string areaCode)
    {
        var community = await app.ClientFor("community");
        var created = await community.PostJson("/api/requests", new
        {
            channel = "SecretarySession", categoryCode = "heating.cold", areaCode, submitterName = "赵大爷", submitterPhone = "13800001111",
            description = "暖气不热" + GongzhiApp.Unique(""),
        }).Ok(HttpStatusCode.Created);
        var id = created.GetProperty("request").GetProperty("id").GetInt64();
        await community.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        return id;
    }

    private Task<List<(string Key, string? UserId)>> MessagesAsync(long id) =>
        app.Db(async db => (await db.Notifications.Where(n => n.DedupKey.StartsWith($"request:{id}:")).Select(n => new { n.DedupKey, n.RecipientUserId }).ToListAsync())
            .Select(n => (n.DedupKey, n.RecipientUserId)).ToList());

    private Task<string> UserIdAsync(string userName) => app.Db(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task A_whistled_department_reports_in_and_acts_and_the_request_shows_it()
    {
        var grid = await app.Given.GridAsync();
        var id = await AcceptedRequestAsync(grid.Str("code"));
        var community = await app.ClientFor("community");
        var dept = await app.ClientFor("dept");
        await dept.GetAsync($"/api/requests/{id}").Problem(HttpStatusCode.NotFound);

        var whistled = await community.PostJson($"/api/requests/{id}/whistle", new { departmentCodes = new[] { "chengguan" }, reason = "涉及管网改造，需部门联合处置" }).Ok();
        var whistle = Assert.Single(whistled.GetProperty("whistles").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, whistle.GetProperty("reportedAt").ValueKind);
        Assert.Equal("涉及管网改造，需部门联合处置", whistle.Str("reason"));
        // The department's staff now reach it, see it in their queue, and got a message.
        var seen = await dept.GetAsync($"/api/requests/{id}").Ok();
        Assert.Equal(["report-in"], seen.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!).ToArray());
        var queue = await dept.GetAsync("/api/requests?list=Mine&pageSize=500").Ok();
        Assert.Contains(queue.Items(), r => r.GetProperty("id").GetInt64() == id);
        var deptId = await UserIdAsync("dept");
        Assert.Contains(await MessagesAsync(id), m => m.Key.Contains(":whistle-") && m.UserId == deptId);

        await dept.PostJson($"/api/requests/{id}/department-action", new { note = "x" }).Problem(HttpStatusCode.Conflict);
        await dept.PostJson($"/api/requests/{id}/report-in", new { note = "已收到" }).Ok();
        await dept.PostJson($"/api/requests/{id}/report-in", new { }).Problem(HttpStatusCode.Conflict);
        await dept.PostJson($"/api/requests/{id}/department-action", new { note = "" }).Problem(HttpStatusCode.BadRequest);
        var acted = await dept.PostJson($"/api/requests/{id}/department-action", new { note = "已派员检修换热站" }).Ok();
        var done = Assert.Single(acted.GetProperty("whistles").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("reportedAt").ValueKind);
        Assert.Equal("已派员检修换热站", done.Str("actionNote"));
        Assert.False(done.GetProperty("reportedLate").GetBoolean());
        var kinds = acted.GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")).ToArray();
        Assert.Equal(["Submitted", "Accepted", "Whistled", "ReportedIn", "DepartmentActed"], kinds);
        // Acting on a request does not make the department its handler.
        await dept.PostJson($"/api/requests/{id}/start", new { }).Problem(HttpStatusCode.Forbidden);
        var audit = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "request" && e.EntityId == id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["request.create", "request.accept", "request.whistle", "request.report-in", "request.department-action"], audit);
    }

    [Fact]
    public async Task Only_community_and_street_staff_whistle_and_only_whistled_departments_report_in()
    {
        var id = await AcceptedRequestAsync(DemoCodes.Grid1);
        var grid1 = await app.ClientFor("grid1");
        var community = await app.ClientFor("community");
        var street = await app.ClientFor("street");
        var dept = await app.ClientFor("dept");
        await grid1.PostJson($"/api/requests/{id}/whistle", new { departmentCodes = new[] { "chengguan" }, reason = "需要部门" }).Problem(HttpStatusCode.Forbidden);
        var invalid = await community.PostJson($"/api/requests/{id}/whistle", new { departmentCodes = new[] { "no-such" }, reason = "" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("departmentCodes", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("reason", out _));
        await dept.PostJson($"/api/requests/{id}/report-in", new { }).Problem(HttpStatusCode.NotFound);
        await street.PostJson($"/api/requests/{id}/whistle", new { departmentCodes = new[] { "chengguan" }, reason = "街道协调" }).Ok();
        await community.PostJson($"/api/requests/{id}/whistle", new { departmentCodes = new[] { "chengguan" }, reason = "再次" }).Problem(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.Db(db => db.RequestWhistles.CountAsync(w => w.RequestId == id)));
        // A submitted (not yet accepted) request is not whistled.
        var fresh = await community.PostJson("/api/requests", new { channel = "Phone", categoryCode = "other", areaCode = DemoCodes.Grid1, submitterName = "钱", submitterPhone = "13800002222", description = "咨询" })
            .Ok(HttpStatusCode.Created);
        await community.PostJson($"/api/requests/{fresh.GetProperty("request").GetProperty("id").GetInt64()}/whistle", new { departmentCodes = new[] { "chengguan" }, reason = "x" })
            .Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Assigning_sends_the_assignee_or_the_departments_staff_an_inbox_message_in_the_same_save()
    {
        var id = await AcceptedRequestAsync(DemoCodes.Grid1);
        var community = await app.ClientFor("community");
        await community.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "grid1" }).Ok();
        var grid1Id = await UserIdAsync("grid1");
        Assert.Contains(await MessagesAsync(id), m => m.UserId == grid1Id && m.Key.Contains(":assign-"));
        await community.PostJson($"/api/requests/{id}/assign", new { departmentCode = "chengguan", reason = "需执法" }).Ok();
        var deptId = await UserIdAsync("dept");
        Assert.Contains(await MessagesAsync(id), m => m.UserId == deptId && m.Key.Contains(":assign-"));
        // A refused step sends nothing.
        var before = (await MessagesAsync(id)).Count;
        await community.PostJson($"/api/requests/{id}/assign", new { departmentCode = "chengguan", reason = "重复" }).Problem(HttpStatusCode.Conflict);
        Assert.Equal(before, (await MessagesAsync(id)).Count);
        var inbox = await (await app.ClientFor("grid1")).GetAsync("/api/inbox?module=Requests&pageSize=200").Ok();
        Assert.Contains(inbox.Items(), m => m.Str("link") == $"/requests/{id}");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WhistleTestsOnSqlite(SqliteApp app) : WhistleTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WhistleTestsOnPostgres(PostgresApp app) : WhistleTests(app);
