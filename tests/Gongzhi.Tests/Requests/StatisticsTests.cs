using System.Net;
using System.Text.Json;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Xunit;

namespace Gongzhi.Tests.Requests;

/// <summary>
/// Statistics counted from requests the test makes in a fresh grid of its own, asked for that grid (so nothing else
/// counts), with the deadlines moved in the database where a late step is needed.
/// </summary>
public abstract class StatisticsTests(GongzhiApp app)
{
    private async Task<long> NewRequestAsync(HttpClient client, string areaCode, string category, string channel)
    {
        var created = await client.PostJson("/api/requests", new
        {
            channel, categoryCode = category, areaCode, submitterName = "钱某某", submitterPhone = "13700001234", description = "统计测试" + GongzhiApp.Unique(""),
        }).Ok(HttpStatusCode.Created);
        return created.GetProperty("request").GetProperty("id").GetInt64();
    }

    private Task ChangeAsync(long id, Action<Request> change) => app.Db(async db =>
    {
        var r = await db.Requests.IgnoreQueryFilters().SingleAsync(x => x.Id == id);
        change(r);
        return await db.SaveChangesAsync();
    });

    /// <summary>
    /// Four requests in a fresh grid: one closed in the community on time (score 5); one whistled to a department,
    /// reopened (2) and then satisfied (4); one never accepted and past both deadlines; one accepted late, in progress.
    /// </summary>
    private async Task<(string Grid, string Compound)> FourRequestsAsync()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var compound = (await app.Given.CompoundAsync(grid)).Str("code");
        var building = (await app.Given.BuildingAsync(compound)).Str("code");
        var community = await app.ClientFor("community");

        var closed = await NewRequestAsync(community, building, "property.leak", "Window");
        await community.PostJson($"/api/requests/{closed}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{closed}/start", new { }).Ok();
        await community.PostJson($"/api/requests/{closed}/resolve", new { note = "已修" }).Ok();
        await community.PostJson($"/api/requests/{closed}/feedback", new { satisfied = true, score = 5 }).Ok();
        await community.PostJson($"/api/requests/{closed}/return-visit", new { note = "满意" }).Ok();

        var escalated = await NewRequestAsync(community, building, "property.fee", "Window");
        await community.PostJson($"/api/requests/{escalated}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{escalated}/whistle", new { departmentCodes = new[] { "zhujian" }, reason = "需住建部门" }).Ok();
        await community.PostJson($"/api/requests/{escalated}/start", new { }).Ok();
        await community.PostJson($"/api/requests/{escalated}/resolve", new { note = "已处理" }).Ok();
        await community.PostJson($"/api/requests/{escalated}/feedback", new { satisfied = false, score = 2 }).Ok();
        await community.PostJson($"/api/requests/{escalated}/resolve", new { note = "再次处理" }).Ok();
        await community.PostJson($"/api/requests/{escalated}/feedback", new { satisfied = true, score = 4 }).Ok();

        var waiting = await NewRequestAsync(community, grid, "sanitation.garbage", "Phone");
        await ChangeAsync(waiting, r => { r.AcceptDueAt = DateTimeOffset.UtcNow.AddHours(-2); r.ResolveDueAt = DateTimeOffset.UtcNow.AddHours(-1); });

