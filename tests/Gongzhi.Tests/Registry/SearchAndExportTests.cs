using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Registry;

/// <summary>Query-string edge cases of the resident search and its exports, as the residents page sends them.</summary>
public abstract class SearchAndExportTests(GongzhiApp app)
{
    /// <summary>Every condition the search form has, left empty: what a GET form submits when nothing is filled in.</summary>
    private const string AllEmpty = "area=&q=&ageMin=&ageMax=&sex=&residency=&status=&tagsAll=&tagsAny=&tagsNone=&membersMin=&membersMax=&tenure=&sort=&page=&pageSize=";

    [Fact]
    public async Task Empty_query_values_mean_no_filter_on_search()
    {
        var grid1 = await app.ClientFor("grid1");
        var unfiltered = await grid1.GetAsync("/api/residents").Ok();
        Assert.True(unfiltered.Int("total") > 0);
        var empty = await grid1.GetAsync("/api/residents?" + AllEmpty).Ok();
        Assert.Equal(unfiltered.Int("total"), empty.Int("total"));
        var tagsAnyOnly = await grid1.GetAsync("/api/residents?tagsAny=").Ok();
        Assert.Equal(unfiltered.Int("total"), tagsAnyOnly.Int("total"));
        // An empty value beside a real one is ignored, the real one still filters.
        var mixed = await grid1.GetAsync("/api/residents?tagsAny=&tagsAny=living-alone&ageMax=&sex=Female").Ok();
        Assert.InRange(mixed.Int("total"), 1, unfiltered.Int("total") - 1);
    }

