using System.Net;
using System.Text.Json;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Requests;

/// <summary>督办, possible duplicates and their links, and 书记有约 sessions, over HTTP, each inside a fresh grid of its own.</summary>
public abstract class OversightTests(GongzhiApp app)
{
    private async Task<long> NewRequestAsync(string areaCode, string category = "property.leak", string channel = "Window")
    {
        var community = await app.ClientFor("community");
        var created = await community.PostJson("/api/requests", new
        {
            channel, categoryCode = category, areaCode, submitterName = "周阿姨", submitterPhone = "13912340000", description = "卫生间漏水" + GongzhiApp.Unique(""),
        }).Ok(HttpStatusCode.Created);
        return created.GetProperty("request").GetProperty("id").GetInt64();
    }

    private static long[] Ids(JsonElement list) => [.. list.Items().Select(i => i.GetProperty("id").GetInt64())];

    private Task<List<string>> AuditActionsAsync(long id) =>
        app.Db(db => db.AuditEntries.Where(e => e.EntityType == "request" && e.EntityId == id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    [Fact]
    public async Task Street_staff_supervise_a_request_until_they_end_it_others_may_not()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var id = await NewRequestAsync(grid);
        var street = await app.ClientFor("street");
        var community = await app.ClientFor("community");
        var grid1 = await app.ClientFor("grid1");

        // Community and grid staff may not; nothing changes.
        (await community.PostJson($"/api/requests/{id}/supervise", new { note = "请加快" }).Problem(HttpStatusCode.Forbidden)).Str("detail");
        await grid1.PostJson($"/api/requests/{id}/supervise", new { note = "请加快" }).Problem(HttpStatusCode.NotFound); // not even in grid1's reach
        Assert.False((await community.GetAsync($"/api/requests/{id}/oversight").Ok()).GetProperty("canSupervise").GetBoolean());
        // A note is required.
        var problem = await street.PostJson($"/api/requests/{id}/supervise", new { note = " " }).Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("note", out _));

        var before = (await street.GetAsync("/api/requests/counts").Ok()).Int("supervised");
        var view = await street.PostJson($"/api/requests/{id}/supervise", new { note = "超期风险，请三日内办结" }).Ok();
        Assert.Equal("超期风险，请三日内办结", view.Str("supervisionNote"));
        Assert.Equal(before + 1, (await street.GetAsync("/api/requests/counts").Ok()).Int("supervised"));
        Assert.Contains(id, Ids(await street.GetAsync($"/api/requests?list=Supervised&areaCode={grid}").Ok()));
        // The community sees it flagged in its list too (the list is over the caller's reach).
        Assert.Contains(id, Ids(await community.GetAsync($"/api/requests?list=Supervised&areaCode={grid}").Ok()));
        await street.PostJson($"/api/requests/{id}/supervise", new { note = "再次" }).Problem(HttpStatusCode.Conflict);

        // Ending it needs a note too; then it leaves the list.
        await street.PostJson($"/api/requests/{id}/unsupervise", new { }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/requests/{id}/unsupervise", new { note = "x" }).Problem(HttpStatusCode.Forbidden);
        var ended = await street.PostJson($"/api/requests/{id}/unsupervise", new { note = "已按期办结" }).Ok();
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("supervisedAt").ValueKind);
        Assert.DoesNotContain(id, Ids(await street.GetAsync($"/api/requests?list=Supervised&areaCode={grid}").Ok()));
        await street.PostJson($"/api/requests/{id}/unsupervise", new { note = "again" }).Problem(HttpStatusCode.Conflict);

        var kinds = (await street.GetAsync($"/api/requests/{id}").Ok()).GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")).ToList();
        Assert.Equal(["Submitted", "Supervised", "SupervisionEnded"], kinds);
        Assert.Equal(["request.create", "request.supervise", "request.unsupervise"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task A_supervised_request_leaves_the_list_when_it_closes()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var id = await NewRequestAsync(grid);
        var street = await app.ClientFor("street");
        var community = await app.ClientFor("community");
        await street.PostJson($"/api/requests/{id}/supervise", new { note = "督办" }).Ok();
        await community.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/start", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/resolve", new { note = "已修复" }).Ok();
        Assert.Contains(id, Ids(await street.GetAsync($"/api/requests?list=Supervised&areaCode={grid}").Ok()));
        await community.PostJson($"/api/requests/{id}/feedback", new { satisfied = true, score = 5 }).Ok();
        await community.PostJson($"/api/requests/{id}/return-visit", new { note = "回访满意" }).Ok();
        Assert.DoesNotContain(id, Ids(await street.GetAsync($"/api/requests?list=Supervised&areaCode={grid}").Ok()));
        // Closed: nothing left to supervise.
        await street.PostJson($"/api/requests/{id}/unsupervise", new { note = "x" }).Ok();
        await street.PostJson($"/api/requests/{id}/supervise", new { note = "x" }).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Open_requests_of_the_category_at_the_place_are_possible_duplicates_and_may_be_linked()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var building = (await app.Given.BuildingAsync(grid)).Str("code");
        var other = (await app.Given.BuildingAsync(grid)).Str("code");
        var community = await app.ClientFor("community");
        var first = await NewRequestAsync(building);

        long[] Similar(JsonElement e) => [.. e.EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
        Assert.Equal([first], Similar(await community.GetAsync($"/api/requests/similar?category=property.leak&area={building}").Ok()));
        // A parent category finds its subcategories' requests; another category or another building does not.
        Assert.Equal([first], Similar(await community.GetAsync($"/api/requests/similar?category=property&area={building}").Ok()));
        Assert.Empty(Similar(await community.GetAsync($"/api/requests/similar?category=parking.occupied&area={building}").Ok()));
        Assert.Empty(Similar(await community.GetAsync($"/api/requests/similar?category=property.leak&area={other}").Ok()));
        // Outside the caller's reach: nothing found; bad input: problem details.
        await (await app.ClientFor("grid2")).GetAsync($"/api/requests/similar?category=property.leak&area={building}").Problem(HttpStatusCode.NotFound);
        var bad = await community.GetAsync("/api/requests/similar").Problem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("category", out _));

        var second = await NewRequestAsync(building);
        await community.PostJson($"/api/requests/{second}/duplicate-of", new { otherRequestId = first }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/requests/{second}/duplicate-of", new { otherRequestId = second, reason = "同一问题" }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/requests/{second}/duplicate-of", new { otherRequestId = 987654321, reason = "同一问题" }).Problem(HttpStatusCode.BadRequest);
        var trackingCode = (await community.GetAsync($"/api/requests/{first}").Ok()).GetProperty("request").Str("trackingCode");
        var linked = await community.PostJson($"/api/requests/{second}/duplicate-of", new { otherTrackingCode = trackingCode.ToLowerInvariant(), reason = "同一楼栋同一漏点" }).Ok();
        var link = Assert.Single(linked.GetProperty("links").EnumerateArray());
        Assert.Equal(first, link.GetProperty("requestId").GetInt64());
        Assert.True(link.GetProperty("isDuplicateOfOther").GetBoolean());
        var back = Assert.Single((await community.GetAsync($"/api/requests/{first}/oversight").Ok()).GetProperty("links").EnumerateArray());
        Assert.Equal(second, back.GetProperty("requestId").GetInt64());
        Assert.False(back.GetProperty("isDuplicateOfOther").GetBoolean());
        // Either way round, once.
        await community.PostJson($"/api/requests/{first}/duplicate-of", new { otherRequestId = second, reason = "again" }).Problem(HttpStatusCode.Conflict);
        // The link closes nothing.
        Assert.Equal("Submitted", (await community.GetAsync($"/api/requests/{second}").Ok()).GetProperty("request").Str("status"));
        Assert.Contains("request.link-duplicate", await AuditActionsAsync(second));
        Assert.Contains("LinkedDuplicate", (await community.GetAsync($"/api/requests/{second}").Ok()).GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")));
    }

    [Fact]
    public async Task A_session_records_its_matters_and_follows_each_of_them()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var building = (await app.Given.BuildingAsync(grid)).Str("code");
        var community = await app.ClientFor("community");
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");

        // Only community and street staff record sessions; bad input answers which field.
        await (await app.ClientFor("grid1")).PostJson("/api/secretary-sessions", new { heldOn = today, place = "网格工作站", areaCode = DemoCodes.Grid1 }).Problem(HttpStatusCode.Forbidden);
        var bad = await community.PostJson("/api/secretary-sessions", new { areaCode = grid }).Problem(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("place", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("heldOn", out _));
        await community.PostJson("/api/secretary-sessions", new { heldOn = "1990-01-01", place = "x", areaCode = grid }).Problem(HttpStatusCode.BadRequest);

        var session = await community.PostJson("/api/secretary-sessions", new { heldOn = today, place = "社区党群服务中心", areaCode = grid, notes = "十月书记有约" }).Ok(HttpStatusCode.Created);
        var sessionId = session.GetProperty("id").GetInt64();
        Assert.Equal("南门社区 李书记", session.Str("secretaryName"));

        var matter = await community.PostJson($"/api/secretary-sessions/{sessionId}/requests", new
        {
            channel = "Window", categoryCode = "dispute", areaCode = building, submitterName = "吴大爷", submitterPhone = "13800001111", description = "楼上噪音扰民",
        }).Ok(HttpStatusCode.Created);
        var id = matter.GetProperty("request").GetProperty("id").GetInt64();
        Assert.Equal("SecretarySession", matter.GetProperty("request").Str("channel"));
        Assert.Equal(sessionId, (await community.GetAsync($"/api/requests/{id}/oversight").Ok()).GetProperty("sessionId").GetInt64());
        // Matters lie inside the session's area; a refused one leaves nothing behind.
        var outside = await community.PostJson($"/api/secretary-sessions/{sessionId}/requests", new
        {
            categoryCode = "dispute", areaCode = DemoCodes.Grid2, submitterName = "吴", submitterPhone = "13800001111", description = "x",
        }).Problem(HttpStatusCode.BadRequest);
        Assert.True(outside.GetProperty("errors").TryGetProperty("areaCode", out _));
        Assert.Equal(1, await app.Db(db => db.Requests.CountAsync(r => r.SessionId == sessionId)));

        // The call-back: who accepted, who handles, the feedback.
        await community.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "grid1" }).Ok();
        var detail = await community.GetAsync($"/api/secretary-sessions/{sessionId}").Ok();
        var row = Assert.Single(detail.GetProperty("matters").EnumerateArray());
        Assert.Equal("南门社区 李书记", row.Str("firstResponsibleName"));
        Assert.Equal("南门社区 第一网格 张网格员", row.Str("handlerName"));
        Assert.Equal("Assigned", row.Str("status"));
        Assert.Equal(1, detail.GetProperty("session").Int("open"));
        var listed = (await community.GetAsync($"/api/secretary-sessions?areaCode={grid}").Ok()).EnumerateArray().Single();
        Assert.Equal(1, listed.Int("matters"));
        // Outside the session's area it is not found.
        await (await app.ClientFor("grid2")).GetAsync($"/api/secretary-sessions/{sessionId}").Problem(HttpStatusCode.NotFound);
        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync(e => e.EntityType == "secretary-session" && e.EntityId == sessionId.ToString())));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class OversightTestsOnSqlite(SqliteApp app) : OversightTests(app);

[Collection(PostgresCollection.Name)]
public sealed class OversightTestsOnPostgres(PostgresApp app) : OversightTests(app);
