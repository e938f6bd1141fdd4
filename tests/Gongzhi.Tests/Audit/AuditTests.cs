using System.Net;
using Gongzhi.Tests.Infrastructure;
using Xunit;

namespace Gongzhi.Tests.Audit;

public abstract class AuditTests(GongzhiApp app)
{
    [Fact]
    public async Task Changes_are_audited_with_who_and_admins_search_them()
    {
        var community = await app.ClientFor("community");
        var name = GongzhiApp.Unique("审计网格");
        var grid = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name, level = "Grid" }).Ok(HttpStatusCode.Created);
        await community.PutJson($"/api/areas/{grid.Str("code")}", new { name = name + "2" }).Ok();

        var admin = await app.ClientFor("admin");
        var entries = await admin.GetAsync($"/api/audit?entityId={grid.Str("code")}").Ok();
        Assert.Equal(2, entries.Int("total"));
        var update = entries.Items().First();
        Assert.Equal("area.update", update.Str("action"));
        Assert.Equal("community", update.Str("userName"));
        Assert.Equal($"name: {name} → {name}2", update.Str("detail"));
        var byUser = await admin.GetAsync($"/api/audit?user=community&action=area.create&from={DateTime.UtcNow:yyyy-MM-dd}").Ok();
        Assert.Contains(byUser.Items(), e => e.Str("entityId") == grid.Str("code"));
        var future = await admin.GetAsync($"/api/audit?from={DateTime.UtcNow.AddDays(2):yyyy-MM-dd}").Ok();
        Assert.Equal(0, future.Int("total"));
    }

    [Fact]
    public async Task Grid_workers_do_not_read_the_audit_log_and_street_staff_read_their_page_in_their_language()
    {
        var grid1 = await app.ClientFor("grid1");
        await grid1.GetAsync("/api/audit").Problem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid1.GetAsync("/admin/audit")).StatusCode);
        var community = await app.ClientFor("community");
        var grid = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = GongzhiApp.Unique("审计页网格"), level = "Grid" }).Ok(HttpStatusCode.Created);
        var street = await app.ClientFor("street");
        var page = await street.GetAsync($"/admin/audit?entityId={grid.Str("code")}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("title=\"area.create\"", html); // the code stays as a tooltip; the cell reads in Chinese
        Assert.DoesNotContain("<code>area.create</code>", html);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientFor("admin")).GetAsync("/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task Street_and_community_staff_read_their_own_subtree_with_labels_in_their_language()
    {
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        var household = (await community.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 1, room = "101" }).Ok(HttpStatusCode.Created)).GetProperty("household").GetProperty("id").GetInt64();
        var resident = new { householdId = household, name = "审计人", idNumber = TestWorkbook.IdNumber(new DateOnly(1970, 1, 1), true), relation = "Householder", residencyType = "Registered" };
        var id = (await community.PostJson("/api/residents", resident).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await community.PutJson($"/api/residents/{id}", new { resident.householdId, resident.name, resident.idNumber, resident.relation, resident.residencyType, tags = new[] { "living-alone" } }).Ok();

        var mine = await community.GetAsync($"/api/audit?entityType=resident&entityId={id}").Ok();
        Assert.Equal(["resident.update", "resident.create"], mine.Items().Select(e => e.Str("action")));
        var update = mine.Items().First();
        Assert.StartsWith("tags: +[", update.Str("detail")); // stored as it was, for compatibility
        Assert.Equal("修改居民信息", update.Str("actionLabel"));
        Assert.StartsWith("标签：+[", update.Str("summary"));
        var english = await (await app.ClientFor("community", culture: "en-US")).GetAsync($"/api/audit?entityType=resident&entityId={id}").Ok();
        Assert.Equal("Resident changed", english.Items().First().Str("actionLabel"));
        Assert.StartsWith("Tags: +[", english.Items().First().Str("summary"));
        var history = await community.GetAsync($"/api/residents/{id}/history").Ok();
        Assert.Equal("登记居民", history.EnumerateArray().Last().Str("actionLabel"));

        // Everything the community reads is filed inside its subtree; sign-ins belong to no node and stay with admins.
        var all = await community.GetAsync("/api/audit?pageSize=500").Ok();
        Assert.True(all.Int("total") >= 2);
        Assert.All(all.Items(), e => Assert.Contains("/" + DemoCodes.Community + "/", e.Str("areaPath")));
        Assert.Equal(0, (await community.GetAsync("/api/audit?action=auth.").Ok()).Int("total"));
        var admin = await app.ClientFor("admin");
        Assert.True((await admin.GetAsync("/api/audit?action=auth.").Ok()).Int("total") > 0);

        // Another community's record: the street office above both reads it, this community does not.
        var merchant = await admin.PostJson("/api/merchants", new { areaCode = DemoCodes.OtherCommunity, name = GongzhiApp.Unique("别社区店"), category = "Retail", ownerName = "x", address = "x" }).Ok(HttpStatusCode.Created);
        var merchantQuery = $"/api/audit?entityType=merchant&entityId={merchant.GetProperty("id").GetInt64()}";
        Assert.Equal(0, (await community.GetAsync(merchantQuery).Ok()).Int("total"));
        var street = await app.ClientFor("street");
        Assert.Equal(1, (await street.GetAsync(merchantQuery).Ok()).Int("total"));
        Assert.Equal(1, (await street.GetAsync($"/api/audit?entityType=resident&entityId={id}&action=resident.update").Ok()).Int("total"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditTestsOnSqlite(SqliteApp app) : AuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditTestsOnPostgres(PostgresApp app) : AuditTests(app);
