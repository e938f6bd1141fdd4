using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Areas;

public abstract class AreaTreeTests(GongzhiApp app)
{
    [Fact]
    public async Task Admin_reads_the_real_streets_and_towns_of_Rencheng()
    {
        var admin = await app.ClientFor("admin");
        var children = await admin.GetAsync($"/api/areas/{DemoCodes.District}/children").Ok();
        var expected = File.ReadLines(Path.Combine(DivisionImportTests.RepoRoot(), "reference/divisions-jinan-jining-2023.csv"))
            .Select(l => l.Split(',')).Where(f => f[3] == DemoCodes.District).Select(f => f[0]).ToList();
        Assert.Equal(18, expected.Count);
        Assert.Equal(expected, children.Items().Select(i => i.Str("code")));
        var jiyang = children.Items().Single(i => i.Str("code") == DemoCodes.Street);
        Assert.Equal("济阳街道", jiyang.Str("name"));
        Assert.Equal("Street", jiyang.Str("level"));
        Assert.True(jiyang.Int("households") > 0);
        Assert.True(jiyang.Int("residents") >= 1000);

        var node = await admin.GetAsync($"/api/areas/{DemoCodes.Street}").Ok();
        Assert.Equal(DemoCodes.District, node.Str("parentCode"));
        Assert.Equal(10, node.Int("childCount")); // the 10 communities of 济阳街道
    }

    [Fact]
    public async Task The_seed_places_are_in_the_demo()
    {
        var admin = await app.ClientFor("admin");
        Assert.Equal("玉苑小区", (await admin.GetAsync($"/api/areas/{DemoCodes.Yuyuan}").Ok()).Str("name"));
        var building = await admin.GetAsync($"/api/areas/{DemoCodes.Building12}").Ok();
        Assert.Equal("12号楼", building.Str("name"));
        Assert.True(building.Int("childCount") >= 2); // units
    }

