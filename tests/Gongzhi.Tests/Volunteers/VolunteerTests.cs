using System.Net;
using System.Text.Json;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Volunteers;

/// <summary>
/// The volunteers module over HTTP: self-registration and staff verification, the pool's data scope, sign-up capacity
/// and deadline (refused with nothing written), QR check-in (fresh, stale, not signed up, outside the window), the
/// organiser's confirmation (never one's own), no-shows, a volunteer seeing only their own sign-ups, service orders
/// claimed by skill, and certificates checked on the public page.
/// </summary>
public abstract class VolunteerTests(GongzhiApp app)
{
    /// <summary>A fresh volunteer account, registered as an outsider of <paramref name="areaCode"/> with the skills given, verified by the community worker.</summary>
    private async Task<(HttpClient Client, long Id, string UserName)> VolunteerAsync(string areaCode, string[]? skills = null, bool verify = true)
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("vol");
        await admin.PostJson("/api/users", new { userName, displayName = "志愿者" + userName[^4..], password = GongzhiApp.Password, role = "volunteer" }).Ok(HttpStatusCode.Created);
        var client = await app.ClientFor(userName);
        var me = await client.PostJson("/api/volunteering/me", new { areaCode, skills = skills ?? ["escort"], availability = "周末" }).Ok(HttpStatusCode.Created);
        var id = me.GetProperty("id").GetInt64();
        if (verify) await (await app.ClientFor("community")).PostAsync($"/api/volunteers/{id}/verify", null).Ok();
        return (client, id, userName);
    }

    private async Task<long> PublishAsync(HttpClient organizer, string areaCode, DateTimeOffset startsAt, int capacity = 10, DateTimeOffset? deadline = null, long? teamId = null,
        int pointsPerHour = 10, int pointsPerActivity = 0) =>
        (await organizer.PostJson("/api/volunteering/activities", new
        {
            title = GongzhiApp.Unique("活动"), category = "环境整治", place = "南门社区广场", startsAt, endsAt = startsAt.AddHours(2), signUpDeadline = deadline ?? startsAt,
            capacity, neededSkills = new[] { "escort" }, pointsPerHour, pointsPerActivity, areaCode = teamId is null ? areaCode : null, teamId,
        }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private async Task<string> TokenAsync(HttpClient organizer, long activity) =>
        (await organizer.GetAsync($"/api/volunteering/activities/{activity}/code").Ok()).Str("token");

    private static async Task<JsonElement> SignUpsOf(HttpClient client, long activity) =>
        (await client.GetAsync($"/api/volunteering/activities/{activity}").Ok()).GetProperty("signUps");

    [Fact]
    public async Task A_volunteer_registers_themselves_staff_verify_and_search_within_their_scope()
    {
        var grid = (await app.Given.CompoundAsync(DemoCodes.Grid1)).Str("code");
        var (client, id, _) = await VolunteerAsync(grid, ["doctor", "escort"], verify: false);
        var me = await client.GetAsync("/api/volunteering/me").Ok();
        Assert.False(me.GetProperty("verified").GetBoolean());
        Assert.Equal(["doctor", "escort"], me.GetProperty("skills").EnumerateArray().Select(s => s.GetString()!).ToArray());
        await client.PostJson("/api/volunteering/me", new { areaCode = grid }).Problem(HttpStatusCode.Conflict);
        // A volunteer is no staff: the pool is closed to them.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/volunteers")).StatusCode);

        var grid1 = await app.ClientFor("grid1");
        var found = await grid1.GetAsync($"/api/volunteers?area={grid}&skill=doctor&verified=false").Ok();
        Assert.Equal([id], found.Items().Select(v => v.GetProperty("id").GetInt64()).ToArray());
        Assert.Empty((await grid1.GetAsync($"/api/volunteers?area={grid}&skill=haircut").Ok()).Items());
        // grid2 does not see grid1's volunteers at all.
        await (await app.ClientFor("grid2")).GetAsync($"/api/volunteers/{id}").Problem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, (await (await app.ClientFor("grid2")).GetAsync("/api/volunteers?skill=doctor&pageSize=200&sort=newest").Ok()).Items().Select(v => v.GetProperty("id").GetInt64()));
        await (await app.ClientFor("grid2")).PostAsync($"/api/volunteers/{id}/verify", null).Problem(HttpStatusCode.NotFound);

        var verified = await grid1.PostAsync($"/api/volunteers/{id}/verify", null).Ok();
        Assert.True(verified.GetProperty("verified").GetBoolean());
        Assert.Equal([id], (await grid1.GetAsync($"/api/volunteers?area={grid}&verified=true").Ok()).Items().Select(v => v.GetProperty("id").GetInt64()).ToArray());
        await grid1.GetAsync("/api/volunteers?sort=cleverness").Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Staff_register_a_resident_and_a_student_with_bad_input_refused()
    {
        var compound = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(compound)).GetProperty("id").GetInt64();
        var resident = await app.Given.ResidentAsync(household);
        var community = await app.ClientFor("community");
        var created = await community.PostJson("/api/volunteers", new { kind = "Resident", residentId = resident.GetProperty("id").GetInt64(), skills = new[] { "haircut" } }).Ok(HttpStatusCode.Created);
        Assert.Equal(resident.Str("name"), created.Str("name"));
        await community.PostJson("/api/volunteers", new { kind = "Resident", residentId = resident.GetProperty("id").GetInt64() }).Problem(HttpStatusCode.BadRequest);
        var student = await community.PostJson("/api/volunteers", new { kind = "Outsider", name = "孙雨桐", school = "济宁学院", college = "文学院", className = "2301班", areaCode = compound, skills = new[] { "tutoring" } })
            .Ok(HttpStatusCode.Created);
        Assert.Equal("济宁学院", student.Str("school"));
        var problem = await community.PostJson("/api/volunteers", new { kind = "Alien", skills = new[] { "juggling" } }).Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("skills", out _));
        var noArea = await community.PostJson("/api/volunteers", new { kind = "Outsider", name = "某人", areaCode = DemoCodes.OtherStreet }).Problem(HttpStatusCode.BadRequest);
        Assert.True(noArea.GetProperty("errors").TryGetProperty("areaCode", out _));
    }

    [Fact]
    public async Task Sign_up_is_refused_beyond_capacity_and_after_the_deadline_with_nothing_written()
    {
        var community = await app.ClientFor("community");
        var (a, aId, _) = await VolunteerAsync(DemoCodes.Community);
        var (b, bId, _) = await VolunteerAsync(DemoCodes.Community);
        var small = await PublishAsync(community, DemoCodes.Community, DateTimeOffset.UtcNow.AddDays(2), capacity: 1);
        Assert.Equal("SignedUp", (await a.PostAsync($"/api/volunteering/activities/{small}/signup", null).Ok()).Str("state"));
        await a.PostAsync($"/api/volunteering/activities/{small}/signup", null).Problem(HttpStatusCode.Conflict);
        var full = await b.PostAsync($"/api/volunteering/activities/{small}/signup", null).Problem(HttpStatusCode.Conflict);
        Assert.Contains("1", full.Str("detail"));
        Assert.False(await app.Db(db => db.ActivitySignUps.IgnoreQueryFilters().AnyAsync(s => s.ActivityId == small && s.VolunteerId == bId)));
        Assert.Equal(1, await app.Db(db => db.VolunteerActivities.IgnoreQueryFilters().Where(x => x.Id == small).Select(x => x.SignedUp).SingleAsync()));
        // A cancellation frees the seat for the next.
        await a.PostAsync($"/api/volunteering/activities/{small}/cancel", null).Ok();
        await b.PostAsync($"/api/volunteering/activities/{small}/signup", null).Ok();
        Assert.Equal(1, await app.Db(db => db.VolunteerActivities.IgnoreQueryFilters().Where(x => x.Id == small).Select(x => x.SignedUp).SingleAsync()));

        var closed = await PublishAsync(community, DemoCodes.Community, DateTimeOffset.UtcNow.AddHours(5), deadline: DateTimeOffset.UtcNow.AddMinutes(-1));
        var late = await a.PostAsync($"/api/volunteering/activities/{closed}/signup", null).Problem(HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrEmpty(late.Str("detail")));
        Assert.False(await app.Db(db => db.ActivitySignUps.IgnoreQueryFilters().AnyAsync(s => s.ActivityId == closed)));
        var bad = await community.PostJson("/api/volunteering/activities", new { title = "", startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(-1), capacity = 0, areaCode = DemoCodes.Community })
            .Problem(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "title", "category", "place", "endsAt", "capacity" }) Assert.True(bad.GetProperty("errors").TryGetProperty(field, out _), field);
        // A volunteer leading no team publishes nothing.
        await a.PostJson("/api/volunteering/activities", new { title = "x", category = "x", place = "x", startsAt = DateTimeOffset.UtcNow.AddDays(1), endsAt = DateTimeOffset.UtcNow.AddDays(1).AddHours(1), capacity = 3 })
            .Problem(HttpStatusCode.BadRequest);
        _ = aId;
    }

    [Fact]
    public async Task Check_in_takes_a_fresh_code_from_someone_signed_up_within_the_window_and_the_organiser_confirms_the_hours()
    {
        var community = await app.ClientFor("community");
        var (a, aId, _) = await VolunteerAsync(DemoCodes.Community);
        var (b, _, _) = await VolunteerAsync(DemoCodes.Community);
        var soon = await PublishAsync(community, DemoCodes.Community, DateTimeOffset.UtcNow.AddMinutes(5));
        await a.PostAsync($"/api/volunteering/activities/{soon}/signup", null).Ok();

        // Only the organiser (or staff above) sees the code.
        await a.GetAsync($"/api/volunteering/activities/{soon}/code").Problem(HttpStatusCode.Forbidden);
        var token = await TokenAsync(community, soon);
        // A stale code (two steps back) and a wrong one are refused.
        var secret = await app.Db(db => db.VolunteerActivities.IgnoreQueryFilters().Where(x => x.Id == soon).Select(x => x.QrSecret).SingleAsync());
        var stale = CheckInToken.Compute(secret, soon, CheckInToken.StepOf(DateTimeOffset.UtcNow) - 2);
        await a.PostJson($"/api/volunteering/activities/{soon}/scan", new { token = stale }).Problem(HttpStatusCode.Conflict);
        await a.PostJson($"/api/volunteering/activities/{soon}/scan", new { token = "nonsense" }).Problem(HttpStatusCode.Conflict);
        // Not signed up: refused, nothing written.
        await b.PostJson($"/api/volunteering/activities/{soon}/scan", new { token }).Problem(HttpStatusCode.Conflict);
        Assert.Equal("SignedUp", (await SignUpsOf(a, soon)).EnumerateArray().Single().Str("state"));

        Assert.Equal("CheckedIn", (await a.PostJson($"/api/volunteering/activities/{soon}/scan", new { token }).Ok()).Str("state"));
        Assert.Equal("CheckedOut", (await a.PostJson($"/api/volunteering/activities/{soon}/scan", new { token = await TokenAsync(community, soon) }).Ok()).Str("state"));
        var signUp = (await SignUpsOf(community, soon)).EnumerateArray().Single();
        var confirmed = await community.PostJson($"/api/volunteering/activities/{soon}/signups/{signUp.GetProperty("id").GetInt64()}/confirm", new { minutes = 90 }).Ok();
        Assert.Equal(("Confirmed", 1.5m), (confirmed.Str("state"), confirmed.GetProperty("hours").GetDecimal()));
        await community.PostJson($"/api/volunteering/activities/{soon}/signups/{signUp.GetProperty("id").GetInt64()}/confirm", new { }).Problem(HttpStatusCode.Conflict);
        var me = await a.GetAsync("/api/volunteering/me").Ok();
        Assert.Equal((1.5m, 1), (me.GetProperty("hoursServed").GetDecimal(), me.Int("activitiesServed")));

        // Outside the window: an activity in three hours takes no check-in yet.
        var later = await PublishAsync(community, DemoCodes.Community, DateTimeOffset.UtcNow.AddHours(3));
        await a.PostAsync($"/api/volunteering/activities/{later}/signup", null).Ok();
        await a.PostJson($"/api/volunteering/activities/{later}/scan", new { token = await TokenAsync(community, later) }).Problem(HttpStatusCode.Conflict);
        var laterSignUp = (await SignUpsOf(community, later)).EnumerateArray().Single().GetProperty("id").GetInt64();
        await community.PostAsync($"/api/volunteering/activities/{later}/signups/{laterSignUp}/mark", null).Problem(HttpStatusCode.Conflict);
        await community.PostAsync($"/api/volunteering/activities/{later}/signups/{laterSignUp}/no-show", null).Problem(HttpStatusCode.Conflict);
        Assert.Equal("SignedUp", (await SignUpsOf(a, later)).EnumerateArray().Single().Str("state"));
        _ = aId;
    }

    [Fact]
    public async Task A_team_leader_publishes_and_runs_an_activity_but_cannot_confirm_their_own_hours()
    {
        var community = await app.ClientFor("community");
        var (leader, leaderId, _) = await VolunteerAsync(DemoCodes.Community);
        var (member, _, _) = await VolunteerAsync(DemoCodes.Community);
        var corps = await community.PostJson("/api/volunteer-teams", new { name = GongzhiApp.Unique("总队"), level = "Corps", areaCode = DemoCodes.Community, leaderId }).Ok(HttpStatusCode.Created);
        var teamId = corps.GetProperty("id").GetInt64();
        var squad = await community.PostJson("/api/volunteer-teams", new { name = GongzhiApp.Unique("小队"), level = "Squad", parentId = teamId, areaCode = DemoCodes.Community })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(squad.GetProperty("errors").TryGetProperty("parentId", out _));
        var page = await community.GetAsync($"/api/volunteer-teams/{teamId}").Ok();
        Assert.Equal([leaderId], page.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToArray());

        var activity = await PublishAsync(leader, DemoCodes.Community, DateTimeOffset.UtcNow.AddMinutes(10), teamId: teamId);
        await member.PostJson("/api/volunteering/activities", new { title = "x", category = "x", place = "x", startsAt = DateTimeOffset.UtcNow.AddDays(1), endsAt = DateTimeOffset.UtcNow.AddDays(1).AddHours(1), capacity = 3, teamId })
            .Problem(HttpStatusCode.BadRequest);
        await leader.PostAsync($"/api/volunteering/activities/{activity}/signup", null).Ok();
        await member.PostAsync($"/api/volunteering/activities/{activity}/signup", null).Ok();
        var signUps = (await SignUpsOf(leader, activity)).EnumerateArray().ToList();
        Assert.Equal(2, signUps.Count);
        foreach (var s in signUps) await leader.PostAsync($"/api/volunteering/activities/{activity}/signups/{s.GetProperty("id").GetInt64()}/mark", null).Ok();
        var own = signUps.Single(s => s.GetProperty("volunteerId").GetInt64() == leaderId).GetProperty("id").GetInt64();
        var other = signUps.Single(s => s.GetProperty("volunteerId").GetInt64() != leaderId).GetProperty("id").GetInt64();
        await leader.PostJson($"/api/volunteering/activities/{activity}/signups/{own}/confirm", new { }).Problem(HttpStatusCode.Forbidden);
        Assert.Equal("CheckedIn", await app.Db(db => db.ActivitySignUps.IgnoreQueryFilters().Where(s => s.Id == own).Select(s => s.State.ToString()).SingleAsync()));
        await leader.PostJson($"/api/volunteering/activities/{activity}/signups/{other}/confirm", new { minutes = 60 }).Ok();
        // The member is not the organiser: their view holds their own sign-up only, and they cannot confirm.
        var seen = (await SignUpsOf(member, activity)).EnumerateArray().ToList();
        Assert.Equal([other], seen.Select(s => s.GetProperty("id").GetInt64()).ToArray());
        await member.PostJson($"/api/volunteering/activities/{activity}/signups/{own}/confirm", new { }).Problem(HttpStatusCode.Forbidden);
        var mine = await member.GetAsync("/api/volunteering/me/signups").Ok();
        Assert.Equal([other], mine.EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToArray());
        // Staff above the node confirm the leader's hours.
        await community.PostJson($"/api/volunteering/activities/{activity}/signups/{own}/confirm", new { }).Ok();
    }

    [Fact]
    public async Task Service_orders_are_claimed_by_volunteers_with_the_skill_once_and_rated()
    {
        var compound = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(compound)).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        var community = await app.ClientFor("community");
        var (barber, barberId, _) = await VolunteerAsync(DemoCodes.Community, ["haircut"]);
        var (other, _, _) = await VolunteerAsync(DemoCodes.Community, ["tutoring"]);
        var (second, _, _) = await VolunteerAsync(DemoCodes.Community, ["haircut"]);
        var (unverified, _, _) = await VolunteerAsync(DemoCodes.Community, ["haircut"], verify: false);
        await community.PostJson("/api/volunteering/orders", new { skillCode = "calligraphy", description = "x", residentId = resident }).Problem(HttpStatusCode.BadRequest);
        var order = await community.PostJson("/api/volunteering/orders", new { skillCode = "haircut", description = "老人行动不便，希望上门理发", residentId = resident }).Ok(HttpStatusCode.Created);
        var id = order.GetProperty("id").GetInt64();
        Assert.Contains(id, (await barber.GetAsync("/api/volunteering/orders/claimable").Ok()).EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
        Assert.DoesNotContain(id, (await other.GetAsync("/api/volunteering/orders/claimable").Ok()).EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
        await other.PostAsync($"/api/volunteering/orders/{id}/claim", null).Problem(HttpStatusCode.Conflict);
        await unverified.PostAsync($"/api/volunteering/orders/{id}/claim", null).Problem(HttpStatusCode.Conflict);
        var claimed = await barber.PostAsync($"/api/volunteering/orders/{id}/claim", null).Ok();
        Assert.Equal(("Claimed", barberId), (claimed.Str("state"), claimed.GetProperty("volunteerId").GetInt64()));
        await second.PostAsync($"/api/volunteering/orders/{id}/claim", null).Problem(HttpStatusCode.Conflict);
        await second.PostJson($"/api/volunteering/orders/{id}/done", new { minutes = 40 }).Problem(HttpStatusCode.NotFound);
        await community.PostJson($"/api/volunteering/orders/{id}/rate", new { rating = 5 }).Problem(HttpStatusCode.Conflict);
        await barber.PostJson($"/api/volunteering/orders/{id}/done", new { minutes = 40 }).Ok();
        await community.PostJson($"/api/volunteering/orders/{id}/rate", new { rating = 9 }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(5, (await community.PostJson($"/api/volunteering/orders/{id}/rate", new { rating = 5 }).Ok()).Int("rating"));
        await community.PostJson($"/api/volunteering/orders/{id}/rate", new { rating = 4 }).Problem(HttpStatusCode.Conflict);
        Assert.Contains(id, (await community.GetAsync("/api/volunteers/orders?state=Done").Ok()).EnumerateArray().Select(o => o.GetProperty("id").GetInt64()));
        await (await app.ClientFor("grid2")).PostJson($"/api/volunteering/orders", new { skillCode = "haircut", description = "x", residentId = resident }).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Confirmed_hours_and_a_rated_order_credit_points_in_the_bank_once()
    {
        var community = await app.ClientFor("community");
        var (a, aId, _) = await VolunteerAsync(DemoCodes.Community, ["haircut"]);
        var activity = await PublishAsync(community, DemoCodes.Community, DateTimeOffset.UtcNow.AddMinutes(5), pointsPerHour: 10, pointsPerActivity: 5);
        await a.PostAsync($"/api/volunteering/activities/{activity}/signup", null).Ok();
        var signUp = (await SignUpsOf(community, activity)).EnumerateArray().Single().GetProperty("id").GetInt64();
        await a.PostJson($"/api/volunteering/activities/{activity}/scan", new { token = await TokenAsync(community, activity) }).Ok();
        var confirmed = await community.PostJson($"/api/volunteering/activities/{activity}/signups/{signUp}/confirm", new { minutes = 90 }).Ok();
        Assert.Equal(20, confirmed.Int("points"));
        await community.PostJson($"/api/volunteering/activities/{activity}/signups/{signUp}/confirm", new { minutes = 90 }).Problem(HttpStatusCode.Conflict);
        var key = $"activity:{activity}:volunteer:{aId}";
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == key)));
        var ledger = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Gongzhi.Modules.PointsBank.Contracts.IPointsLedger>;
        var balance = await Gongzhi.Infrastructure.Security.Reach.AsSystemAsync(app.Services, sp => ledger(sp).BalanceAsync(aId, default));
        Assert.Equal(20, balance);

        var compound = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(compound)).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        var order = (await community.PostJson("/api/volunteering/orders", new { skillCode = "haircut", description = "上门理发", residentId = resident }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await a.PostAsync($"/api/volunteering/orders/{order}/claim", null).Ok();
        await a.PostJson($"/api/volunteering/orders/{order}/done", new { minutes = 30 }).Ok();
        Assert.Equal(10, (await community.PostJson($"/api/volunteering/orders/{order}/rate", new { rating = 5 }).Ok()).Int("points"));
        Assert.Equal(30, await Gongzhi.Infrastructure.Security.Reach.AsSystemAsync(app.Services, sp => ledger(sp).BalanceAsync(aId, default)));
    }

    [Fact]
    public async Task A_certificate_carries_a_code_that_anyone_checks_for_name_and_hours_only()
    {
        var community = await app.ClientFor("community");
        var (a, aId, _) = await VolunteerAsync(DemoCodes.Community);
        await community.PostAsync($"/api/volunteers/{aId}/certificates", null).Problem(HttpStatusCode.Conflict);
        var activity = await PublishAsync(community, DemoCodes.Community, DateTimeOffset.UtcNow.AddMinutes(5));
        await a.PostAsync($"/api/volunteering/activities/{activity}/signup", null).Ok();
        var signUp = (await SignUpsOf(community, activity)).EnumerateArray().Single().GetProperty("id").GetInt64();
        await community.PostAsync($"/api/volunteering/activities/{activity}/signups/{signUp}/mark", null).Ok();
        await community.PostJson($"/api/volunteering/activities/{activity}/signups/{signUp}/confirm", new { minutes = 120 }).Ok();
        var certificate = await community.PostAsync($"/api/volunteers/{aId}/certificates", null).Ok(HttpStatusCode.Created);
        var code = certificate.Str("code");
        Assert.Equal(2m, certificate.GetProperty("hours").GetDecimal());

        var anonymous = app.Anonymous();
        var check = await anonymous.GetAsync($"/api/public/certificates/{code.ToLowerInvariant()}").Ok();
        Assert.Equal((code, 2m, 1), (check.Str("code"), check.GetProperty("hours").GetDecimal(), check.Int("activities")));
        Assert.Equal(["activities", "code", "hours", "issuedOn", "name"], check.EnumerateObject().Select(p => p.Name).Order().ToArray());
        await anonymous.GetAsync("/api/public/certificates/ZZZZZZZZZZZZ").Problem(HttpStatusCode.NotFound);
        var page = await (await anonymous.GetAsync($"/v/certificate?code={code}")).Content.ReadAsStringAsync();
        Assert.Contains("check-result", page);
        Assert.Contains(check.Str("name"), page);
        // The printable certificate: the staff's and the volunteer's own; not another volunteer's.
        var print = await (await a.GetAsync($"/volunteers/certificates/{certificate.GetProperty("id").GetInt64()}")).Content.ReadAsStringAsync();
        Assert.Contains(code, print);
        Assert.Contains("size: A4", print);
        // The PDF carries the code, and the code read back from it resolves on the public check page.
        var pdf = await a.GetByteArrayAsync($"/api/volunteering/certificates/{certificate.GetProperty("id").GetInt64()}/certificate.pdf");
        var pdfText = await PdfText.TextAsync(pdf);
        Assert.Contains("社会实践证明", pdfText.Replace(" ", ""));
        var printed = System.Text.RegularExpressions.Regex.Match(pdfText, @"Verification code:\s*([A-Z0-9]{12})").Groups[1].Value;
        Assert.Equal(code, printed);
        var checkedPage = await (await anonymous.GetAsync($"/v/certificate?code={printed}")).Content.ReadAsStringAsync();
        Assert.Contains("alert-success", checkedPage);
        Assert.Contains(check.Str("name"), checkedPage);
        var (b, _, _) = await VolunteerAsync(DemoCodes.Community);
        await b.GetAsync($"/api/volunteering/certificates/{certificate.GetProperty("id").GetInt64()}").Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/volunteering/certificates/{certificate.GetProperty("id").GetInt64()}/certificate.pdf")).StatusCode);
        var ranking = await community.GetAsync($"/api/volunteers/rankings?area={DemoCodes.Community}").Ok();
        Assert.Contains(ranking.EnumerateArray(), r => r.GetProperty("volunteerId").GetInt64() == aId && r.GetProperty("hours").GetDecimal() == 2m);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class VolunteerTestsOnSqlite(SqliteApp app) : VolunteerTests(app);

[Collection(PostgresCollection.Name)]
public sealed class VolunteerTestsOnPostgres(PostgresApp app) : VolunteerTests(app);
