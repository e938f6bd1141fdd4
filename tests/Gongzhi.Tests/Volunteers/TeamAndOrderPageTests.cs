using System.Net;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Pages;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Volunteers;

/// <summary>
/// The team and service-order pages: a team created from the tree page (a refused one re-rendered with its errors),
/// members added and removed (a refused removal re-rendered) and a sub-team created on the team's page; an order placed
/// on the page for a resident (refused input re-rendered), taken (a refused take re-rendered), done and rated through
/// the page buttons, the volunteer earning points once.
/// </summary>
public abstract class TeamAndOrderPageTests(GongzhiApp app)
{
    [Fact]
    public async Task Staff_build_a_team_tree_and_keep_its_members_on_the_pages()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var staff = await PageBrowser.SignIn(app, "community");
        var name = GongzhiApp.Unique("总队");
        var refused = await staff.PostForm("/volunteers/teams", "team", ("Input.Name", name), ("Input.Level", "Squad"), ("Input.AreaCode", grid));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(PageBrowser.FieldError(html, "team-parentId")));
        Assert.Equal(name, PageBrowser.InputValue(html, "team-name"));
        Assert.False(await app.Db(db => db.VolunteerTeams.IgnoreQueryFilters().AnyAsync(t => t.Name == name)));

        var created = await staff.PostForm("/volunteers/teams", "team", ("Input.Name", name), ("Input.Level", "Corps"), ("Input.AreaCode", grid));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var teamId = await app.Db(db => db.VolunteerTeams.IgnoreQueryFilters().Where(t => t.Name == name).Select(t => t.Id).SingleAsync());
        Assert.Contains($"data-team=\"{teamId}\"", (await staff.Get("/volunteers/teams")).Html);

        var community = await app.ClientFor("community");
        var volunteer = (await community.PostJson("/api/volunteers", new { kind = "Outsider", name = "赵队员", areaCode = grid, skills = new[] { "escort" } }).Ok(HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        var missing = await staff.PostForm($"/volunteers/teams/{teamId}", "member", ("Member.VolunteerId", "987654321"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("987654321", PageBrowser.InputValue(await missing.Content.ReadAsStringAsync(), "member-volunteerId"));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostForm($"/volunteers/teams/{teamId}", "member", ("Member.VolunteerId", volunteer.ToString()))).StatusCode);
        Assert.Contains($"data-member=\"{volunteer}\"", (await staff.Get($"/volunteers/teams/{teamId}")).Html);

        var sub = GongzhiApp.Unique("分队");
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostForm($"/volunteers/teams/{teamId}", "subteam", ("Input.Name", sub), ("Input.Level", "Detachment"), ("Input.AreaCode", grid))).StatusCode);
        Assert.Equal(teamId, await app.Db(db => db.VolunteerTeams.IgnoreQueryFilters().Where(t => t.Name == sub).Select(t => t.ParentId).SingleAsync()));

        // Taking out someone who is not a member: the page again, with the refusal above the list and nobody out.
        var notMember = await staff.PostForm($"/volunteers/teams/{teamId}", "remove", ("Remove.VolunteerId", "987654321"));
        Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
        var again = await notMember.Content.ReadAsStringAsync();
        Assert.Contains("id=\"remove-error\"", again);
        Assert.Contains($"data-member=\"{volunteer}\"", again);
        Assert.Equal(teamId, await app.Db(db => db.Volunteers.IgnoreQueryFilters().Where(v => v.Id == volunteer).Select(v => v.TeamId).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostForm($"/volunteers/teams/{teamId}", "remove", ("Remove.VolunteerId", volunteer.ToString()))).StatusCode);
        Assert.Null(await app.Db(db => db.Volunteers.IgnoreQueryFilters().Where(v => v.Id == volunteer).Select(v => v.TeamId).SingleAsync()));
        // Another subtree's staff neither see the team nor change it.
        await (await app.ClientFor("grid2")).DeleteAsync($"/api/volunteer-teams/{teamId}/members/{volunteer}").Problem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await (await PageBrowser.SignIn(app, "grid2")).Get($"/volunteers/teams/{teamId}")).Status);
    }

    [Fact]
    public async Task An_order_placed_on_the_page_is_taken_done_and_rated_through_its_buttons()
    {
        var compound = (await app.Given.BuildingAsync(DemoCodes.Grid1)).Str("code");
        var household = (await app.Given.HouseholdAsync(compound)).GetProperty("id").GetInt64();
        var resident = (await app.Given.ResidentAsync(household)).GetProperty("id").GetInt64();
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("ord");
        await admin.PostJson("/api/users", new { userName, displayName = "理发师" + userName[^4..], password = GongzhiApp.Password, role = "volunteer" }).Ok(HttpStatusCode.Created);
        var barberClient = await app.ClientFor(userName);
        var barber = (await barberClient.PostJson("/api/volunteering/me", new { areaCode = DemoCodes.Community, skills = new[] { "haircut" } }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await (await app.ClientFor("community")).PostAsync($"/api/volunteers/{barber}/verify", null).Ok();

        var staff = await PageBrowser.SignIn(app, "community");
        var description = GongzhiApp.Unique("上门理发");
        var refused = await staff.PostForm("/volunteers/orders", "order", ("Input.SkillCode", "calligraphy"), ("Input.Description", description), ("Input.ResidentId", resident.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(PageBrowser.FieldError(html, "order-skillCode")));
        Assert.Equal(description, PageBrowser.InputValue(html, "order-description"));
        Assert.Equal(HttpStatusCode.Redirect,
            (await staff.PostForm("/volunteers/orders", "order", ("Input.SkillCode", "haircut"), ("Input.Description", description), ("Input.ResidentId", resident.ToString()))).StatusCode);
        var order = await app.Db(db => db.ServiceOrders.IgnoreQueryFilters().Where(o => o.Description == description).Select(o => o.Id).SingleAsync());

        var volunteer = await PageBrowser.SignIn(app, userName);
        Assert.Contains($"data-order=\"{order}\"", (await volunteer.Get("/volunteers/orders")).Html);
        Assert.Contains($"id=\"claim-{order}\"", (await volunteer.Get("/volunteers/orders")).Html);
        // Staff are no volunteers: the refusal is shown on the page beside the list, not after a redirect.
        var notVolunteer = await staff.PostForm("/volunteers/orders", "claim", ("Claim.OrderId", order.ToString()));
        Assert.Equal(HttpStatusCode.Conflict, notVolunteer.StatusCode);
        Assert.Contains("id=\"claim-error\"", await notVolunteer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await volunteer.PostForm("/volunteers/orders", "claim", ("Claim.OrderId", order.ToString()))).StatusCode);
        // Taken already (a second tap, or someone faster): the page again with the reason, the order still theirs.
        var taken = await volunteer.PostForm("/volunteers/orders", "claim", ("Claim.OrderId", order.ToString()));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("id=\"claim-error\"", await taken.Content.ReadAsStringAsync());
        Assert.Equal(barber, await app.Db(db => db.ServiceOrders.IgnoreQueryFilters().Where(o => o.Id == order).Select(o => o.VolunteerId).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await volunteer.PostEndpoint("/volunteers/orders", $"/forms/volunteers/orders/{order}/done", ("minutes", "45"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostEndpoint("/volunteers/orders", $"/forms/volunteers/orders/{order}/rate", ("rating", "5"))).StatusCode);
        var done = await app.Db(db => db.ServiceOrders.IgnoreQueryFilters().Where(o => o.Id == order).Select(o => new { o.State, o.Rating, o.VolunteerId }).SingleAsync());
        Assert.Equal(("Done", 5, barber), (done.State.ToString(), done.Rating ?? 0, done.VolunteerId ?? 0));
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == $"order:{order}:volunteer:{barber}")));
        // A second rating through the button is refused and pays nothing more.
        await staff.PostEndpoint("/volunteers/orders", $"/forms/volunteers/orders/{order}/rate", ("rating", "4"));
        Assert.Equal(5, await app.Db(db => db.ServiceOrders.IgnoreQueryFilters().Where(o => o.Id == order).Select(o => o.Rating).SingleAsync()));
        Assert.Equal(1, await app.Db(db => db.PointsTransactions.CountAsync(t => t.IdempotencyKey == $"order:{order}:volunteer:{barber}")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TeamAndOrderPageTestsOnSqlite(SqliteApp app) : TeamAndOrderPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class TeamAndOrderPageTestsOnPostgres(PostgresApp app) : TeamAndOrderPageTests(app);
