using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Registry;

public abstract class PlacesAndLayoutTests(GongzhiApp app)
{
    [Fact]
    public async Task The_building_view_draws_floors_by_rooms_with_marks()
    {
        var grid1 = await app.ClientFor("grid1");
        var building = await grid1.GetAsync($"/api/areas/{DemoCodes.Building12}").Ok();
        var layout = await grid1.GetAsync($"/api/buildings/{building.GetProperty("id").GetInt64()}/layout").Ok();
        Assert.Equal("12号楼", layout.Str("name"));
        var units = layout.GetProperty("units").EnumerateArray().ToList();
        Assert.True(units.Count >= 2);
        var floors = units[0].GetProperty("floors").EnumerateArray().ToList();
        Assert.Equal(layout.Int("floors"), floors.Count);
        Assert.Equal(floors.Count, floors[0].Int("floor")); // top floor first
        Assert.Equal(2, floors[0].GetProperty("rooms").GetArrayLength());
        var legend = layout.GetProperty("legend").EnumerateArray().Select(l => l.Str("mark")).ToList();
        Assert.Contains("elderly-alone", legend);
        var marked = units.SelectMany(u => u.GetProperty("floors").EnumerateArray()).SelectMany(f => f.GetProperty("rooms").EnumerateArray())
            .Where(r => r.GetProperty("householdId").ValueKind == System.Text.Json.JsonValueKind.Number).ToList();
        Assert.NotEmpty(marked);

        var grid2 = await app.ClientFor("grid2");
        await grid2.GetAsync($"/api/buildings/{building.GetProperty("id").GetInt64()}/layout").Problem(HttpStatusCode.NotFound);
        await grid1.GetAsync($"/api/buildings/{(await grid1.GetAsync($"/api/areas/{DemoCodes.Yuyuan}").Ok()).GetProperty("id").GetInt64()}/layout").Problem(HttpStatusCode.NotFound);
        var page = await grid1.GetAsync($"/buildings/{building.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("gz-flat", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Vacant_flats_are_marked_and_have_nobody_in_them()
    {
        // A building of its own, so that what is counted here is exactly what this test registered.
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 3 }).Ok(HttpStatusCode.Created);
        var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 3, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        var empty = (await community.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 1, room = "101" }).Ok(HttpStatusCode.Created)).GetProperty("household").GetProperty("id").GetInt64();
        var lived = (await community.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 1, room = "102" }).Ok(HttpStatusCode.Created)).GetProperty("household").GetProperty("id").GetInt64();
        await community.PostJson("/api/residents", new { householdId = lived, name = "住户甲", idNumber = TestWorkbook.IdNumber(new DateOnly(1980, 5, 5), true), relation = "Householder", residencyType = "Registered" }).Ok(HttpStatusCode.Created);

        var layout = await community.GetAsync($"/api/buildings/{building.GetProperty("id").GetInt64()}/layout").Ok();
        var rooms = layout.GetProperty("units").EnumerateArray().SelectMany(u => u.GetProperty("floors").EnumerateArray()).SelectMany(f => f.GetProperty("rooms").EnumerateArray()).ToList();
        Assert.Equal(6, rooms.Count);
        static bool Vacant(System.Text.Json.JsonElement room) => room.GetProperty("marks").EnumerateArray().Any(m => m.GetString() == "vacant");
        var registeredVacant = rooms.Where(r => r.GetProperty("householdId").ValueKind == System.Text.Json.JsonValueKind.Number && Vacant(r)).ToList();
        Assert.Equal(empty, Assert.Single(registeredVacant).GetProperty("householdId").GetInt64());
        Assert.All(rooms.Where(Vacant), room => Assert.Equal(0, room.Int("members")));
        Assert.Equal(5, rooms.Count(Vacant)); // the four rooms without a household are vacant too
        var occupied = Assert.Single(rooms, r => !Vacant(r));
        Assert.Equal(lived, occupied.GetProperty("householdId").GetInt64());
        Assert.Equal(1, occupied.Int("members"));
    }

    [Fact]
    public async Task Merchants_and_facilities_are_validated_scoped_and_audited()
    {
        var grid1 = await app.ClientFor("grid1");
        var merchant = await grid1.PostJson("/api/merchants", new
        {
            areaCode = DemoCodes.Grid1, name = "老王早餐店", category = "Catering", ownerName = "王大力", ownerPhone = "13611112222", address = "南门沿街8号", licenceNumber = "91370811MA12345678",
            certificates = new[] { new { holderName = "王大力", certificateNumber = "JK1", expiresOn = "2027-01-31" }, new { holderName = "李小花", certificateNumber = "JK2", expiresOn = "2020-01-31" } },
        }).Ok(HttpStatusCode.Created);
        Assert.Equal("136****2222", merchant.Str("ownerPhone"));
        var certificates = merchant.GetProperty("certificates").EnumerateArray().ToList();
        Assert.Equal(2, certificates.Count);
        Assert.True(certificates.Single(c => c.Str("holderName") == "李小花").GetProperty("expired").GetBoolean());
        var problem = await grid1.PostJson("/api/merchants", new { areaCode = DemoCodes.Grid1, name = "", category = "Catering", ownerName = "x", ownerPhone = "123", address = "x", certificates = new[] { new { holderName = "x" } } }).Problem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "name", "ownerPhone", "certificates[0].expiresOn" }) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);

        var facility = await grid1.PostJson("/api/facilities", new { areaCode = DemoCodes.Building12, kind = "FireExtinguisher", name = "2单元灭火器", location = "一楼", lastInspectedOn = "2026-01-10", nextInspectionOn = "2027-01-10", expiresOn = "2030-01-01" }).Ok(HttpStatusCode.Created);
        Assert.Equal("FireExtinguisher", facility.Str("kind"));
        await grid1.PostJson("/api/facilities", new { areaCode = DemoCodes.Building12, kind = "Hydrant", name = "x", lastInspectedOn = "2026-01-10", nextInspectionOn = "2025-01-10" }).Problem(HttpStatusCode.BadRequest);
        await grid1.PostJson("/api/facilities", new { areaCode = DemoCodes.Building12, kind = "Hydrant", name = "x", lastInspectedOn = "2099-01-10" }).Problem(HttpStatusCode.BadRequest);

        var grid2 = await app.ClientFor("grid2");
        await grid2.GetAsync($"/api/merchants/{merchant.GetProperty("id").GetInt64()}").Problem(HttpStatusCode.NotFound);
        await grid2.GetAsync($"/api/facilities/{facility.GetProperty("id").GetInt64()}").Problem(HttpStatusCode.NotFound);
        await grid2.GetAsync($"/api/areas/{DemoCodes.Grid1}/merchants").Problem(HttpStatusCode.NotFound);
        await grid2.PostJson("/api/merchants", new { areaCode = DemoCodes.Grid1, name = "越界", category = "Retail", ownerName = "x", address = "x" }).Problem(HttpStatusCode.NotFound);
        var list = await grid1.GetAsync($"/api/areas/{DemoCodes.Grid1}/merchants").Ok();
        Assert.Contains(list.Items(), m => m.Str("name") == "老王早餐店");
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(a => a.Action == "merchant.create" && a.UserName == "grid1")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlacesAndLayoutTestsOnSqlite(SqliteApp app) : PlacesAndLayoutTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlacesAndLayoutTestsOnPostgres(PostgresApp app) : PlacesAndLayoutTests(app);