    [Fact]
    public async Task Community_worker_builds_a_grid_down_to_a_unit_with_generated_codes()
    {
        var community = await app.ClientFor("community");
        var gridName = GongzhiApp.Unique("测试网格");
        var grid = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = gridName, level = "Grid" }).Ok(HttpStatusCode.Created);
        Assert.StartsWith(DemoCodes.Community + "-W", grid.Str("code"));
        var compound = await community.PostJson($"/api/areas/{grid.Str("code")}/children", new { name = "测试小区", level = "Compound" }).Ok(HttpStatusCode.Created);
        var building = await community.PostJson($"/api/areas/{compound.Str("code")}/children", new { name = "1号楼", level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        Assert.Equal(building.Str("code") + "-U01", unit.Str("code"));
        Assert.EndsWith($"/{grid.Str("code")}/{compound.Str("code")}/{building.Str("code")}/{unit.Str("code")}/", unit.Str("path"));

        var renamed = await community.PutJson($"/api/areas/{grid.Str("code")}", new { name = gridName + "改" }).Ok();
        Assert.Equal(gridName + "改", renamed.Str("name"));
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_problem_and_writes_nothing()
    {
        var community = await app.ClientFor("community");
        var before = await app.Db(db => db.AreaNodes.CountAsync());

        var empty = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = "  ", level = "Grid" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(empty.GetProperty("errors").TryGetProperty("name", out _));
        var wrongLevel = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = "x", level = "Unit" }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("单元", wrongLevel.Str("detail"));
        await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = "x", level = "Community" }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = "x", level = "Grid", code = "bad code!" }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = "x", level = "Grid", floors = 3 }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = "x", level = "NoSuchLevel" }).Problem(HttpStatusCode.BadRequest);
        // Sibling names are unique, and codes are unique across the tree.
        await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = "第一网格", level = "Grid" }).Problem(HttpStatusCode.Conflict);
        await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = GongzhiApp.Unique("g"), level = "Grid", code = DemoCodes.Grid2 }).Problem(HttpStatusCode.Conflict);
        // Official levels are not edited by hand.
        await community.PutJson($"/api/areas/{DemoCodes.Community}", new { name = "改名" }).Problem(HttpStatusCode.Forbidden);

        Assert.Equal(before, await app.Db(db => db.AreaNodes.CountAsync()));
    }

    [Fact]
    public async Task Problems_speak_the_callers_language()
    {
        var zh = await app.ClientFor("community");
        var en = await app.ClientFor("community", culture: "en-US");
        var inChinese = await zh.GetAsync("/api/areas/999999").Problem(HttpStatusCode.NotFound);
        var inEnglish = await en.GetAsync("/api/areas/999999").Problem(HttpStatusCode.NotFound);
        Assert.Contains("权限范围内没有", inChinese.Str("detail"));
        Assert.Contains("within your reach", inEnglish.Str("detail"));
        Assert.Equal("未找到。", inChinese.Str("title"));
    }

    [Fact]
    public async Task A_move_carries_the_subtree_and_its_households_and_never_makes_a_cycle()
    {
        var community = await app.ClientFor("community");
        var gridA = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = GongzhiApp.Unique("A"), level = "Grid" }).Ok(HttpStatusCode.Created);
        var gridB = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = GongzhiApp.Unique("B"), level = "Grid" }).Ok(HttpStatusCode.Created);
        var building = await community.PostJson($"/api/areas/{gridA.Str("code")}/children", new { name = "8号楼", level = "Building", floors = 5 }).Ok(HttpStatusCode.Created);
        var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 5, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        await community.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 1, room = "101" }).Ok(HttpStatusCode.Created);

        // No cycle: a node cannot go under its own descendant.
        await community.PostJson($"/api/areas/{gridA.Str("code")}/move", new { newParentCode = unit.Str("code") }).Problem(HttpStatusCode.BadRequest);
        // Level rules hold on a move too.
        await community.PostJson($"/api/areas/{unit.Str("code")}/move", new { newParentCode = gridB.Str("code") }).Problem(HttpStatusCode.BadRequest);

        var moved = await community.PostJson($"/api/areas/{building.Str("code")}/move", new { newParentCode = gridB.Str("code") }).Ok();
        Assert.Contains($"/{gridB.Str("code")}/{building.Str("code")}/", moved.Str("path"));
        Assert.Equal(1, (await community.GetAsync($"/api/areas/{gridB.Str("code")}").Ok()).Int("households"));
        Assert.Equal(0, (await community.GetAsync($"/api/areas/{gridA.Str("code")}").Ok()).Int("households"));
        var unitAfter = await community.GetAsync($"/api/areas/{unit.Str("code")}").Ok();
        Assert.Contains($"/{gridB.Str("code")}/{building.Str("code")}/{unit.Str("code")}/", unitAfter.Str("path"));
        var householdPath = await app.Db(db => db.Households.Where(h => h.AreaNodeId == unitAfter.GetProperty("id").GetInt64()).Select(h => h.AreaPath).SingleAsync());
        Assert.Equal(unitAfter.Str("path"), householdPath);
    }

    [Fact]
    public async Task Nodes_with_data_are_retired_not_deleted()
    {
        var community = await app.ClientFor("community");
        var grid = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = GongzhiApp.Unique("R"), level = "Grid" }).Ok(HttpStatusCode.Created);
        var building = await community.PostJson($"/api/areas/{grid.Str("code")}/children", new { name = "1号楼", level = "Building" }).Ok(HttpStatusCode.Created);

        var conflict = await community.DeleteAsync($"/api/areas/{grid.Str("code")}").Problem(HttpStatusCode.Conflict);
        Assert.Contains("停用", conflict.Str("detail"));

        var retired = await community.PostAsync($"/api/areas/{grid.Str("code")}/retire", null).Ok();
        Assert.True(retired.GetProperty("isRetired").GetBoolean());
        // A retired node takes no new children, and is hidden from lists unless asked for.
        await community.PostJson($"/api/areas/{grid.Str("code")}/children", new { name = "2号楼", level = "Building" }).Problem(HttpStatusCode.Conflict);
        var children = await community.GetAsync($"/api/areas/{DemoCodes.Community}/children").Ok();
        Assert.DoesNotContain(children.Items(), c => c.Str("code") == grid.Str("code"));
        var withRetired = await community.GetAsync($"/api/areas/{DemoCodes.Community}/children?includeRetired=true").Ok();
        Assert.Contains(withRetired.Items(), c => c.Str("code") == grid.Str("code"));

        await community.PostAsync($"/api/areas/{grid.Str("code")}/restore", null).Ok();
        await community.DeleteAsync($"/api/areas/{building.Str("code")}").Ok(HttpStatusCode.NoContent);
        await community.DeleteAsync($"/api/areas/{grid.Str("code")}").Ok(HttpStatusCode.NoContent);
        await community.GetAsync($"/api/areas/{grid.Str("code")}").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_node_staff_are_bound_to_cannot_be_deleted()
    {
        var admin = await app.ClientFor("admin");
        await admin.DeleteAsync($"/api/areas/{DemoCodes.Grid2}").Problem(HttpStatusCode.Conflict);
        var empty = await admin.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name = GongzhiApp.Unique("S"), level = "Grid" }).Ok(HttpStatusCode.Created);
        await admin.PostJson("/api/users", new { userName = GongzhiApp.Unique("gw"), displayName = "网格员", password = "Grid#2026x", role = "grid", areaCodes = new[] { empty.Str("code") } }).Ok(HttpStatusCode.Created);
        await admin.DeleteAsync($"/api/areas/{empty.Str("code")}").Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Grid_workers_browse_but_do_not_change_the_tree()
    {
        var grid1 = await app.ClientFor("grid1");
        await grid1.GetAsync($"/api/areas/{DemoCodes.Grid1}/children").Ok();
        await grid1.PostJson($"/api/areas/{DemoCodes.Grid1}/children", new { name = "新楼", level = "Building" }).Problem(HttpStatusCode.Forbidden);
        await grid1.PutJson($"/api/areas/{DemoCodes.Yuyuan}", new { name = "改名" }).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Search_finds_nodes_inside_the_scope_only()
    {
        var street = await app.ClientFor("street");
        var found = await street.GetAsync("/api/areas/search?q=" + Uri.EscapeDataString("南门")).Ok();
        Assert.Contains(found.Items(), i => i.Str("code") == DemoCodes.Community);
        var outside = await street.GetAsync("/api/areas/search?q=" + Uri.EscapeDataString("许庄")).Ok();
        Assert.Equal(0, outside.Int("total"));
    }

    [Fact]
    public async Task Party_organisations_hang_beside_the_tree()
    {
        var community = await app.ClientFor("community");
        var orgs = await community.GetAsync($"/api/areas/{DemoCodes.Community}/party-organizations").Ok();
        var names = orgs.EnumerateArray().Select(o => o.Str("name")).ToList();
        Assert.Contains("南门社区党委", names);
        Assert.Contains("12号楼党小组", names);
        Assert.DoesNotContain("济阳街道党工委", names); // above the community: outside its scope

        var branch = orgs.EnumerateArray().Single(o => o.Str("name") == "玉苑小区党支部");
        var building = (await community.GetAsync($"/api/areas/{DemoCodes.Yuyuan}/children").Ok()).Items().First(b => b.Str("code") != DemoCodes.Building12);
        await community.PostJson("/api/party-organizations", new { name = GongzhiApp.Unique("党小组"), level = "BuildingGroup", areaCode = building.Str("code"), parentId = branch.GetProperty("id").GetInt64() }).Ok(HttpStatusCode.Created);
        // A building group serves a building, not a grid; and it needs its parent one level up.
        await community.PostJson("/api/party-organizations", new { name = "x", level = "BuildingGroup", areaCode = DemoCodes.Grid1, parentId = branch.GetProperty("id").GetInt64() }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson("/api/party-organizations", new { name = "x", level = "BuildingGroup", areaCode = building.Str("code") }).Problem(HttpStatusCode.BadRequest);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AreaTreeTestsOnSqlite(SqliteApp app) : AreaTreeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AreaTreeTestsOnPostgres(PostgresApp app) : AreaTreeTests(app);
