using System.Net;
using System.Text.Json;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Policies;

/// <summary>
/// Policy targeting (政策找人) over a small known registry in the test's own grid: each rule operator selects exactly
/// the expected people, the lists of a policy, enrolment import, data scope and export masking.
/// </summary>
public abstract class PolicyTargetingTests(GongzhiApp app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// A fresh grid with: 甲 (85, woman, registered, alone, in a building of her own), 乙 (exactly 80, man,
    /// registered) living with 丙 (10, girl, floating), 丁 (79, turns 80 in 10 days, man, registered, tag 独居, alone),
    /// 戊 (90, woman, permanent, disability grade 1, alone) and 己 (88, registered, deceased).
    /// </summary>
    private sealed record World(string Grid, string Building, string BuildingPath, Dictionary<string, long> Ids, Dictionary<string, string> IdNumbers);

    private async Task<World> WorldAsync()
    {
        var community = await app.ClientFor("community");
        var grid = (await app.Given.GridAsync()).Str("code");
        var building = await app.Given.BuildingAsync(grid);
        var ids = new Dictionary<string, long>();
        var numbers = new Dictionary<string, string>();
        async Task Person(string key, long household, DateOnly birth, bool male, string residency, string relation = "Householder", int? grade = null, string[]? tags = null)
        {
            var idNumber = TestWorkbook.IdNumber(birth, male);
            var created = await community.PostJson("/api/residents", new
            {
                householdId = household, name = "政策" + key, relation, residencyType = residency, idNumber, disabilityGrade = grade, tags,
            }).Ok(HttpStatusCode.Created);
            ids[key] = created.GetProperty("id").GetInt64();
            numbers[key] = idNumber;
        }
        var a = (await app.Given.HouseholdAsync(building.Str("code"))).GetProperty("id").GetInt64();
        await Person("甲", a, Today.AddYears(-85), false, "Registered");
        var b = (await app.Given.HouseholdAsync(grid, room: "11")).GetProperty("id").GetInt64();
        await Person("乙", b, Today.AddYears(-80), true, "Registered");
        await Person("丙", b, Today.AddYears(-10), false, "Floating", "Grandchild");
        var d = (await app.Given.HouseholdAsync(grid, room: "12")).GetProperty("id").GetInt64();
        await Person("丁", d, Today.AddYears(-80).AddDays(10), true, "Registered", tags: ["living-alone"]);
        var e = (await app.Given.HouseholdAsync(grid, room: "13")).GetProperty("id").GetInt64();
        await Person("戊", e, Today.AddYears(-90), false, "Permanent", grade: 1);
        var f = (await app.Given.HouseholdAsync(grid, room: "14")).GetProperty("id").GetInt64();
        await Person("己", f, Today.AddYears(-88), true, "Registered");
        await community.PostJson($"/api/residents/{ids["己"]}/end", new { reason = "Deceased", on = Today.ToString("yyyy-MM-dd") }).Ok();
        return new World(grid, building.Str("code"), "", ids, numbers);
    }

    private static string Sorted(string keys) => string.Concat(keys.Select(c => c.ToString()).Order());

    private static string[] Keys(World w, JsonElement list) =>
        [.. list.GetProperty(list.TryGetProperty("sample", out _) ? "sample" : "items").EnumerateArray()
            .Select(r => w.Ids.Single(kv => kv.Value == r.GetProperty("id").GetInt64()).Key).Order()];

    [Fact]
    public async Task Each_rule_operator_selects_exactly_the_expected_people()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var cases = new (string Rule, string Expected)[]
        {
            ("age >= 80", "乙甲戊"),
            ("age > 80", "甲戊"),
            ("age = 80", "乙"),
            ("age != 80", "丁丙甲戊"),
            ("age < 80", "丁丙"),
            ("age <= 79", "丁丙"),
            ("residency = 户籍", "丁乙甲"),
            ("residency != 户籍", "丙戊"),
            ("户籍类型 = 常住", "戊"),
            ("age >= 80 and residency = 户籍 and not tag 已故", "乙甲"),
            ("tag 独居", "丁"),
            ("not tag 独居", "丙乙甲戊"),
            ("tag = 独居 or tag 残疾", "丁戊"),
            ("living_alone", "丁甲戊"),
            ("独居 = 否", "丙乙"),
            ("household_size >= 2", "丙乙"),
            ("户人数 = 1 and age < 85", "丁"),
            ("member_age < 18", "乙"),
            ("家庭成员年龄 >= 80", "丙"),
            ("disability_grade <= 2", "戊"),
            ("disability_grade != 1", ""),
            ("sex = 女", "丙甲戊"),
            ("性别 = 男", "丁乙"),
            ("age >= 80 or tag 独居", "丁乙甲戊"),
            ("(tag 独居 or member_age < 18) and residency = 户籍", "丁乙"),
            ($"area in {w.Building}", "甲"),
            ($"not 区域 属于 {w.Building}", "丁丙乙戊"),
            ("tag 80岁以上", "乙甲戊"),
        };
        foreach (var (rule, expected) in cases)
        {
            var preview = await community.PostJson("/api/policies/preview", new { rule, area = w.Grid }).Ok();
            Assert.True(string.Concat(Keys(w, preview)) == string.Concat(expected.Select(c => c.ToString()).Order()), $"{rule}: {string.Concat(Keys(w, preview))}");
            Assert.Equal(expected.Length, preview.Int("count"));
        }
    }

    [Theory]
    [InlineData("age >= abc", 7)]
    [InlineData("年龄 >= 80 且 收入 < 1000", 11)]
    [InlineData("age >= 80 and (tag 独居", 14)]
    [InlineData("tag 没有这个标签", 4)]
    [InlineData("area in 999999999999", 8)]
    [InlineData("", 0)]
    public async Task An_invalid_rule_is_a_400_problem_with_its_position(string rule, int position)
    {
        var community = await app.ClientFor("community");
        var problem = await community.PostJson("/api/policies/preview", new { rule }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(position, problem.GetProperty("position").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("reason")));
        var english = await app.ClientFor("community", culture: "en-US");
        var en = await english.PostJson("/api/policies/preview", new { rule }).Problem(HttpStatusCode.BadRequest);
        Assert.NotEqual(problem.Str("reason"), en.Str("reason"));
        // Saving a policy with it is refused the same way, naming the field.
        var save = await community.PostJson("/api/policies", new { name = "测试政策", department = "民政局", areaCode = DemoCodes.Community, rule }).Problem(HttpStatusCode.BadRequest);
        Assert.True(save.GetProperty("errors").TryGetProperty("rule", out _), save.ToString());
    }

    private async Task<long> PolicyAsync(HttpClient client, string area, string rule = "age >= 80 and residency = 户籍 and not tag 已故")
    {
        var created = await client.PostJson("/api/policies", new
        {
            name = GongzhiApp.Unique("高龄津贴"), department = "民政局", areaCode = area, rule, benefit = "每月100元", legalBasis = "山东省老年人权益保障条例", reminderLeadTimes = "30",
        }).Ok(HttpStatusCode.Created);
        return created.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task The_lists_of_a_policy_tell_who_qualifies_is_enrolled_is_missing_is_to_review_and_is_coming()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var id = await PolicyAsync(community, w.Grid);
        await community.PostJson($"/api/policies/{id}/enrolments", new { residentId = w.Ids["乙"], enrolledOn = "2024-01-01" }).Ok(HttpStatusCode.NoContent);
        await community.PostJson($"/api/policies/{id}/enrolments", new { residentId = w.Ids["丙"] }).Ok(HttpStatusCode.NoContent);
        await community.PostJson($"/api/policies/{id}/enrolments", new { residentId = w.Ids["丙"] }).Problem(HttpStatusCode.Conflict);

        async Task<string> List(string list, string extra = "", string? area = null) =>
            string.Concat(Keys(w, await community.GetAsync($"/api/policies/{id}/residents?list={list}&area={area ?? w.Grid}{extra}").Ok()));
        Assert.Equal(Sorted("乙甲"), await List("qualified"));
        Assert.Equal(Sorted("丙乙"), await List("enrolled"));
        Assert.Equal(Sorted("甲"), await List("not-enrolled"));
        Assert.Equal(Sorted("甲"), await List("")); // the default list is the point of 政策找人
        Assert.Equal(Sorted("丙"), await List("to-review"));
        Assert.Equal(Sorted("丁"), await List("upcoming", "&days=30"));
        Assert.Equal(Sorted(""), await List("upcoming", "&days=5"));
        Assert.Equal(Sorted("甲"), await List("qualified", area: w.Building));
        await community.GetAsync($"/api/policies/{id}/residents?list=everyone").Problem(HttpStatusCode.BadRequest);

        var counts = await community.GetAsync($"/api/policies/{id}/counts?area={w.Grid}").Ok();
        Assert.Equal((2, 2, 1, 1, 1), (counts.Int("qualified"), counts.Int("enrolled"), counts.Int("notEnrolled"), counts.Int("toReview"), counts.Int("upcoming")));

        // Ending an enrolment takes it off the review list; the audit keeps both steps.
        await community.PostJson($"/api/policies/{id}/enrolments/end", new { residentId = w.Ids["丙"], reason = "不符合条件" }).Ok(HttpStatusCode.NoContent);
        Assert.Equal(Sorted(""), await List("to-review"));
        Assert.Equal(2, await app.Db(db => db.AuditEntries.CountAsync(a => a.EntityType == "policy" && a.EntityId == id.ToString() && a.Action == "policy.enrol")));
        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync(a => a.EntityType == "policy" && a.EntityId == id.ToString() && a.Action == "policy.create")));

        // Paging: one per page, the total stays.
        var page2 = await community.GetAsync($"/api/policies/{id}/residents?list=qualified&area={w.Grid}&page=2&pageSize=1").Ok();
        Assert.Equal((2, 1), (page2.Int("total"), page2.Items().Count()));
    }

    [Fact]
    public async Task A_departments_list_is_matched_by_id_number_and_the_unmatched_rows_are_reported()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var id = await PolicyAsync(community, w.Grid);
        await community.PostJson($"/api/policies/{id}/enrolments", new { residentId = w.Ids["乙"] }).Ok(HttpStatusCode.NoContent);
        var invalid = w.IdNumbers["甲"][..17] + (w.IdNumbers["甲"][17] == '1' ? '2' : '1');
        var stranger = TestWorkbook.IdNumber(new DateOnly(1940, 3, 3), true);
        var file = TestWorkbook.Build([
            ["政策甲", w.IdNumbers["甲"], "2025-03-01"],   // row 2: enrolled
            ["政策乙", w.IdNumbers["乙"], null],           // row 3: already enrolled
            ["某某", invalid, null],                        // row 4: not a valid number
            ["某某", stranger, null],                       // row 5: nobody in reach
            ["张三", w.IdNumbers["丁"], null],              // row 6: the name differs
            ["政策甲", w.IdNumbers["甲"].ToLowerInvariant(), null], // row 7: the same person again
        ], headers: ["姓名", "身份证号码", "享受起始日期"]);
        var report = await community.PostAsync($"/api/policies/{id}/enrolments/import", TestWorkbook.Upload(file, "高龄津贴发放名单.xlsx")).Ok();
        Assert.Equal((6, 1, 2), (report.Int("rows"), report.Int("enrolled"), report.Int("alreadyEnrolled")));
        var unmatched = report.GetProperty("unmatched").EnumerateArray().ToList();
        Assert.Equal([4, 5, 6], unmatched.Select(u => u.Int("row")));
        Assert.All(unmatched, u => Assert.Contains("****", u.Str("idNumber")));
        Assert.DoesNotContain(stranger, report.ToString());
        var enrolled = await community.GetAsync($"/api/policies/{id}/residents?list=enrolled&area={w.Grid}").Ok();
        Assert.Equal(Sorted("乙甲"), string.Concat(Keys(w, enrolled)));
        var row = enrolled.Items().Single(r => r.GetProperty("id").GetInt64() == w.Ids["甲"]);
        Assert.Equal(("2025-03-01", "Import", "高龄津贴发放名单.xlsx"), (row.Str("enrolledOn"), row.Str("source"), row.Str("sourceNote")));
        var manual = enrolled.Items().Single(r => r.GetProperty("id").GetInt64() == w.Ids["乙"]);
        Assert.Equal(("Manual", DateTime.UtcNow.ToString("yyyy-MM-dd")), (manual.Str("source"), manual.Str("enrolledOn")));

        await community.PostAsync($"/api/policies/{id}/enrolments/import", TestWorkbook.Upload([1, 2, 3, 4, 5], "x.xlsx")).Problem(HttpStatusCode.UnsupportedMediaType);
        var noIdColumn = TestWorkbook.Build([["政策甲", "x"]], headers: ["姓名", "备注"]);
        await community.PostAsync($"/api/policies/{id}/enrolments/import", TestWorkbook.Upload(noIdColumn)).Problem(HttpStatusCode.BadRequest);
        var grid1 = await app.ClientFor("grid1");
        await grid1.PostAsync($"/api/policies/{id}/enrolments/import", TestWorkbook.Upload(file)).Problem(HttpStatusCode.NotFound); // not grid1's policy

        // A policy of one building: a listed resident in reach but living elsewhere is reported, not enrolled.
        var buildingPolicy = await PolicyAsync(community, w.Building);
        var narrow = TestWorkbook.Build([["政策甲", w.IdNumbers["甲"], null], ["政策乙", w.IdNumbers["乙"], null]], headers: ["姓名", "身份证号码", "享受起始日期"]);
        var narrowReport = await community.PostAsync($"/api/policies/{buildingPolicy}/enrolments/import", TestWorkbook.Upload(narrow, "楼栋名单.xlsx")).Ok();
        Assert.Equal((2, 1, 0), (narrowReport.Int("rows"), narrowReport.Int("enrolled"), narrowReport.Int("alreadyEnrolled")));
        Assert.Equal([3], narrowReport.GetProperty("unmatched").EnumerateArray().Select(u => u.Int("row")));
    }

    [Fact]
    public async Task Grid_workers_see_only_their_subtree_in_policies_previews_and_lists()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var grid1 = await app.ClientFor("grid1");
        var local = await PolicyAsync(community, w.Grid);
        var wide = await PolicyAsync(community, DemoCodes.Community, "age >= 80");

        // The grid's policy is not grid1's; the community's is (it concerns grid1's residents).
        var seen = (await grid1.GetAsync("/api/policies").Ok()).Items().Select(p => p.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(wide, seen);
        Assert.DoesNotContain(local, seen);
        await grid1.GetAsync($"/api/policies/{local}").Problem(HttpStatusCode.NotFound);
        await grid1.GetAsync($"/api/policies/{local}/residents?list=qualified").Problem(HttpStatusCode.NotFound);
        Assert.False((await grid1.GetAsync($"/api/policies/{wide}").Ok()).GetProperty("canEdit").GetBoolean());
        await grid1.PutJson($"/api/policies/{wide}", new { name = "改", department = "民政局", areaCode = DemoCodes.Grid1, rule = "age >= 1" }).Problem(HttpStatusCode.Forbidden);
        await grid1.PostJson("/api/policies", new { name = "网格政策", department = "民政局", areaCode = DemoCodes.Grid1, rule = "age >= 80" }).Problem(HttpStatusCode.Forbidden);

        // Previews and lists count inside grid1 only: none of the test's people, every row under grid1.
        await grid1.PostJson("/api/policies/preview", new { rule = "age >= 80", area = w.Grid }).Problem(HttpStatusCode.NotFound);
        var preview = await grid1.PostJson("/api/policies/preview", new { rule = "age >= 80" }).Ok();
        var inGrid1 = await grid1.PostJson("/api/policies/preview", new { rule = "age >= 80", area = DemoCodes.Grid1 }).Ok();
        Assert.Equal(inGrid1.Int("count"), preview.Int("count"));
        var communityCount = (await community.PostJson("/api/policies/preview", new { rule = "age >= 80" }).Ok()).Int("count");
        Assert.True(communityCount >= preview.Int("count") + 3, "the community sees grid1's elderly and the test's three");
        var list = await grid1.GetAsync($"/api/policies/{wide}/residents?list=qualified&pageSize=200").Ok();
        Assert.Equal(preview.Int("count"), list.Int("total"));
        var grid1Path = (await grid1.GetAsync($"/api/areas/{DemoCodes.Grid1}").Ok()).Str("path");
        Assert.All(list.Items(), r => Assert.StartsWith(grid1Path, r.Str("areaPath")));
        Assert.DoesNotContain(list.Items(), r => w.Ids.ContainsValue(r.GetProperty("id").GetInt64()));
        await grid1.PostJson($"/api/policies/{wide}/enrolments", new { residentId = w.Ids["甲"] }).Problem(HttpStatusCode.Forbidden);

        // A saved rule naming an area grid1 cannot see: nobody of grid1 lies in it, everybody of grid1 lies outside it.
        var inTestGrid = await PolicyAsync(community, DemoCodes.Community, $"age >= 80 and area in {w.Grid}");
        var outsideTestGrid = await PolicyAsync(community, DemoCodes.Community, $"age >= 80 and not area in {w.Grid}");
        Assert.Equal(0, (await grid1.GetAsync($"/api/policies/{inTestGrid}/residents?list=qualified").Ok()).Int("total"));
        Assert.Equal(preview.Int("count"), (await grid1.GetAsync($"/api/policies/{outsideTestGrid}/residents?list=qualified").Ok()).Int("total"));
        Assert.Equal(Sorted("乙甲戊"), string.Concat(Keys(w, await community.GetAsync($"/api/policies/{inTestGrid}/residents?list=qualified").Ok())));
        // Writing such a rule is refused to grid1, with the position of the area.
        var refused = await grid1.PostJson("/api/policies/preview", new { rule = $"age >= 80 and area in {w.Grid}" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(22, refused.GetProperty("position").GetInt32());
    }

    [Fact]
    public async Task Exports_are_masked_unless_permitted_and_explained_and_are_audited()
    {
        var w = await WorldAsync();
        var community = await app.ClientFor("community");
        var id = await PolicyAsync(community, w.Grid);
        async Task<List<string?[]>> Rows(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var path = Path.GetTempFileName();
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            try { return Xlsx.ReadRows(path).Select(r => r.Cells).ToList(); }
            finally { File.Delete(path); }
        }
        var masked = await Rows(await community.GetAsync($"/api/policies/{id}/residents.xlsx?list=not-enrolled&area={w.Grid}"));
        Assert.Equal(3, masked.Count); // header, 甲 and 乙
        Assert.Contains("已脱敏", masked[0][4]);
        Assert.DoesNotContain(masked.Skip(1), r => r[4] == w.IdNumbers["甲"] || r[4] == w.IdNumbers["乙"]);
        Assert.All(masked.Skip(1), r => Assert.Contains("****", r[4]));

        await community.GetAsync($"/api/policies/{id}/residents.xlsx?list=not-enrolled&area={w.Grid}&unmasked=true").Problem(HttpStatusCode.BadRequest);
        var reason = GongzhiApp.Unique("发放核对");
        var clear = await Rows(await community.GetAsync($"/api/policies/{id}/residents.xlsx?list=not-enrolled&area={w.Grid}&unmasked=true&reason={reason}"));
        Assert.Contains(clear.Skip(1), r => r[4] == w.IdNumbers["甲"]);
        // What the page's unmasked form sends: empty values are "not given".
        var fromPage = await Rows(await community.GetAsync($"/api/policies/{id}/residents.xlsx?list=not-enrolled&area=&days=&unmasked=true&reason={reason}"));
        Assert.True(fromPage.Count >= 1);
        var grid2 = await app.ClientFor("grid2");
        var wide = await PolicyAsync(community, DemoCodes.Community, "age >= 80");
        await grid2.GetAsync($"/api/policies/{wide}/residents.xlsx?unmasked=true&reason=x").Problem(HttpStatusCode.Forbidden);

        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync(a => a.Action == "policy.export" && a.EntityId == id.ToString())));
        var details = await app.Db(db => db.AuditEntries.Where(a => a.Action == "policy.export-unmasked" && a.Detail!.Contains(reason)).Select(a => a.Detail).ToListAsync());
        Assert.Equal(2, details.Count);
        Assert.All(details, d => Assert.Contains("NotEnrolled", d));
        Assert.All(details, d => Assert.Contains("2 rows", d)); // the grid's 甲 and 乙, each time
    }

    [Fact]
    public async Task Policies_are_listed_changed_and_retired_with_audit()
    {
        var community = await app.ClientFor("community");
        var id = await PolicyAsync(community, DemoCodes.Grid1);
        var list = await community.GetAsync("/api/policies").Ok();
        Assert.Contains(list.Items(), p => p.GetProperty("id").GetInt64() == id && p.Str("areaCode") == DemoCodes.Grid1);
        var changed = await community.PutJson($"/api/policies/{id}", new { name = "高龄津贴（调整）", department = "民政局", areaCode = DemoCodes.Grid1, rule = "年龄 >= 90", reminderLeadTimes = "7, 30,7" }).Ok();
        Assert.Equal(("年龄 >= 90", "30,7"), (changed.Str("rule"), changed.Str("reminderLeadTimes")));
        await community.PutJson($"/api/policies/{id}", new { name = "", department = "", areaCode = "nowhere", rule = "age >= 90", reminderLeadTimes = "-1" }).Problem(HttpStatusCode.BadRequest);
        await community.PostAsync($"/api/policies/{id}/retire", null).Ok();
        Assert.DoesNotContain((await community.GetAsync("/api/policies").Ok()).Items(), p => p.GetProperty("id").GetInt64() == id);
        Assert.Contains((await community.GetAsync("/api/policies?includeRetired=true").Ok()).Items(), p => p.GetProperty("id").GetInt64() == id);
        var actions = await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "policy" && a.EntityId == id.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Equal(["policy.create", "policy.retire", "policy.update"], actions.Order());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PolicyTargetingTestsOnSqlite(SqliteApp app) : PolicyTargetingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PolicyTargetingTestsOnPostgres(PostgresApp app) : PolicyTargetingTests(app);
