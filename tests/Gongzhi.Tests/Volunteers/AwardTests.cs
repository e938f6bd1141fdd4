using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Volunteers;

/// <summary>
/// Awards and building leaders over HTTP: nominations with evidence, one award per title, nominee and year, the
/// per-title limit, decisions refused outside the staff's subtree and to grid workers, bonus points credited once,
/// the public list with masked names, the award on the volunteer's page; 楼长 duties earning points once per key
/// and within the bank's caps, the community's leader list, a 和谐楼栋 nomination carrying the leaders' points; the
/// self-registration form re-rendered with the input and the field errors.
/// </summary>
public abstract class AwardTests(GongzhiApp app)
{
    private static readonly int LastYear = DateTime.UtcNow.AddHours(8).Year - 1;

    /// <summary>A fresh grid of the demo community (the test's own subtree) with a volunteer account registered there and verified.</summary>
    private async Task<(string Grid, HttpClient Client, long Id, string UserName)> VolunteerAsync(string? grid = null, string? name = null)
    {
        grid ??= (await app.Given.GridAsync()).Str("code");
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("awd");
        await admin.PostJson("/api/users", new { userName, displayName = name ?? "志愿者" + userName[^4..], password = GongzhiApp.Password, role = "volunteer" }).Ok(HttpStatusCode.Created);
        var client = await app.ClientFor(userName);
        var id = (await client.PostJson("/api/volunteering/me", new { name = name ?? "志愿者" + userName[^4..], areaCode = grid, skills = new[] { "escort" } }).Ok(HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        await (await app.ClientFor("community")).PostAsync($"/api/volunteers/{id}/verify", null).Ok();
        return (grid, client, id, userName);
    }

    private static Task<JsonElement> Nominate(HttpClient staff, string title, string area, object nominee, int? year = null) =>
        staff.PostJson("/api/volunteer-awards/nominations", Merge(new { titleCode = title, year = year ?? LastYear, areaCode = area, reason = "常年坚持入户服务，群众评价高" }, nominee))
            .Ok(HttpStatusCode.Created);

    private static Dictionary<string, object?> Merge(object a, object b)
    {
        var result = JsonSerializer.SerializeToElement(a).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        foreach (var p in JsonSerializer.SerializeToElement(b).EnumerateObject()) result[p.Name] = p.Value;
        return result;
    }

    private static long Id(JsonElement e) => e.GetProperty("id").GetInt64();

    [Fact]
    public async Task A_volunteer_holds_a_title_once_a_year_and_the_award_credits_its_bonus_points_once()
    {
        var community = await app.ClientFor("community");
        var (grid, _, volunteer, userName) = await VolunteerAsync(name: "王小明");
        var first = await Nominate(community, "finest-volunteer", grid, new { volunteerId = volunteer });
        Assert.Equal(("Pending", "王小明"), (first.Str("state"), first.Str("nomineeName")));
        Assert.Contains(LastYear.ToString(), first.Str("evidence"));
        // Nominated already (pending): a second nomination is refused, nothing written.
        await community.PostJson("/api/volunteer-awards/nominations", new { titleCode = "finest-volunteer", year = LastYear, areaCode = DemoCodes.Community, volunteerId = volunteer, reason = "再次推荐" })
            .Problem(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.Db(db => db.AwardNominations.CountAsync(n => n.NomineeId == volunteer && n.TitleCode == "finest-volunteer")));

        var awarded = await community.PostJson($"/api/volunteer-awards/nominations/{Id(first)}/decision", new { award = true, note = "评审通过" }).Ok();
        Assert.Equal("Awarded", awarded.Str("state"));
        var bonus = (await community.GetAsync("/api/volunteer-awards/titles").Ok()).EnumerateArray().Single(t => t.Str("code") == "finest-volunteer").Int("bonusPoints");
        Assert.Equal(bonus, awarded.Int("bonusPoints"));
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == $"award:{Id(first)}")));
        await community.PostJson($"/api/volunteer-awards/nominations/{Id(first)}/decision", new { award = true }).Problem(HttpStatusCode.Conflict);
        await community.PostJson($"/api/volunteer-awards/nominations/{Id(first)}/decision", new { award = false }).Problem(HttpStatusCode.Conflict);
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == $"award:{Id(first)}")));

        // A second nomination slipped in at another node (as a race would leave it) cannot take the same award.
        var slipped = await app.Db(async db =>
        {
            var copy = await db.AwardNominations.IgnoreQueryFilters().AsNoTracking().SingleAsync(n => n.Id == Id(first));
            copy.Id = 0;
            (copy.State, copy.AwardKey, copy.DecidedAt, copy.DecidedBy, copy.BonusPoints) = (Modules.Volunteers.Domain.NominationState.Pending, null, null, null, null);
            db.AwardNominations.Add(copy);
            await db.SaveChangesAsync();
            return copy.Id;
        });
        await community.PostJson($"/api/volunteer-awards/nominations/{slipped}/decision", new { award = true }).Problem(HttpStatusCode.Conflict);
        Assert.Equal("Pending", (await community.GetAsync($"/api/volunteer-awards/nominations/{slipped}").Ok()).Str("state"));
        // Another title, or the same title another year, is a different award.
        var star = await Nominate(community, "service-star", grid, new { volunteerId = volunteer });
        await community.PostJson($"/api/volunteer-awards/nominations/{Id(star)}/decision", new { award = true }).Ok();
        var thisYear = await Nominate(community, "finest-volunteer", grid, new { volunteerId = volunteer }, LastYear + 1);
        Assert.Equal("Pending", thisYear.Str("state"));
        await community.PostJson("/api/volunteer-awards/nominations", new { titleCode = "finest-volunteer", year = LastYear + 2, areaCode = grid, volunteerId = volunteer, reason = "x" })
            .Problem(HttpStatusCode.BadRequest);

        // The volunteer's page shows the awards; the public list shows them with the name masked.
        var page = await (await PageBrowser.SignIn(app, userName)).Get("/volunteers/me");
        Assert.Contains("my-awards", page.Html);
        Assert.Contains("最美志愿者", page.Html);
        var list = await app.Anonymous().GetAsync($"/api/public/awards/{grid}?year={LastYear}").Ok();
        Assert.Equal(["王*明", "王*明"], list.EnumerateArray().Select(a => a.Str("name")).ToArray());
        Assert.All(list.EnumerateArray(), a => Assert.Equal(["areaName", "name", "nomineeKind", "titleCode", "titleName", "year"], a.EnumerateObject().Select(p => p.Name).Order().ToArray()));
        var publicPage = await (await app.Anonymous().GetAsync($"/awards?area={grid}&year={LastYear}")).Content.ReadAsStringAsync();
        Assert.Contains("王*明", publicPage);
        Assert.DoesNotContain("王小明", publicPage);
    }

    [Fact]
    public async Task A_title_is_given_at_most_its_limit_per_node_and_year()
    {
        var admin = await app.ClientFor("admin");
        var community = await app.ClientFor("community");
        var grid = (await app.Given.GridAsync()).Str("code");
        var teams = new List<long>();
        for (var i = 0; i < 3; i++)
            teams.Add(Id(await community.PostJson("/api/volunteer-teams", new { name = GongzhiApp.Unique("项目队"), level = "Corps", areaCode = grid }).Ok(HttpStatusCode.Created)));
        var nominations = new List<long>();
        foreach (var team in teams) nominations.Add(Id(await Nominate(community, "top-ten-project", grid, new { teamId = team })));
        // Admins lower the limit; community staff may not change a title.
        await community.PutJson("/api/volunteer-awards/titles/top-ten-project", new { limit = 2, bonusPoints = 0 }).Problem(HttpStatusCode.Forbidden);
        await admin.PutJson("/api/volunteer-awards/titles/top-ten-project", new { limit = 0 }).Problem(HttpStatusCode.BadRequest);
        try
        {
            await admin.PutJson("/api/volunteer-awards/titles/top-ten-project", new { limit = 2, bonusPoints = 0 }).Ok();
            await community.PostJson($"/api/volunteer-awards/nominations/{nominations[0]}/decision", new { award = true }).Ok();
            await community.PostJson($"/api/volunteer-awards/nominations/{nominations[1]}/decision", new { award = true }).Ok();
            var full = await community.PostJson($"/api/volunteer-awards/nominations/{nominations[2]}/decision", new { award = true }).Problem(HttpStatusCode.Conflict);
            Assert.Contains("2", full.Str("detail"));
            Assert.Equal("Pending", (await community.GetAsync($"/api/volunteer-awards/nominations/{nominations[2]}").Ok()).Str("state"));
            // A decline is always possible; the evidence named the team's members.
            var declined = await community.PostJson($"/api/volunteer-awards/nominations/{nominations[2]}/decision", new { award = false }).Ok();
            Assert.Equal("Declined", declined.Str("state"));
            Assert.Equal(2, (await community.GetAsync($"/api/volunteer-awards/nominations?area={grid}&year={LastYear}&state=Awarded").Ok()).GetArrayLength());
        }
        finally
        {
            await admin.PutJson("/api/volunteer-awards/titles/top-ten-project", new { limit = 10, bonusPoints = 0 }).Ok();
        }
    }

    [Fact]
    public async Task Decisions_racing_for_the_last_places_under_a_limit_award_exactly_the_limit()
    {
        // 十佳 is given ten times a year per node: twelve nominations decided at once, ten win and two are refused.
        var community = await app.ClientFor("community");
        var grid = (await app.Given.GridAsync()).Str("code");
        var nominations = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            var team = Id(await community.PostJson("/api/volunteer-teams", new { name = GongzhiApp.Unique("项目队"), level = "Corps", areaCode = grid }).Ok(HttpStatusCode.Created));
            nominations.Add(Id(await Nominate(community, "top-ten-project", grid, new { teamId = team })));
        }
        var answers = await Task.WhenAll(nominations.Select(async n =>
        {
            using var response = await community.PostAsJsonAsync($"/api/volunteer-awards/nominations/{n}/decision", new { award = true });
            return response.StatusCode;
        }));
        Assert.Equal(10, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(2, answers.Count(a => a == HttpStatusCode.Conflict));
        Assert.Equal(10, (await community.GetAsync($"/api/volunteer-awards/nominations?area={grid}&year={LastYear}&state=Awarded").Ok()).GetArrayLength());
    }

    [Fact]
    public async Task Decisions_are_refused_outside_the_staff_subtree_and_to_grid_workers()
    {
        var admin = await app.ClientFor("admin");
        var (grid, _, volunteer, _) = await VolunteerAsync();
        var community = await app.ClientFor("community");
        var nomination = Id(await Nominate(community, "service-star", grid, new { volunteerId = volunteer }));
        var other = GongzhiApp.Unique("oc");
        await admin.PostJson("/api/users", new { userName = other, displayName = "其他社区", password = GongzhiApp.Password, role = "community", areaCodes = new[] { DemoCodes.OtherCommunity } })
            .Ok(HttpStatusCode.Created);
        var outsider = await app.ClientFor(other);
        await outsider.GetAsync($"/api/volunteer-awards/nominations/{nomination}").Problem(HttpStatusCode.NotFound);
        await outsider.PostJson($"/api/volunteer-awards/nominations/{nomination}/decision", new { award = true }).Problem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(nomination, (await outsider.GetAsync("/api/volunteer-awards/nominations").Ok()).EnumerateArray().Select(Id));
        // Nor can they nominate at a node or a nominee outside their reach.
        var refused = await outsider.PostJson("/api/volunteer-awards/nominations", new { titleCode = "service-star", year = LastYear, areaCode = grid, volunteerId = volunteer, reason = "x" })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("areaCode", out _));
        Assert.True(refused.GetProperty("errors").TryGetProperty("volunteerId", out _));
        // The demo's grid workers nominate but do not decide; grid2 does not even see grid1's subtree.
        await (await app.ClientFor("grid2")).PostJson($"/api/volunteer-awards/nominations/{nomination}/decision", new { award = true }).Problem(HttpStatusCode.NotFound);
        Assert.Equal("Pending", await app.Db(db => db.AwardNominations.IgnoreQueryFilters().Where(n => n.Id == nomination).Select(n => n.State.ToString()).SingleAsync()));
        var street = await app.ClientFor("street");
        Assert.Equal("Declined", (await street.PostJson($"/api/volunteer-awards/nominations/{nomination}/decision", new { award = false }).Ok()).Str("state"));
        // A volunteer account is no staff at all.
        var (_, volunteerClient, _, _) = await VolunteerAsync(grid);
        Assert.Equal(HttpStatusCode.Forbidden, (await volunteerClient.GetAsync("/api/volunteer-awards/nominations")).StatusCode);
    }

    [Fact]
    public async Task A_grid_worker_nominates_but_only_community_staff_and_above_decide()
    {
        var grid1 = await app.ClientFor("grid1");
        var building = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var nomination = Id(await Nominate(grid1, "harmonious-building", DemoCodes.Grid1, new { buildingCode = building }));
        await grid1.PostJson($"/api/volunteer-awards/nominations/{nomination}/decision", new { award = true }).Problem(HttpStatusCode.Forbidden);
        Assert.Equal("Awarded", (await (await app.ClientFor("community")).PostJson($"/api/volunteer-awards/nominations/{nomination}/decision", new { award = true }).Ok()).Str("state"));
    }

    [Fact]
    public async Task A_building_leader_earns_a_duty_once_per_key_within_the_bank_caps_and_a_harmonious_building_shows_the_points()
    {
        var community = await app.ClientFor("community");
        var (grid, _, volunteer, _) = await VolunteerAsync();
        var compound = (await app.Given.CompoundAsync(grid)).Str("code");
        var building = await app.Given.BuildingAsync(compound);
        await community.PostJson("/api/building-leaders", new { volunteerId = volunteer, buildingCode = compound }).Problem(HttpStatusCode.BadRequest);
        var leader = Id(await community.PostJson("/api/building-leaders", new { volunteerId = volunteer, buildingCode = building.Str("code") }).Ok(HttpStatusCode.Created));
        await community.PostJson("/api/building-leaders", new { volunteerId = volunteer, buildingCode = building.Str("code") }).Problem(HttpStatusCode.Conflict);

        var duties = (await community.GetAsync("/api/building-leaders/duties").Ok()).EnumerateArray().ToDictionary(d => d.Str("code"), d => d.Int("points"));
        var first = await community.PostJson($"/api/building-leaders/{leader}/duties", new { dutyCode = "leader-day", note = "11月楼长日" }).Ok(HttpStatusCode.Created);
        var again = await community.PostJson($"/api/building-leaders/{leader}/duties", new { dutyCode = "leader-day" }).Ok();
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(Id(first), Id(again));
        var key = await app.Db(db => db.LeaderDutyRecords.IgnoreQueryFilters().Where(r => r.Id == Id(first)).Select(r => r.IdempotencyKey).SingleAsync());
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == "leader-duty:" + key)));
        Assert.Equal(1, await app.Db(db => db.LeaderDutyRecords.IgnoreQueryFilters().CountAsync(r => r.LeaderId == leader)));
        var areaNodeId = await app.Db(db => db.Volunteers.IgnoreQueryFilters().Where(v => v.Id == volunteer).Select(v => v.AreaNodeId).SingleAsync());
        var rule = await Gongzhi.Tests.PointsBank.LedgerTests.Ledger(app, l => l.RuleForAreaAsync(areaNodeId, default));
        Assert.Equal(rule.Credit(duties["leader-day"], 0, 0), first.Int("pointsCredited"));

        // The day's cap: fill it up to a few points below, then a duty earns only what is left, the next nothing.
        var holder = new PointsHolder(volunteer, "志愿者", areaNodeId, null);
        var filled = await Gongzhi.Tests.PointsBank.LedgerTests.EarnAsync(app, holder, rule.DailyCap - first.Int("pointsCredited") - 5);
        var room = rule.DailyCap - first.Int("pointsCredited") - filled.Points;
        var capped = await community.PostJson($"/api/building-leaders/{leader}/duties", new { dutyCode = "building-activity", idempotencyKey = GongzhiApp.Unique("k") }).Ok(HttpStatusCode.Created);
        Assert.Equal(Math.Min(rule.Credit(duties["building-activity"], 0, 0), room), capped.Int("pointsCredited"));
        Assert.Equal(0, (await community.PostJson($"/api/building-leaders/{leader}/duties", new { dutyCode = "relay-notice" }).Ok(HttpStatusCode.Created)).Int("pointsCredited"));
        await community.PostJson($"/api/building-leaders/{leader}/duties", new { dutyCode = "nap", doneOn = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd") }).Problem(HttpStatusCode.BadRequest);

        // The community's list: the leader with this year's points (what the bank credited).
        var expected = first.Int("pointsCredited") + capped.Int("pointsCredited");
        var list = await community.GetAsync($"/api/building-leaders?area={grid}").Ok();
        var line = list.EnumerateArray().Single();
        Assert.Equal((leader, expected, 3), (Id(line), line.Int("pointsThisYear"), line.Int("dutiesThisYear")));
        await (await app.ClientFor("grid2")).GetAsync($"/api/building-leaders/{leader}").Problem(HttpStatusCode.NotFound);
        await (await app.ClientFor("grid2")).PostJson($"/api/building-leaders/{leader}/duties", new { dutyCode = "leader-day" }).Problem(HttpStatusCode.NotFound);

        var nomination = await Nominate(community, "harmonious-building", grid, new { buildingCode = building.Str("code") }, LastYear + 1);
        Assert.Contains(expected.ToString(), nomination.Str("evidence"));
        var page = await (await PageBrowser.SignIn(app, "community")).Get($"/volunteers/building-leaders?area={grid}");
        Assert.Contains($"data-leader=\"{leader}\"", page.Html);
    }

    [Fact]
    public async Task The_pages_re_render_refused_forms_with_the_input_and_field_errors()
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("reg");
        await admin.PostJson("/api/users", new { userName, displayName = "注册者", password = GongzhiApp.Password, role = "volunteer" }).Ok(HttpStatusCode.Created);
        var browser = await PageBrowser.SignIn(app, userName);
        var response = await browser.PostForm("/volunteers/me", "register", ("Input.Name", "李雷"), ("Input.AreaCode", "NOSUCHNODE"), ("Input.Availability", "周末"), ("skills", "juggling"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("李雷", PageBrowser.InputValue(html, "register-name"));
        Assert.Equal("NOSUCHNODE", PageBrowser.InputValue(html, "register-areaCode"));
        Assert.Equal("周末", PageBrowser.InputValue(html, "register-availability"));
        Assert.False(string.IsNullOrEmpty(PageBrowser.FieldError(html, "register-areaCode")));
        Assert.False(string.IsNullOrEmpty(PageBrowser.FieldError(html, "register-skills")));
        Assert.False(await app.Db(db => db.Volunteers.IgnoreQueryFilters().AnyAsync(v => v.Name == "李雷" && v.AreaPath.Contains("NOSUCH"))));
        // Good input registers and redirects to the profile.
        var grid = (await app.Given.GridAsync()).Str("code");
        var ok = await browser.PostForm("/volunteers/me", "register", ("Input.Name", "李雷"), ("Input.AreaCode", grid), ("skills", "escort"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains("my-profile", (await browser.Get("/volunteers/me")).Html);

        // The nomination form: a missing reason and an unknown title come back beside their fields, the input kept.
        var staff = await PageBrowser.SignIn(app, "community");
        var refused = await staff.PostForm("/volunteers/awards", "nominate", ("Input.TitleCode", "nobel"), ("Input.Year", LastYear.ToString()), ("Input.AreaCode", grid), ("Input.VolunteerId", "12"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var form = await refused.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(PageBrowser.FieldError(form, "nominate-titleCode")));
        Assert.False(string.IsNullOrEmpty(PageBrowser.FieldError(form, "nominate-reason")));
        Assert.Equal("12", PageBrowser.InputValue(form, "nominate-volunteerId"));
        var (_, _, volunteer, _) = await VolunteerAsync(grid);
        var done = await staff.PostForm("/volunteers/awards", "nominate", ("Input.TitleCode", "service-star"), ("Input.Year", LastYear.ToString()), ("Input.AreaCode", grid),
            ("Input.VolunteerId", volunteer.ToString()), ("Input.Reason", "热心服务"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var nomination = await app.Db(db => db.AwardNominations.IgnoreQueryFilters().Where(n => n.NomineeId == volunteer).Select(n => n.Id).SingleAsync());
        var awarded = await staff.PostEndpoint($"/volunteers/awards?area={grid}&year={LastYear}", $"/forms/volunteers/awards/{nomination}/award");
        Assert.Equal(HttpStatusCode.Redirect, awarded.StatusCode);
        Assert.Equal("Awarded", await app.Db(db => db.AwardNominations.IgnoreQueryFilters().Where(n => n.Id == nomination).Select(n => n.State.ToString()).SingleAsync()));

        // The duty form refuses a day in the future beside the field.
        var building = (await app.Given.BuildingAsync(grid)).Str("code");
        var leader = Id(await (await app.ClientFor("community")).PostJson("/api/building-leaders", new { volunteerId = volunteer, buildingCode = building }).Ok(HttpStatusCode.Created));
        var future = await staff.PostForm($"/volunteers/building-leaders/{leader}", "duty", ("Input.DutyCode", "leader-day"), ("Input.DoneOn", DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.False(string.IsNullOrEmpty(PageBrowser.FieldError(await future.Content.ReadAsStringAsync(), "duty-doneOn")));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostForm($"/volunteers/building-leaders/{leader}", "duty", ("Input.DutyCode", "leader-day"))).StatusCode);
        Assert.Equal(1, await app.Db(db => db.LeaderDutyRecords.IgnoreQueryFilters().CountAsync(r => r.LeaderId == leader)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AwardTestsOnSqlite(SqliteApp app) : AwardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AwardTestsOnPostgres(PostgresApp app) : AwardTests(app);