        var late = await NewRequestAsync(community, building, "parking.occupied", "Snapshot");
        await community.PostJson($"/api/requests/{late}/accept", new { }).Ok();
        await ChangeAsync(late, r => r.AcceptDueAt = r.AcceptedAt!.Value.AddMinutes(-5));
        return (grid, compound);
    }

    private static JsonElement Line(JsonElement report, string breakdown, string key) =>
        report.GetProperty(breakdown).EnumerateArray().Single(l => l.Str("key") == key);

    [Fact]
    public async Task Statistics_count_received_on_time_satisfaction_reopening_and_matters_kept_in_the_community()
    {
        var (grid, compound) = await FourRequestsAsync();
        var report = await (await app.ClientFor("street")).GetAsync($"/api/requests/statistics?area={grid}").Ok();
        var total = report.GetProperty("total");
        Assert.Equal(4, total.Int("received"));
        Assert.Equal(3, total.Int("accepted"));
        Assert.Equal(2, total.Int("resolved"));
        Assert.Equal(50.0, total.GetProperty("acceptedOnTimeRate").GetDouble());  // 2 of 3 accepted + 1 past due unaccepted
        Assert.Equal(66.7, total.GetProperty("resolvedOnTimeRate").GetDouble());  // 2 of 2 resolved + 1 past due unresolved
        Assert.Equal(4.5, total.GetProperty("averageScore").GetDouble());
        Assert.Equal(100.0, total.GetProperty("satisfiedRate").GetDouble());
        Assert.Equal(50.0, total.GetProperty("reopenRate").GetDouble());
        Assert.Equal(50.0, total.GetProperty("inCommunityRate").GetDouble());      // the whistled one does not count

        var property = Line(report, "byCategory", "property");
        Assert.Equal(2, property.Int("received"));
        Assert.Equal(1, Line(report, "byCategory", "sanitation").Int("received"));
        Assert.Equal(JsonValueKind.Null, Line(report, "byCategory", "parking").GetProperty("averageScore").ValueKind);
        Assert.Equal(2, Line(report, "byChannel", "Window").Int("received"));
        Assert.Equal(1, Line(report, "byChannel", "Phone").Int("received"));
        Assert.Equal(1, Line(report, "byChannel", "Snapshot").Int("received"));
        var months = report.GetProperty("byMonth").EnumerateArray().ToList();
        Assert.True(months.Count >= 3); // 90 days touch three or four calendar months
        Assert.Equal(4, months[^1].Int("received"));
        Assert.Equal(2, months[^1].Int("resolved"));
        Assert.All(months[..^1], m => Assert.Equal(0, m.Int("received")));
        var complaints = Assert.Single(report.GetProperty("propertyComplaints").EnumerateArray());
        Assert.Equal(compound, complaints.Str("areaCode"));
        Assert.Equal(2, complaints.Int("complaints"));

        // A period before today holds none of them.
        var before = DateTime.UtcNow.AddHours(8).AddDays(-10).ToString("yyyy-MM-dd");
        var empty = await (await app.ClientFor("street")).GetAsync($"/api/requests/statistics?area={grid}&from={before}&to={before}").Ok();
        Assert.Equal(0, empty.GetProperty("total").Int("received"));
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("total").GetProperty("acceptedOnTimeRate").ValueKind);
    }

    [Fact]
    public async Task A_community_worker_s_statistics_cover_only_their_subtree()
    {
        var (grid, _) = await FourRequestsAsync();
        var admin = await app.ClientFor("admin");
        var userName = "stat" + Guid.NewGuid().ToString("N")[..8];
        await admin.PostJson("/api/users", new { userName, displayName = "统计社区工作者", password = GongzhiApp.Password, role = "community", areaCodes = new[] { grid } })
            .Ok(HttpStatusCode.Created);
        var worker = await app.ClientFor(userName);
        // Without an area: everything in reach, which is just the grid.
        Assert.Equal(4, (await worker.GetAsync("/api/requests/statistics").Ok()).GetProperty("total").Int("received"));
        await worker.GetAsync($"/api/requests/statistics?area={DemoCodes.Community}").Problem(HttpStatusCode.NotFound);
        // Another grid's worker sees none of them; department staff get no statistics.
        await (await app.ClientFor("grid1")).GetAsync($"/api/requests/statistics?area={grid}").Problem(HttpStatusCode.NotFound);
        await (await app.ClientFor("dept")).GetAsync("/api/requests/statistics").Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_periods_are_refused_as_problem_details()
    {
        var street = await app.ClientFor("street");
        var reversed = await street.GetAsync("/api/requests/statistics?from=2026-10-01&to=2026-09-01").Problem(HttpStatusCode.BadRequest);
        Assert.True(reversed.GetProperty("errors").TryGetProperty("from", out _));
        await street.GetAsync("/api/requests/statistics?from=2020-01-01&to=2026-09-01").Problem(HttpStatusCode.BadRequest);
        await street.GetAsync("/api/requests/statistics?from=yesterday").Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_xlsx_export_opens_and_holds_the_numbers_and_no_personal_data()
    {
        var (grid, _) = await FourRequestsAsync();
        var response = await (await app.ClientFor("street")).GetAsync($"/api/requests/statistics.xlsx?area={grid}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .Select(r => r.Values.Select(v => v?.ToString()).ToArray()).ToList();
        var total = rows[1];
        Assert.Equal("4", total[3]);   // received
        Assert.Equal("3", total[4]);   // accepted
        Assert.Equal("2", total[5]);   // resolved
        Assert.Equal("50", total[6]);  // accepted on time %
        Assert.Equal("66.7", total[7]);
        Assert.Equal("4.5", total[8]);
        Assert.Contains(rows, r => r[1] == "property" && r[3] == "2");
        var text = string.Join("|", rows.SelectMany(r => r));
        Assert.DoesNotContain("13700001234", text);
        Assert.DoesNotContain("钱某某", text);
        Assert.DoesNotContain("统计测试", text);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StatisticsTestsOnSqlite(SqliteApp app) : StatisticsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StatisticsTestsOnPostgres(PostgresApp app) : StatisticsTests(app);