    [Theory]
    [InlineData("ageMin=80")]
    [InlineData("tagsAll=elderly-80&tagsAll=living-alone")]
    [InlineData("ageMin=60&ageMax=79&sex=Female&sort=name")]
    public async Task A_district_wide_search_for_the_elderly_finds_what_its_streets_find(string conditions)
    {
        // Over a district with an age floor the search starts from the age index, street searches from the path index:
        // both must find the same people.
        var admin = await app.ClientFor("admin");
        var district = await admin.GetAsync($"/api/residents?area={DemoCodes.District}&{conditions}&pageSize=200").Ok();
        var streets = (await admin.GetAsync($"/api/areas/{DemoCodes.District}/children?pageSize=200").Ok()).GetProperty("items").EnumerateArray().Select(n => n.Str("code")!).ToList();
        var ids = new List<long>();
        foreach (var street in streets)
        {
            var found = await admin.GetAsync($"/api/residents?area={street}&{conditions}&pageSize=200").Ok();
            Assert.True(found.Int("total") <= 200, "the demo's streets are small");
            ids.AddRange(found.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        }
        Assert.True(district.Int("total") > 0);
        Assert.Equal(ids.Count, district.Int("total"));
        Assert.True(ids.Count <= 200, "the demo's elderly fit one page");
        Assert.Equal(ids.Order(), district.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Order());
        var whole = await admin.GetAsync($"/api/residents?{conditions}&pageSize=1").Ok(); // all of the admin's reach: no area at all
        Assert.True(whole.Int("total") >= district.Int("total"));
    }

    [Theory]
    [InlineData("/api/areas/" + DemoCodes.Grid1 + "/households?includeRetired=&page=&pageSize=")]
    [InlineData("/api/areas/" + DemoCodes.Grid1 + "/merchants?page=&pageSize=")]
    [InlineData("/api/areas/" + DemoCodes.Grid1 + "/facilities?page=&pageSize=")]
    [InlineData("/api/users?q=&role=&page=&pageSize=")]
    [InlineData("/api/audit?user=&action=&entityType=&entityId=&from=&to=&page=&pageSize=")]
    public async Task Empty_query_values_mean_no_filter_on_lists(string url)
    {
        var community = await app.ClientFor("community");
        var empty = await community.GetAsync(url).Ok();
        var plain = await community.GetAsync(url[..url.IndexOf('?')]).Ok();
        Assert.Equal(plain.Int("total"), empty.Int("total"));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Empty_query_values_mean_no_filter_on_exports(string format)
    {
        var grid1 = await app.ClientFor("grid1");
        using var response = await grid1.GetAsync($"/api/residents/export?{AllEmpty}&unmasked=&reason=&format={format}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(bytes));
        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(bytes.Length > 100);
        using var tagsAny = await grid1.GetAsync($"/api/residents/export?tagsAny=&format={format}");
        Assert.Equal(HttpStatusCode.OK, tagsAny.StatusCode);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task A_refused_export_is_a_problem_before_any_byte_of_the_file(string format)
    {
        var grid1 = await app.ClientFor("grid1");
        var otherGrid = await grid1.GetAsync($"/api/residents/export?area={DemoCodes.Grid2}&format={format}").Problem(HttpStatusCode.NotFound);
        Assert.Contains(DemoCodes.Grid2, otherGrid.Str("detail"));
        await grid1.GetAsync($"/api/residents/export?area=370811999999&format={format}").Problem(HttpStatusCode.NotFound);
        var age = await grid1.GetAsync($"/api/residents/export?ageMin=200&format={format}").Problem(HttpStatusCode.BadRequest);
        Assert.True(age.GetProperty("errors").TryGetProperty("ageMin", out _), age.ToString());
        await grid1.GetAsync($"/api/residents/export?tagsAll=no-such-tag&format={format}").Problem(HttpStatusCode.BadRequest);
        var flag = await grid1.GetAsync($"/api/residents/export?unmasked=maybe&format={format}").Problem(HttpStatusCode.BadRequest);
        Assert.True(flag.GetProperty("errors").TryGetProperty("unmasked", out _), flag.ToString());
        var sex = await grid1.GetAsync($"/api/residents/export?sex=Unknown&format={format}").Problem(HttpStatusCode.BadRequest);
        Assert.True(sex.GetProperty("errors").TryGetProperty("sex", out _), sex.ToString());

        var english = await app.ClientFor("grid1", culture: "en-US");
        var en = await english.GetAsync($"/api/residents/export?ageMin=200&format={format}").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("Ages are between 0 and 150.", en.Str("detail"));
    }

    [Fact]
    public async Task An_unmasked_export_needs_a_reason_and_the_audit_entry_keeps_it_with_the_row_count()
    {
        var community = await app.ClientFor("community");
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var missing = await community.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true&format={format}").Problem(HttpStatusCode.BadRequest);
            Assert.True(missing.GetProperty("errors").TryGetProperty("reason", out _), missing.ToString());
            Assert.Contains("原因", missing.Str("detail"));
            await community.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true&reason=%20&format={format}").Problem(HttpStatusCode.BadRequest);
            await community.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true&reason={new string('x', 201)}&format={format}").Problem(HttpStatusCode.BadRequest);
        }
        var english = await app.ClientFor("community", culture: "en-US");
        var en = await english.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("reason", en.GetProperty("errors").GetProperty("reason")[0].GetString());

        var reason = GongzhiApp.Unique("高龄补贴核对");
        var csv = await community.GetStringAsync($"/api/residents/export?area={DemoCodes.Grid1}&ageMin=80&format=csv&unmasked=true&reason={Uri.EscapeDataString(reason)}");
        var rows = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.True(rows > 0);
        var detail = await app.Db(db => db.AuditEntries.Where(a => a.Action == "resident.export-unmasked" && a.Detail!.Contains(reason)).Select(a => a.Detail).SingleAsync());
        Assert.Contains($"{rows} rows", detail);
    }

    [Fact]
    public async Task Each_condition_selects_exactly_its_residents_in_a_building_of_the_tests_own()
    {
        // Counted only under a building this test creates: other tests adding residents elsewhere change nothing here.
        var community = await app.ClientFor("community");
        var building = (await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created)).Str("code");
        var unit = (await community.PostJson($"/api/areas/{building}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created)).Str("code");
        async Task<long> Household(string room, string tenure) =>
            (await community.PostJson($"/api/areas/{unit}/households", new { floor = 1, room, tenure }).Ok(HttpStatusCode.Created)).GetProperty("household").GetProperty("id").GetInt64();
        var owned = await Household("101", "OwnerOccupied");
        var rented = await Household("102", "Rented");
        async Task<long> Resident(long household, string name, DateOnly birth, bool male, string relation, string residency, string[] tags) =>
            (await community.PostJson("/api/residents", new { householdId = household, name, idNumber = TestWorkbook.IdNumber(birth, male), relation, residencyType = residency, tags }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var grandfather = await Resident(owned, "甲", new DateOnly(1940, 3, 1), true, "Householder", "Registered", ["living-alone"]);
        var grandmother = await Resident(owned, "乙", new DateOnly(1945, 3, 1), false, "Spouse", "Permanent", ["empty-nest"]);
        var grandson = await Resident(owned, "丙", new DateOnly(2000, 3, 1), true, "Grandchild", "Floating", []);
        var tenant = await Resident(rented, "丁", new DateOnly(1985, 3, 1), false, "Householder", "Floating", []);

        var grid1 = await app.ClientFor("grid1");
        async Task<List<long>> Ids(string conditions) =>
            (await grid1.GetAsync($"/api/residents?area={building}&pageSize=200&{conditions}").Ok()).Items().Select(r => r.GetProperty("id").GetInt64()).ToList();
        async Task Finds(string conditions, params long[] expected) => Assert.Equal(expected.Order(), (await Ids(conditions)).Order());

        await Finds("", grandfather, grandmother, grandson, tenant);
        await Finds("tagsAny=living-alone&tagsAny=empty-nest", grandfather, grandmother);
        await Finds("tagsAny=living-alone", grandfather);
        await Finds("membersMin=3", grandfather, grandmother, grandson);
        await Finds("membersMax=1", tenant);
        await Finds("membersMin=2&membersMax=2");
        await Finds("tenure=Rented", tenant);
        await Finds("tenure=OwnerOccupied", grandfather, grandmother, grandson);
        await Finds("sex=Female", grandmother, tenant);
        await Finds("sex=Male", grandfather, grandson);
        await Finds("residency=Floating", grandson, tenant);
        await Finds("residency=Permanent", grandmother);
        await Finds("sex=Male&residency=Floating&tenure=OwnerOccupied", grandson);
        Assert.Equal([grandfather, grandmother, tenant, grandson], await Ids("sort=-age"));
        Assert.Equal([grandson, tenant, grandmother, grandfather], await Ids("sort=age"));
        await grid1.GetAsync($"/api/residents?area={building}&tenure=Castle").Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_last_digits_of_an_id_number_or_a_phone_find_the_resident()
    {
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = (await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created)).Str("code");
        var household = (await community.PostJson($"/api/areas/{unit}/households", new { floor = 1, room = "101" }).Ok(HttpStatusCode.Created)).GetProperty("household").GetProperty("id").GetInt64();
        var idNumber = TestWorkbook.IdNumber(new DateOnly(1958, 6, 7), true);
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var created = (await community.PostJson("/api/residents", new { householdId = household, name = "孙尾号", idNumber, phone, relation = "Householder", residencyType = "Registered" }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        // One more through the one-form import.
        var importedId = TestWorkbook.IdNumber(new DateOnly(1966, 1, 1), false);
        var importedPhone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        string?[] row = [unit, "2", "201", null, "李导入", importedId, "户主", "户籍", importedPhone, "汉族", null, null, null, null, null, null];
        Assert.Equal(1, (await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([row]))).Ok()).Int("added"));
        var imported = Assert.Single((await community.GetAsync($"/api/residents?q={importedId}").Ok()).Items()).GetProperty("id").GetInt64();

        var grid1 = await app.ClientFor("grid1");
        async Task<List<long>> Find(string q) =>
            (await grid1.GetAsync($"/api/residents?area={building.Str("code")}&q={q}").Ok()).Items().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal([created], await Find(idNumber[^6..]));
        Assert.Equal([created], await Find(phone[^4..]));
        Assert.Equal([imported], await Find(importedId[^6..]));
        Assert.Equal([imported], await Find(importedPhone[^4..]));
        Assert.Empty(await Find(idNumber[^5..]));

        // A resident from before the tails (null hashes) gets them when the same file is imported again, unchanged.
        await app.Db(db => db.Residents.Where(r => r.Id == imported).ExecuteUpdateAsync(u => u.SetProperty(r => r.IdNumberTailHash, (string?)null).SetProperty(r => r.PhoneTailHash, (string?)null)));
        Assert.Empty(await Find(importedPhone[^4..]));
        var again = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([row]))).Ok();
        Assert.Equal(1, again.Int("unchanged"));
        Assert.Equal([imported], await Find(importedPhone[^4..]));
        Assert.Equal([imported], await Find(importedId[^6..]));

        // A run of digits that is neither a whole number nor a tail says what the box takes.
        var refused = await grid1.GetAsync("/api/residents?q=1234567").Problem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("q", out _), refused.ToString());
        Assert.Contains("后4位", refused.Str("detail"));
        var english = await app.ClientFor("grid1", culture: "en-US");
        Assert.Contains("last 4 digits", (await english.GetAsync("/api/residents?q=1234567").Problem(HttpStatusCode.BadRequest)).Str("detail"));

        // The demo seeder wrote the tails too (numbers read here directly, not through an audited unmask).
        var demo = await app.Db(db => db.Residents.Where(r => r.AreaPath.Contains("/" + DemoCodes.Grid1 + "/") && r.PhoneCipher != null)
            .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.IdNumberCipher, r.PhoneCipher }).FirstAsync());
        var protector = app.Services.GetRequiredService<Gongzhi.Infrastructure.Security.PersonalDataProtector>();
        var byTail = await grid1.GetAsync($"/api/residents?area={DemoCodes.Grid1}&q={protector.Decrypt(demo.PhoneCipher!)[^4..]}&pageSize=200").Ok();
        Assert.Contains(byTail.Items(), r => r.GetProperty("id").GetInt64() == demo.Id);
        var byIdTail = await grid1.GetAsync($"/api/residents?area={DemoCodes.Grid1}&q={protector.Decrypt(demo.IdNumberCipher)[^6..]}&pageSize=200").Ok();
        Assert.Contains(byIdTail.Items(), r => r.GetProperty("id").GetInt64() == demo.Id);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SearchAndExportTestsOnSqlite(SqliteApp app) : SearchAndExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SearchAndExportTestsOnPostgres(PostgresApp app) : SearchAndExportTests(app);
