using System.Net;
using System.Text.RegularExpressions;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Registry;

public abstract class ResidentTests(GongzhiApp app)
{
    private async Task<long> NewHousehold(HttpClient client, string under = DemoCodes.Yuyuan)
    {
        var building = await client.PostJson($"/api/areas/{under}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = await client.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        var household = await client.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 2, room = "201" }).Ok(HttpStatusCode.Created);
        return household.GetProperty("household").GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_resident_takes_birth_date_and_sex_from_the_id_number_and_is_shown_masked()
    {
        var community = await app.ClientFor("community");
        var household = await NewHousehold(community);
        var id = TestWorkbook.IdNumber(new DateOnly(1943, 3, 9), male: false);
        var created = await community.PostJson("/api/residents", new { householdId = household, name = "王秀兰", idNumber = id, phone = "13912345678", relation = "Householder", residencyType = "Registered", tags = new[] { "living-alone" }, politicalStatus = "PartyMember" }).Ok(HttpStatusCode.Created);
        Assert.Equal("1943-03-09", created.Str("birthDate"));
        Assert.Equal("Female", created.Str("sex"));
        Assert.Equal(id[..6] + "********" + id[^4..], created.Str("idNumber"));
        Assert.Equal("139****5678", created.Str("phone"));
        var tags = created.GetProperty("tags").EnumerateArray().Select(t => t.Str("code")).ToList();
        Assert.Contains("living-alone", tags);
        Assert.Contains("party-member", tags); // follows the political status
        Assert.Contains("elderly-80", tags);  // computed from the birth date
        var members = await community.GetAsync($"/api/households/{household}").Ok();
        Assert.Equal("王秀兰", members.GetProperty("members")[0].Str("name"));
        Assert.Equal(1, await app.Db(db => db.Households.Where(h => h.Id == household).Select(h => h.MemberCount).SingleAsync()));
    }

    [Fact]
    public async Task Wrong_resident_data_is_refused_by_field_and_nothing_is_written()
    {
        var community = await app.ClientFor("community");
        var household = await NewHousehold(community);
        var valid = TestWorkbook.IdNumber(new DateOnly(1980, 1, 2), male: true);
        await community.PostJson("/api/residents", new { householdId = household, name = "李明", idNumber = valid, relation = "Householder", residencyType = "Registered" }).Ok(HttpStatusCode.Created);
        var before = await app.Db(db => db.Residents.CountAsync());

        async Task Refused(object body, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var problem = await community.PostJson("/api/residents", body).Problem(status);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }
        var badChecksum = valid[..17] + (valid[17] == '0' ? '1' : '0');
        await Refused(new { householdId = household, name = "甲", idNumber = badChecksum, relation = "Child", residencyType = "Registered" }, "idNumber");
        await Refused(new { householdId = household, name = "乙", idNumber = "37081119900230123X", relation = "Child", residencyType = "Registered" }, "idNumber");
        await Refused(new { householdId = household, name = "丙", idNumber = "3708111990", relation = "Child", residencyType = "Registered" }, "idNumber");
        var other = TestWorkbook.IdNumber(new DateOnly(2001, 5, 6), male: true);
        await Refused(new { householdId = household, name = "丁", idNumber = other, birthDate = "2001-05-07", relation = "Child", residencyType = "Registered" }, "birthDate");
        await Refused(new { householdId = household, name = "戊", idNumber = other, sex = "Female", relation = "Child", residencyType = "Registered" }, "sex");
        await Refused(new { householdId = household, name = "己", idNumber = other, movedInOn = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"), relation = "Child", residencyType = "Registered" }, "movedInOn");
        await Refused(new { householdId = household, name = "庚", idNumber = other, phone = "12345", relation = "Child", residencyType = "Registered" }, "phone");
        await Refused(new { householdId = household, name = "=HYPERLINK(\"x\")", idNumber = other, relation = "Child", residencyType = "Registered" }, "name");
        await Refused(new { householdId = household, name = "辛", idNumber = other, tags = new[] { "elderly-80" }, relation = "Child", residencyType = "Registered" }, "tags");
        await Refused(new { householdId = household, name = "壬", idNumber = valid, relation = "Child", residencyType = "Registered" }, "idNumber", HttpStatusCode.Conflict);
        Assert.Equal(before, await app.Db(db => db.Residents.CountAsync()));
    }

    [Fact]
    public async Task A_move_and_a_death_end_memberships_but_keep_the_person_and_the_history()
    {
        var community = await app.ClientFor("community");
        var first = await NewHousehold(community);
        var second = await NewHousehold(community);
        var created = await community.PostJson("/api/residents", new { householdId = first, name = "赵建国", idNumber = TestWorkbook.IdNumber(new DateOnly(1950, 7, 1), true), relation = "Householder", residencyType = "Registered" }).Ok(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();

        var moved = await community.PostJson($"/api/residents/{id}/move", new { householdId = second, relation = "Parent" }).Ok();
        Assert.Equal(second, moved.GetProperty("householdId").GetInt64());
        Assert.Equal(2, moved.GetProperty("memberships").GetArrayLength());
        Assert.Equal((0, 1), await app.Db(async db => (
            await db.Households.Where(h => h.Id == first).Select(h => h.MemberCount).SingleAsync(),
            await db.Households.Where(h => h.Id == second).Select(h => h.MemberCount).SingleAsync())));

        await community.PostJson($"/api/residents/{id}/end", new { reason = "MovedHousehold" }).Problem(HttpStatusCode.BadRequest);
        var ended = await community.PostJson($"/api/residents/{id}/end", new { reason = "Deceased", on = DateTime.UtcNow.ToString("yyyy-MM-dd") }).Ok();
        Assert.Equal("Deceased", ended.Str("status"));
        Assert.Equal(JsonNull, ended.GetProperty("householdId").ValueKind);
        Assert.All(ended.GetProperty("memberships").EnumerateArray(), m => Assert.NotEqual(JsonNull, m.GetProperty("endedOn").ValueKind));
        await community.PostJson($"/api/residents/{id}/end", new { reason = "MovedOut" }).Problem(HttpStatusCode.Conflict);
        Assert.Equal(0, (await community.GetAsync($"/api/households/{second}").Ok()).GetProperty("members").GetArrayLength());
        var history = await community.GetAsync($"/api/residents/{id}/history").Ok();
        Assert.Equal(["resident.deceased", "resident.move", "resident.create"], history.EnumerateArray().Select(h => h.Str("action")));
        var found = await community.GetAsync($"/api/residents?status=Deceased&q={Uri.EscapeDataString("赵建国")}").Ok();
        Assert.Contains(found.Items(), r => r.GetProperty("id").GetInt64() == id);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_household_outside_the_readers_area_shows_only_as_outside_with_its_dates()
    {
        var community = await app.ClientFor("community");
        var before = await NewHousehold(community, DemoCodes.Grid2Compound);
        var now = await NewHousehold(community);
        var oldAddress = (await community.GetAsync($"/api/households/{before}").Ok()).GetProperty("household").Str("address");
        var created = await community.PostJson("/api/residents", new { householdId = before, name = "钱迁入", idNumber = TestWorkbook.IdNumber(new DateOnly(1961, 4, 5), true), relation = "Householder", residencyType = "Registered", movedInOn = "2010-03-01" }).Ok(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        await community.PostJson($"/api/residents/{id}/move", new { householdId = now, relation = "Householder" }).Ok();

        // The community sees both households.
        var full = await community.GetAsync($"/api/residents/{id}").Ok();
        Assert.Contains(full.GetProperty("memberships").EnumerateArray(), m => m.Str("address") == oldAddress && m.GetProperty("householdId").GetInt64() == before);
        Assert.Contains((await community.GetAsync($"/api/residents/{id}/history").Ok()).EnumerateArray(), h => h.Str("detail").Contains(oldAddress));

        // Grid 1's worker sees the resident (now in grid 1) but not the grid-2 household.
        var grid1 = await app.ClientFor("grid1");
        await grid1.GetAsync($"/api/households/{before}").Problem(HttpStatusCode.NotFound);
        var detailResponse = await grid1.GetAsync($"/api/residents/{id}");
        var detailText = await detailResponse.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, detailResponse.StatusCode);
        Assert.DoesNotContain(oldAddress, detailText);
        var detail = System.Text.Json.JsonDocument.Parse(detailText).RootElement;
        var memberships = detail.GetProperty("memberships").EnumerateArray().ToList();
        Assert.Equal(2, memberships.Count);
        var outside = Assert.Single(memberships, m => m.GetProperty("outsideYourArea").GetBoolean());
        Assert.Equal(JsonNull, outside.GetProperty("householdId").ValueKind);
        Assert.Equal(JsonNull, outside.GetProperty("address").ValueKind);
        Assert.Equal("辖区外", outside.Str("place"));
        Assert.Equal("2010-03-01", outside.Str("startedOn"));
        Assert.NotEqual(JsonNull, outside.GetProperty("endedOn").ValueKind);
        // The resident's page, which the grid worker actually opens, shows neither the address nor a link to it.
        var page = await (await grid1.GetAsync($"/residents/{id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(oldAddress, page);
        Assert.DoesNotContain($"href=\"/households/{before}\"", page);
        Assert.Contains("辖区外", page);
        var inside = Assert.Single(memberships, m => !m.GetProperty("outsideYourArea").GetBoolean());
        Assert.Equal(now, inside.GetProperty("householdId").GetInt64());

        var historyText = await (await grid1.GetAsync($"/api/residents/{id}/history")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(oldAddress, historyText);
        Assert.Contains("辖区外", historyText);
        var english = await app.ClientFor("grid1", culture: "en-US");
        var en = await english.GetAsync($"/api/residents/{id}").Ok();
        Assert.Contains(en.GetProperty("memberships").EnumerateArray(), m => m.Str("place") == "Outside your area");
        Assert.DoesNotContain(oldAddress, await (await english.GetAsync($"/api/residents/{id}/history")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unmasking_takes_the_permission_and_leaves_an_audit_entry()
    {
        // A resident of its own (in grid 1, which the grid worker sees), so no other test's unmasking is counted.
        var compound = await app.Given.CompoundAsync(DemoCodes.Grid1);
        var building = await app.Given.BuildingAsync(compound.Str("code"));
        var household = await app.Given.HouseholdAsync(building.Str("code"));
        var residentId = (await app.Given.ResidentAsync(household.GetProperty("id").GetInt64())).GetProperty("id").GetInt64();
        var grid1 = await app.ClientFor("grid1");
        await grid1.PostJson($"/api/residents/{residentId}/unmask", new { reason = "上门核实" }).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(0, await app.Db(db => db.AuditEntries.CountAsync(a => a.Action == "resident.unmask" && a.EntityId == residentId.ToString())));

        var community = await app.ClientFor("community");
        var clear = await community.PostJson($"/api/residents/{residentId}/unmask", new { reason = "上门核实" }).Ok();
        Assert.Matches(@"^\d{17}[\dX]$", clear.Str("idNumber"));
        Assert.Matches(@"^1\d{10}$", clear.Str("phone"));
        var masked = await community.GetAsync($"/api/residents/{residentId}").Ok();
        Assert.Equal(clear.Str("idNumber")[..6] + "********" + clear.Str("idNumber")[^4..], masked.Str("idNumber"));
        var entry = await app.Db(db => db.AuditEntries.Where(a => a.Action == "resident.unmask" && a.EntityId == residentId.ToString()).SingleAsync());
        Assert.Equal("community", entry.UserName);
        Assert.Contains("上门核实", entry.Detail);
        // An ID number is found exactly through its keyed hash.
        var byId = await community.GetAsync($"/api/residents?q={clear.Str("idNumber")}").Ok();
        Assert.Equal(residentId, Assert.Single(byId.Items()).GetProperty("id").GetInt64());
        var byPhone = await community.GetAsync($"/api/residents?q={clear.Str("phone")}").Ok();
        Assert.Contains(byPhone.Items(), r => r.GetProperty("id").GetInt64() == residentId);
    }

    [Fact]
    public async Task Search_combines_area_tags_and_age_and_stays_inside_the_scope()
    {
        var grid1 = await app.ClientFor("grid1");
        var result = await grid1.GetAsync($"/api/residents?area={DemoCodes.Grid1}&tagsAll=living-alone&tagsAll=elderly-80&pageSize=200").Ok();
        Assert.True(result.Int("total") > 0, "the demo has elders aged 80+ living alone in grid 1");
        Assert.Equal(result.Int("total"), result.GetProperty("items").GetArrayLength());
        foreach (var r in result.Items())
        {
            Assert.True(r.Int("age") >= 80);
            Assert.Contains("living-alone", r.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        }
        var ids = result.Items().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.All(await app.Db(db => db.Residents.Where(r => ids.Contains(r.Id)).Select(r => r.AreaPath).ToListAsync()), p => Assert.Contains("/" + DemoCodes.Grid1 + "/", p));

        var none = await grid1.GetAsync($"/api/residents?area={DemoCodes.Grid1}&tagsAll=elderly-80&tagsNone=living-alone&pageSize=200").Ok();
        Assert.DoesNotContain(none.Items(), r => r.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == "living-alone"));

        // Without an area, grid1 still gets only grid1; grid2's area is not found.
        var all = await grid1.GetAsync("/api/residents?pageSize=200&sort=name").Ok();
        var allIds = all.Items().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.All(await app.Db(db => db.Residents.Where(r => allIds.Contains(r.Id)).Select(r => r.AreaPath).ToListAsync()), p => Assert.Contains("/" + DemoCodes.Grid1 + "/", p));
        var names = all.Items().Select(r => r.Str("name")).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);
        await grid1.GetAsync($"/api/residents?area={DemoCodes.Grid2}").Problem(HttpStatusCode.NotFound);
        var grid2Resident = await app.Db(db => db.Residents.Where(r => r.AreaPath.Contains("/" + DemoCodes.Grid2 + "/")).Select(r => r.Id).FirstAsync());
        await grid1.GetAsync($"/api/residents/{grid2Resident}").Problem(HttpStatusCode.NotFound);
        await grid1.GetAsync($"/api/residents/{grid2Resident}/history").Problem(HttpStatusCode.NotFound);

        await grid1.GetAsync("/api/residents?ageMin=80&ageMax=60").Problem(HttpStatusCode.BadRequest);
        await grid1.GetAsync("/api/residents?tagsAll=no-such-tag").Problem(HttpStatusCode.BadRequest);
        var page2 = await grid1.GetAsync("/api/residents?pageSize=5&page=2").Ok();
        Assert.Equal(all.Int("total"), page2.Int("total"));
    }

    [Fact]
    public async Task Exports_are_masked_unless_permitted_and_say_so()
    {
        var grid1 = await app.ClientFor("grid1");
        var csv = await grid1.GetStringAsync($"/api/residents/export?area={DemoCodes.Grid1}&ageMin=80&format=csv");
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("身份证号（已脱敏）", lines[0]);
        Assert.True(lines.Length > 1);
        Assert.DoesNotMatch(new Regex(@"\d{17}[\dX]"), csv);
        await grid1.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true").Problem(HttpStatusCode.Forbidden);

        var community = await app.ClientFor("community");
        var xlsx = await community.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&ageMin=80&unmasked=true&reason={Uri.EscapeDataString("高龄补贴核对")}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, await xlsx.Content.ReadAsByteArrayAsync());
        var rows = Gongzhi.Infrastructure.Spreadsheets.Xlsx.ReadRows(path).ToList();
        File.Delete(path);
        Assert.Equal("身份证号（未脱敏）", rows[0][4]);
        Assert.Equal(lines.Length, rows.Count);
        Assert.Matches(@"^\d{17}[\dX]$", rows[1][4]!);
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(a => a.Action == "resident.export-unmasked" && a.UserName == "community")));
    }

    [Fact]
    public async Task Saved_searches_belong_to_their_user()
    {
        var grid1 = await app.ClientFor("grid1");
        var saved = await grid1.PostJson("/api/residents/saved-searches", new { name = GongzhiApp.Unique("高龄"), query = "ageMin=80&tagsAll=living-alone" }).Ok();
        Assert.Contains((await grid1.GetAsync("/api/residents/saved-searches").Ok()).EnumerateArray(), s => s.Str("name") == saved.Str("name"));
        var grid2 = await app.ClientFor("grid2");
        Assert.DoesNotContain((await grid2.GetAsync("/api/residents/saved-searches").Ok()).EnumerateArray(), s => s.Str("name") == saved.Str("name"));
        await grid2.DeleteAsync($"/api/residents/saved-searches/{saved.GetProperty("id").GetInt64()}").Problem(HttpStatusCode.NotFound);
        await grid1.DeleteAsync($"/api/residents/saved-searches/{saved.GetProperty("id").GetInt64()}").Ok(HttpStatusCode.NoContent);
        await grid1.PostJson("/api/residents/saved-searches", new { name = "", query = "" }).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Custom_tags_belong_to_a_district_and_can_be_searched()
    {
        var community = await app.ClientFor("community");
        var name = GongzhiApp.Unique("志愿").Substring(0, 10);
        var tag = await community.PostJson("/api/tags", new { name, districtCode = DemoCodes.Community }).Ok(HttpStatusCode.Created);
        await community.PostJson("/api/tags", new { name, districtCode = DemoCodes.Community }).Problem(HttpStatusCode.Conflict);
        var household = await NewHousehold(community);
        var r = await community.PostJson("/api/residents", new { householdId = household, name = "孙志愿", idNumber = TestWorkbook.IdNumber(new DateOnly(1990, 2, 3), true), relation = "Householder", residencyType = "Permanent", tags = new[] { tag.Str("code") } }).Ok(HttpStatusCode.Created);
        var found = await community.GetAsync($"/api/residents?tagsAll={tag.Str("code")}").Ok();
        Assert.Equal(r.GetProperty("id").GetInt64(), Assert.Single(found.Items()).GetProperty("id").GetInt64());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ResidentTestsOnSqlite(SqliteApp app) : ResidentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ResidentTestsOnPostgres(PostgresApp app) : ResidentTests(app);
