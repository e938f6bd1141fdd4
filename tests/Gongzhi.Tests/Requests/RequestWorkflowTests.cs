using System.Net;
using System.Text.Json;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Requests;

/// <summary>The closed loop over HTTP: every step, every refusal (which changes nothing), the timeline, the audit, and who sees what.</summary>
public abstract class RequestWorkflowTests(GongzhiApp app)
{
    private async Task<JsonElement> NewRequestAsync(string areaCode, string channel = "Window", string category = "property.leak")
    {
        var community = await app.ClientFor("community");
        return await community.PostJson("/api/requests", new
        {
            channel, categoryCode = category, areaCode, submitterName = "王大妈", submitterPhone = "13912345678",
            description = "楼道顶棚漏水" + GongzhiApp.Unique(""),
        }).Ok(HttpStatusCode.Created);
    }

    private static long Id(JsonElement detail) => detail.GetProperty("request").GetProperty("id").GetInt64();
    private static string Status(JsonElement detail) => detail.GetProperty("request").Str("status");
    private static string[] Actions(JsonElement detail) => [.. detail.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!)];

    private Task<List<string>> AuditActionsAsync(long id) =>
        app.Db(db => db.AuditEntries.Where(e => e.EntityType == "request" && e.EntityId == id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());

    private Task<int> EventCountAsync(long id) => app.Db(db => db.RequestEvents.CountAsync(e => e.RequestId == id));

    [Fact]
    public async Task A_request_travels_the_whole_loop_with_a_timeline_and_an_audit_entry_per_step()
    {
        var created = await NewRequestAsync(DemoCodes.Grid1);
        var id = Id(created);
        var summary = created.GetProperty("request");
        Assert.Equal("Submitted", summary.Str("status"));
        Assert.Equal("138****5678".Length, summary.Str("submitterPhone").Length);
        Assert.Equal("139****5678", summary.Str("submitterPhone"));
        Assert.Equal(12, summary.Str("trackingCode").Length);
        Assert.Equal("漏水", summary.Str("categoryName"));

        var grid1 = await app.ClientFor("grid1");
        var dept = await app.ClientFor("dept");
        var community = await app.ClientFor("community");
        Assert.Contains("accept", Actions(await grid1.GetAsync($"/api/requests/{id}").Ok()));
        var accepted = await grid1.PostJson($"/api/requests/{id}/accept", new { note = "马上去看" }).Ok();
        Assert.Equal("Accepted", Status(accepted));
        Assert.Equal("南门社区 第一网格 张网格员", accepted.GetProperty("request").Str("firstResponsibleName"));

        var assigned = await grid1.PostJson($"/api/requests/{id}/assign", new { departmentCode = "chengguan", note = "需执法局处理" }).Ok();
        Assert.Equal("Assigned", Status(assigned));
        Assert.Equal(["return", "start"], Actions(await dept.GetAsync($"/api/requests/{id}").Ok()));
        Assert.Equal("InProgress", Status(await dept.PostJson($"/api/requests/{id}/start", new { }).Ok()));
        Assert.Equal("Resolved", Status(await dept.PostJson($"/api/requests/{id}/resolve", new { note = "已修复屋面防水" }).Ok()));

        // Not satisfied reopens it to the same handler; a second resolution is rated again.
        var reopened = await community.PostJson($"/api/requests/{id}/feedback", new { satisfied = false, score = 2, note = "仍有渗水" }).Ok();
        Assert.Equal("InProgress", Status(reopened));
        Assert.Equal(1, reopened.GetProperty("reopenCount").GetInt32());
        await dept.PostJson($"/api/requests/{id}/resolve", new { note = "二次修补完成" }).Ok();
        var rated = await community.PostJson($"/api/requests/{id}/feedback", new { satisfied = true, score = 5 }).Ok();
        Assert.Equal("AwaitingReturnVisit", Status(rated));
        var closed = await community.PostJson($"/api/requests/{id}/return-visit", new { note = "电话回访，居民满意" }).Ok();
        Assert.Equal("Closed", Status(closed));
        Assert.Empty(Actions(closed));

        var kinds = closed.GetProperty("timeline").EnumerateArray().Select(e => e.Str("kind")).ToArray();
        Assert.Equal(["Submitted", "Accepted", "Assigned", "Started", "Resolved", "Feedback", "Reopened", "Resolved", "Feedback", "ReturnVisit", "Closed"], kinds);
        var assignEvent = closed.GetProperty("timeline").EnumerateArray().Single(e => e.Str("kind") == "Assigned");
        Assert.Equal("需执法局处理", assignEvent.Str("note"));
        Assert.Equal(["request.create", "request.accept", "request.assign", "request.start", "request.resolve", "request.reopen", "request.resolve",
            "request.feedback", "request.return-visit"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Illegal_steps_are_refused_with_a_problem_and_change_nothing()
    {
        var id = Id(await NewRequestAsync(DemoCodes.Grid1));
        var grid1 = await app.ClientFor("grid1");
        var community = await app.ClientFor("community");
        var problem = await community.PostJson($"/api/requests/{id}/resolve", new { note = "x" }).Problem(HttpStatusCode.Conflict);
        Assert.Contains("待受理", problem.Str("detail"));
        await community.PostJson($"/api/requests/{id}/start", new { }).Problem(HttpStatusCode.Conflict);
        await community.PostJson($"/api/requests/{id}/feedback", new { satisfied = true, score = 5 }).Problem(HttpStatusCode.Conflict);
        await community.PostJson($"/api/requests/{id}/return-visit", new { note = "x" }).Problem(HttpStatusCode.Conflict);
        await community.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "grid1" }).Problem(HttpStatusCode.Conflict);
        Assert.Equal(1, await EventCountAsync(id));
        Assert.Equal(["request.create"], await AuditActionsAsync(id));

        await grid1.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/accept", new { }).Problem(HttpStatusCode.Conflict);
        // Only the handler starts and resolves; a transfer needs a reason; an assignee is a worker or a department, not both.
        await community.PostJson($"/api/requests/{id}/start", new { }).Problem(HttpStatusCode.Forbidden);
        await grid1.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "grid2", departmentCode = "chengguan" }).Problem(HttpStatusCode.BadRequest);
        await grid1.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "volunteer" }).Problem(HttpStatusCode.BadRequest);
        await grid1.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "grid2" }).Ok();
        var noReason = await community.PostJson($"/api/requests/{id}/assign", new { departmentCode = "chengguan" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        var grid2 = await app.ClientFor("grid2");
        await grid2.PostJson($"/api/requests/{id}/return", new { reason = "" }).Problem(HttpStatusCode.BadRequest);
        await grid2.PostJson($"/api/requests/{id}/start", new { }).Ok();
        await grid2.PostJson($"/api/requests/{id}/resolve", new { note = " " }).Problem(HttpStatusCode.BadRequest);
        await grid2.PostJson($"/api/requests/{id}/resolve", new { note = "已处理" }).Ok();
        await community.PostJson($"/api/requests/{id}/feedback", new { satisfied = true, score = 9 }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/requests/{id}/feedback", new { satisfied = true, score = 4 }).Ok();
        // A second verdict on the same resolution is refused.
        await community.PostJson($"/api/requests/{id}/feedback", new { satisfied = false, score = 1 }).Problem(HttpStatusCode.Conflict);
        var detail = await community.GetAsync($"/api/requests/{id}").Ok();
        Assert.Equal(4, detail.GetProperty("satisfactionScore").GetInt32());
        Assert.Equal("AwaitingReturnVisit", Status(detail));
        Assert.Equal(["request.create", "request.accept", "request.assign", "request.start", "request.resolve", "request.feedback"], await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Transfer_and_return_need_a_reason_and_move_the_handler_and_its_reach()
    {
        var grid = await app.Given.GridAsync();
        var id = Id(await NewRequestAsync(grid.Str("code")));
        var community = await app.ClientFor("community");
        var grid1 = await app.ClientFor("grid1");
        await grid1.GetAsync($"/api/requests/{id}").Problem(HttpStatusCode.NotFound);
        await community.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "grid1" }).Ok();
        // The handler reaches it outside its grid, and sees it in its queue.
        var mine = await grid1.GetAsync("/api/requests?list=Mine&pageSize=500").Ok();
        Assert.Contains(mine.Items(), r => r.GetProperty("id").GetInt64() == id);
        var returned = await grid1.PostJson($"/api/requests/{id}/return", new { reason = "不属于本网格" }).Ok(HttpStatusCode.NoContent);
        await grid1.GetAsync($"/api/requests/{id}").Problem(HttpStatusCode.NotFound);
        var back = await community.GetAsync($"/api/requests/{id}").Ok();
        Assert.Equal("Accepted", Status(back));
        Assert.Equal("南门社区 李书记", back.GetProperty("request").Str("handlerName"));
        var returnEvent = back.GetProperty("timeline").EnumerateArray().Last();
        Assert.Equal("Returned", returnEvent.Str("kind"));
        Assert.Equal("不属于本网格", returnEvent.Str("note"));

        await community.PostJson($"/api/requests/{id}/assign", new { departmentCode = "chengguan" }).Ok();
        var transferred = await community.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = "grid2", reason = "部门答复由网格先行处置" }).Ok();
        Assert.Equal("Transferred", transferred.GetProperty("timeline").EnumerateArray().Last().Str("kind"));
        await (await app.ClientFor("dept")).GetAsync($"/api/requests/{id}").Problem(HttpStatusCode.NotFound);
        Assert.Equal(["request.create", "request.accept", "request.assign", "request.return", "request.assign", "request.transfer"], await AuditActionsAsync(id));
        Assert.Equal(JsonValueKind.Undefined, returned.ValueKind);
    }

    [Fact]
    public async Task Grid1_does_not_see_grid2s_requests_and_a_department_sees_only_its_own()
    {
        var inGrid1 = Id(await NewRequestAsync(DemoCodes.Grid1));
        var inGrid2 = Id(await NewRequestAsync(DemoCodes.Grid2));
        var grid1 = await app.ClientFor("grid1");
        var grid2 = await app.ClientFor("grid2");
        var dept = await app.ClientFor("dept");
        await grid1.GetAsync($"/api/requests/{inGrid1}").Ok();
        await grid1.GetAsync($"/api/requests/{inGrid2}").Problem(HttpStatusCode.NotFound);
        await grid1.PostJson($"/api/requests/{inGrid2}/accept", new { }).Problem(HttpStatusCode.NotFound);
        await grid2.GetAsync($"/api/requests/{inGrid1}").Problem(HttpStatusCode.NotFound);
        var area = await grid1.GetAsync("/api/requests?list=Area&pageSize=500").Ok();
        Assert.Contains(area.Items(), r => r.GetProperty("id").GetInt64() == inGrid1);
        Assert.DoesNotContain(area.Items(), r => r.GetProperty("id").GetInt64() == inGrid2);
        await grid1.GetAsync($"/api/requests?list=Area&areaCode={DemoCodes.Grid2}").Problem(HttpStatusCode.NotFound);

        await dept.GetAsync($"/api/requests/{inGrid1}").Problem(HttpStatusCode.NotFound);
        await grid1.PostJson($"/api/requests/{inGrid1}/accept", new { }).Ok();
        await grid1.PostJson($"/api/requests/{inGrid1}/assign", new { departmentCode = "chengguan" }).Ok();
        await dept.GetAsync($"/api/requests/{inGrid1}").Ok();
        await dept.GetAsync($"/api/requests/{inGrid2}").Problem(HttpStatusCode.NotFound);
        var deptArea = await dept.GetAsync("/api/requests?list=Area&pageSize=500").Ok();
        Assert.Contains(deptArea.Items(), r => r.GetProperty("id").GetInt64() == inGrid1);
        Assert.DoesNotContain(deptArea.Items(), r => r.GetProperty("id").GetInt64() == inGrid2);
        // Department staff do not record requests, and others without a role in the work do not reach the API.
        (await dept.PostJson("/api/requests", new { channel = "Window" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.ClientFor("volunteer")).GetAsync("/api/requests")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Lists_filter_and_count_within_the_callers_reach()
    {
        var grid = await app.Given.GridAsync();
        var code = grid.Str("code");
        var a = Id(await NewRequestAsync(code));
        var b = Id(await NewRequestAsync(code, channel: "Phone", category: "parking.occupied"));
        var c = Id(await NewRequestAsync(code, channel: "Snapshot", category: "sanitation"));
        var community = await app.ClientFor("community");
        Assert.Equal(3, (await community.GetAsync($"/api/requests?list=Area&areaCode={code}").Ok()).Int("total"));
        Assert.Equal(0, (await community.GetAsync($"/api/requests?list=Mine&areaCode={code}").Ok()).Int("total"));
        Assert.Equal(b, Assert.Single((await community.GetAsync($"/api/requests?list=Area&areaCode={code}&channel=Phone").Ok()).Items()).GetProperty("id").GetInt64());
        Assert.Equal(b, Assert.Single((await community.GetAsync($"/api/requests?list=Area&areaCode={code}&category=parking").Ok()).Items()).GetProperty("id").GetInt64());
        await community.PostJson($"/api/requests/{a}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{a}/start", new { }).Ok();
        await community.PostJson($"/api/requests/{a}/resolve", new { note = "处理完毕" }).Ok();
        var mine = await community.GetAsync($"/api/requests?list=Mine&areaCode={code}").Ok();
        Assert.Equal(a, Assert.Single(mine.Items()).GetProperty("id").GetInt64());
        Assert.Equal(a, Assert.Single((await community.GetAsync($"/api/requests?list=AwaitingFeedback&areaCode={code}").Ok()).Items()).GetProperty("id").GetInt64());
        Assert.Equal(2, (await community.GetAsync($"/api/requests?list=Area&areaCode={code}&status=Submitted").Ok()).Int("total"));
        var page = await community.GetAsync($"/api/requests?list=Area&areaCode={code}&pageSize=2&page=2").Ok();
        Assert.Equal(3, page.Int("total"));
        Assert.Single(page.Items());
        var tracking = (await community.GetAsync($"/api/requests/{c}").Ok()).GetProperty("request").Str("trackingCode");
        Assert.Equal(c, Assert.Single((await community.GetAsync($"/api/requests?list=Area&q={tracking}").Ok()).Items()).GetProperty("id").GetInt64());
        await community.GetAsync("/api/requests?list=Everything").Problem(HttpStatusCode.BadRequest);
        await community.GetAsync("/api/requests?status=7").Problem(HttpStatusCode.BadRequest);
        var counts = await community.GetAsync("/api/requests/counts").Ok();
        Assert.True(counts.Int("awaitingFeedback") >= 1 && counts.Int("area") >= 3);
    }

    [Fact]
    public async Task Recording_a_request_checks_its_fields_and_keeps_the_phone_encrypted()
    {
        var community = await app.ClientFor("community");
        var bad = await community.PostJson("/api/requests", new { channel = "DoorPlate", categoryCode = "nope", description = "", submitterPhone = "abc" })
            .Problem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "channel", "categoryCode", "description", "areaCode", "submitterPhone" })
            Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        // 随手拍 needs no resident; a household gives the area and the address.
        var grid = await app.Given.GridAsync();
        var household = await app.Given.HouseholdAsync(grid.Str("code"));
        var grid1 = await app.ClientFor("grid1");
        // A household outside the caller's reach is not found.
        var outside = await grid1.PostJson("/api/requests", new { channel = "Snapshot", categoryCode = "sanitation.garbage", householdId = household.GetProperty("id").GetInt64(), description = "垃圾满溢" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(outside.GetProperty("errors").TryGetProperty("householdId", out _));
        var snap = await community.PostJson("/api/requests", new
        {
            channel = "Snapshot", categoryCode = "sanitation.garbage", householdId = household.GetProperty("id").GetInt64(), description = "垃圾满溢",
            latitude = 35.41, longitude = 116.59,
        }).Ok(HttpStatusCode.Created);
        Assert.Equal(household.Str("address"), snap.GetProperty("request").Str("address"));
        Assert.Equal(35.41, snap.GetProperty("latitude").GetDouble());
        var id = Id(await NewRequestAsync(grid.Str("code")));
        var stored = await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => new { r.SubmitterPhoneCipher, r.SubmitterPhoneHash }).SingleAsync());
        Assert.DoesNotContain("13912345678", stored.SubmitterPhoneCipher);
        Assert.Equal(64, stored.SubmitterPhoneHash!.Length);
        var clear = await community.PostAsync($"/api/requests/{id}/unmask", null).Ok();
        Assert.Equal("13912345678", clear.Str("phone"));
        Assert.Contains("request.unmask", await AuditActionsAsync(id));
        (await grid1.PostAsync($"/api/requests/{id}/unmask", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}

internal static class StatusAssertions
{
    public static void ShouldBe(this HttpStatusCode actual, HttpStatusCode expected) => Assert.Equal(expected, actual);
}

[Collection(SqliteCollection.Name)]
public sealed class RequestWorkflowTestsOnSqlite(SqliteApp app) : RequestWorkflowTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RequestWorkflowTestsOnPostgres(PostgresApp app) : RequestWorkflowTests(app);
