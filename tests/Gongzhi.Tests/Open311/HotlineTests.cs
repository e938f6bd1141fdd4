using System.Net;
using System.Net.Http.Json;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Open311;

/// <summary>The 12345 hotline import: a hotline key, one request per case number, the outcome read back, refusals that write nothing.</summary>
public abstract class HotlineTests(GongzhiApp app)
{
    private async Task<HttpClient> HotlineClientAsync(string kind = "Hotline")
    {
        var admin = await app.ClientFor("admin");
        var key = (await admin.PostJson("/api/open311/keys", new { name = GongzhiApp.Unique("12345热线"), kind }).Ok(HttpStatusCode.Created)).Str("apiKey");
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static object Case(string caseNumber, string description = "楼上漏水到我家", string category = "property.leak", string? areaCode = DemoCodes.Grid1) => new
    {
        caseNumber, categoryCode = category, areaCode, address = "玉苑小区12号楼", description, submitterName = "赵六", submitterPhone = "13611112222",
        // A time in China's offset, as the hotline system sends it.
        receivedAt = DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(8)),
    };

    [Fact]
    public async Task A_case_is_imported_once_and_its_outcome_reads_back()
    {
        var hotline = await HotlineClientAsync();
        var number = GongzhiApp.Unique("12345-");
        var created = await hotline.PostJson("/api/requests/hotline", Case(number)).Ok(HttpStatusCode.Created);
        Assert.Equal(number, created.Str("caseNumber"));
        Assert.Equal("open", created.Str("status"));
        Assert.Equal("Submitted", created.Str("stage"));
        Assert.EndsWith("+08:00", created.Str("receivedAt"));
        var tracking = created.Str("trackingCode");

        // The same case again: the request already made, 200, nothing changed.
        var again = await hotline.PostJson("/api/requests/hotline", Case(number, description: "另一段描述")).Ok(HttpStatusCode.OK);
        Assert.Equal(tracking, again.Str("trackingCode"));
        var rows = await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.HotlineCaseNumber == number).ToListAsync());
        var request = Assert.Single(rows);
        Assert.Equal("楼上漏水到我家", request.Description);
        Assert.Equal(RequestChannel.Hotline12345, request.Channel);
        Assert.Equal("136****2222", request.SubmitterPhoneMasked);
        Assert.DoesNotContain("13611112222", request.SubmitterPhoneCipher!);
        Assert.Single(await app.Db(db => db.AuditEntries.Where(a => a.Action == "request.create" && a.EntityId == request.Id.ToString()).ToListAsync()));

        var grid1 = await app.ClientFor("grid1");
        await grid1.PostJson($"/api/requests/{request.Id}/accept", new { }).Ok();
        await grid1.PostJson($"/api/requests/{request.Id}/start", new { }).Ok();
        await grid1.PostJson($"/api/requests/{request.Id}/resolve", new { note = "已联系楼上住户修好管道" }).Ok();
        await (await app.ClientFor("community")).PostJson($"/api/requests/{request.Id}/feedback", new { satisfied = true, score = 5 }).Ok();

        using var response = await hotline.GetAsync($"/api/requests/hotline/{number}");
        var text = await response.Content.ReadAsStringAsync();
        var status = await Task.FromResult(response).Ok();
        Assert.Equal("closed", status.Str("status"));
        Assert.Equal("AwaitingReturnVisit", status.Str("stage"));
        Assert.Equal("已联系楼上住户修好管道", status.Str("resolutionNote"));
        Assert.True(status.GetProperty("satisfied").GetBoolean());
        Assert.Equal(5, status.Int("satisfactionScore"));
        Assert.EndsWith("+08:00", status.Str("resolvedAt"));
        Assert.DoesNotContain("13611112222", text);
        Assert.DoesNotContain("赵六", text);
    }

    [Fact]
    public async Task Only_a_hotline_key_imports_or_reads_cases()
    {
        var number = GongzhiApp.Unique("12345-");
        await app.Anonymous().PostJson("/api/requests/hotline", Case(number)).Problem(HttpStatusCode.Unauthorized);
        var open311 = await HotlineClientAsync("Open311");
        await open311.PostJson("/api/requests/hotline", Case(number)).Problem(HttpStatusCode.Unauthorized);
        var staff = await app.ClientFor("admin");
        await staff.PostJson("/api/requests/hotline", Case(number)).Problem(HttpStatusCode.Unauthorized);
        await app.Anonymous().GetAsync($"/api/requests/hotline/{number}").Problem(HttpStatusCode.Unauthorized);
        Assert.False(await app.Db(db => db.Requests.IgnoreQueryFilters().AnyAsync(r => r.HotlineCaseNumber == number)));
        await (await HotlineClientAsync()).GetAsync($"/api/requests/hotline/{number}").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_cases_are_refused_field_by_field_and_nothing_is_written()
    {
        var hotline = await HotlineClientAsync();
        var number = GongzhiApp.Unique("12345-");
        var problem = await hotline.PostJson("/api/requests/hotline", new
        {
            caseNumber = number, categoryCode = "no-such", areaCode = "000", description = "", submitterPhone = "电话", receivedAt = DateTimeOffset.UtcNow.AddDays(2),
        }).Problem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "categoryCode", "areaCode", "description", "submitterPhone", "receivedAt" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        (await hotline.PostJson("/api/requests/hotline", Case("bad number with spaces")).Problem(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("caseNumber");
        (await hotline.PostJson("/api/requests/hotline", Case("")).Problem(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("caseNumber");
        Assert.False(await app.Db(db => db.Requests.IgnoreQueryFilters().AnyAsync(r => r.HotlineCaseNumber == number || r.HotlineCaseNumber == "bad number with spaces")));

        // A category's name stands for its code; no area code means the configured default area.
        var byName = GongzhiApp.Unique("12345-");
        var created = await hotline.PostJson("/api/requests/hotline", Case(byName, category: "垃圾清运", areaCode: null)).Ok(HttpStatusCode.Created);
        Assert.Equal("sanitation.garbage", created.Str("category"));
        var nodeId = await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.HotlineCaseNumber == byName).Select(r => r.AreaNodeId).SingleAsync());
        Assert.Equal(DemoCodes.OtherStreet, await app.Db(db => db.AreaNodes.Where(n => n.Id == nodeId).Select(n => n.Code).SingleAsync()));
    }

    [Fact]
    public async Task The_same_case_posted_at_once_makes_one_request()
    {
        var hotline = await HotlineClientAsync();
        var number = GongzhiApp.Unique("12345-");
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => hotline.PostAsJsonAsync("/api/requests/hotline", Case(number))));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(1, await app.Db(db => db.Requests.IgnoreQueryFilters().CountAsync(r => r.HotlineCaseNumber == number)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HotlineTestsOnSqlite(SqliteApp app) : HotlineTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HotlineTestsOnPostgres(PostgresApp app) : HotlineTests(app);
