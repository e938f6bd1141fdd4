using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Registry;

public abstract class HouseholdTests(GongzhiApp app)
{
    private async Task<(HttpClient Client, string Unit, string OtherUnit)> NewUnits()
    {
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        var other = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "2单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        return (community, unit.Str("code"), other.Str("code"));
    }

    [Fact]
    public async Task A_household_registered_by_room_gets_its_address_from_the_tree()
    {
        var (community, unit, _) = await NewUnits();
        var created = await community.PostJson($"/api/areas/{unit}/households", new { floor = 3, room = "302" }).Ok(HttpStatusCode.Created);
        var household = created.GetProperty("household");
        Assert.StartsWith("玉苑小区", household.Str("address"));
        Assert.EndsWith("1单元302室", household.Str("address"));
        Assert.Equal(unit, household.Str("areaCode"));
        var list = await community.GetAsync($"/api/areas/{unit}/households").Ok();
        Assert.Equal(1, list.Int("total"));
        Assert.Equal("OwnerOccupied", household.Str("tenure"));
        var rented = await community.PutJson($"/api/households/{household.GetProperty("id").GetInt64()}", new { floor = 3, room = "302", tenure = "Rented" }).Ok();
        Assert.Equal("Rented", rented.GetProperty("household").Str("tenure"));
        var history = await community.GetAsync($"/api/households/{household.GetProperty("id").GetInt64()}/history").Ok();
        Assert.Contains("tenure: OwnerOccupied → Rented", history[0].Str("detail"));
    }

    [Fact]
    public async Task Household_rules_are_checked_and_nothing_is_half_written()
    {
        var (community, unit, _) = await NewUnits();
        await community.PostJson($"/api/areas/{unit}/households", new { floor = 1, room = "101" }).Ok(HttpStatusCode.Created);
        var before = await app.Db(db => db.Households.CountAsync());
        var duplicate = await community.PostJson($"/api/areas/{unit}/households", new { floor = 1, room = "101" }).Problem(HttpStatusCode.Conflict);
        Assert.True(duplicate.GetProperty("errors").TryGetProperty("room", out _));
        var floor = await community.PostJson($"/api/areas/{unit}/households", new { floor = 9, room = "901" }).Problem(HttpStatusCode.BadRequest);
        Assert.True(floor.GetProperty("errors").TryGetProperty("floor", out _));
        await community.PostJson($"/api/areas/{unit}/households", new { floor = 0, room = "001" }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/areas/{unit}/households", new { }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/areas/{unit}/households", new { room = new string('1', 21) }).Problem(HttpStatusCode.BadRequest);
        await community.PostJson($"/api/areas/{DemoCodes.Community}/households", new { room = "1" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await app.Db(db => db.Households.CountAsync()));
    }

    [Fact]
    public async Task A_household_moves_with_its_members_and_can_be_retired()
    {
        var grid1 = await app.ClientFor("grid1");
        var household = await app.Db(db => db.Households.Where(h => h.AreaPath.Contains("/" + DemoCodes.Grid1 + "/") && db.Residents.Any(r => r.HouseholdId == h.Id)).Select(h => new { h.Id, h.Room }).FirstAsync());
        var (community, _, target) = await NewUnits();
        _ = community;
        var moved = await grid1.PostJson($"/api/households/{household.Id}/move", new { areaCode = target }).Ok();
        Assert.Equal(target, moved.GetProperty("household").Str("areaCode"));
        var paths = await app.Db(db => db.Residents.Where(r => r.HouseholdId == household.Id).Select(r => r.AreaPath).Distinct().ToListAsync());
        Assert.Single(paths);
        Assert.EndsWith($"/{target}/", paths[0]);

        var retired = await grid1.PostAsync($"/api/households/{household.Id}/retire", null).Ok();
        Assert.True(retired.GetProperty("household").GetProperty("isRetired").GetBoolean());
        await grid1.PostAsync($"/api/households/{household.Id}/restore", null).Ok();
        var history = await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "household" && a.EntityId == household.Id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["household.move", "household.retire", "household.restore"], history.TakeLast(3));
    }

    [Fact]
    public async Task Members_are_shown_masked()
    {
        var grid1 = await app.ClientFor("grid1");
        var id = await app.Db(db => db.Households.Where(h => h.AreaPath.Contains("/" + DemoCodes.Grid1 + "/") && db.Residents.Any(r => r.HouseholdId == h.Id && r.PhoneMasked != null)).Select(h => h.Id).FirstAsync());
        var detail = await grid1.GetAsync($"/api/households/{id}").Ok();
        var member = detail.GetProperty("members").EnumerateArray().First(m => m.GetProperty("phone").ValueKind == System.Text.Json.JsonValueKind.String);
        Assert.Matches(@"^\d{6}\*{8}\d{3}[\dX]$", member.Str("idNumber"));
        Assert.Matches(@"^1\d{2}\*{4}\d{4}$", member.Str("phone"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HouseholdTestsOnSqlite(SqliteApp app) : HouseholdTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HouseholdTestsOnPostgres(PostgresApp app) : HouseholdTests(app);
