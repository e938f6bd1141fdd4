using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The area page's forms over HTTP, and the shared "record or problem" rule on every record page.</summary>
public abstract class AreaPageTests(GongzhiApp app)
{
    [Fact]
    public async Task A_too_long_name_is_refused_by_the_server_with_the_whole_input_kept_and_nothing_created()
    {
        var browser = await PageBrowser.SignIn(app, "community");
        var longName = "楼" + new string('长', 120);
        var response = await browser.PostForm($"/areas/{DemoCodes.Yuyuan}", "area-child", ("Child.Level", "Building"), ("Child.Name", longName), ("Child.Floors", "6"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(longName, PageBrowser.InputValue(html, "area-child-name"));
        Assert.Equal("6", PageBrowser.InputValue(html, "area-child-floors"));
        Assert.NotNull(PageBrowser.FieldError(html, "area-child-name"));
        Assert.DoesNotContain("maxlength", html);
        Assert.False(await app.Db(db => db.AreaNodes.AnyAsync(n => n.Name == longName)));
    }

    [Fact]
    public async Task A_move_to_a_node_outside_the_subtree_keeps_the_typed_code_and_moves_nothing()
    {
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var code = building.Str("code");
        var browser = await PageBrowser.SignIn(app, "community");
        var response = await browser.PostForm($"/areas/{code}", "area-move", ("MoveTo.NewParentCode", DemoCodes.OtherCommunity));
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Conflict, response.StatusCode.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(DemoCodes.OtherCommunity, PageBrowser.InputValue(html, "area-move-newParentCode"));
        Assert.Contains("alert-danger", html);
        Assert.Contains($"/{DemoCodes.Yuyuan}/", await app.Db(db => db.AreaNodes.Where(n => n.Code == code).Select(n => n.Path).SingleAsync()));
    }

    [Fact]
    public async Task A_refused_party_organisation_keeps_the_input_with_the_error_by_the_area_field()
    {
        var browser = await PageBrowser.SignIn(app, "community");
        var name = GongzhiApp.Unique("党小组");
        var response = await browser.PostForm($"/areas/{DemoCodes.Community}/party", "party-create",
            ("NewOrg.Name", name), ("NewOrg.Level", "BuildingGroup"), ("NewOrg.AreaCode", DemoCodes.Community), ("NewOrg.Secretary", "张书记"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(name, PageBrowser.InputValue(html, "party-create-name"));
        Assert.Equal("张书记", PageBrowser.InputValue(html, "party-create-secretary"));
        Assert.Equal(DemoCodes.Community, PageBrowser.InputValue(html, "party-create-areaCode"));
        Assert.NotNull(PageBrowser.FieldError(html, "party-create-areaCode"));
        Assert.False(await app.Db(db => db.PartyOrganizations.AnyAsync(o => o.Name == name)));
    }

    [Theory]
    [InlineData("/areas/" + DemoCodes.Grid2)]
    [InlineData("/areas/" + DemoCodes.Grid2 + "/party")]
    public async Task A_record_page_outside_the_subtree_answers_404_and_shows_the_problem(string url)
    {
        var browser = await PageBrowser.SignIn(app, "grid1");
        var (status, html) = await browser.Get(url);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("<div class=\"alert alert-warning\" role=\"alert\">", html);
        Assert.Contains("<html", html);
    }

    [Fact]
    public async Task Household_building_and_user_pages_outside_reach_answer_404_and_show_the_problem()
    {
        var grid2Household = await app.Db(db => db.Households.Where(h => h.AreaPath.Contains("/" + DemoCodes.Grid2 + "/")).Select(h => h.Id).FirstAsync());
        var grid2Building = await app.Db(db => db.AreaNodes.Where(n => n.Path.Contains("/" + DemoCodes.Grid2 + "/") && n.Level == Gongzhi.Modules.Areas.Contracts.AreaLevel.Building).Select(n => n.Id).FirstAsync());
        var browser = await PageBrowser.SignIn(app, "grid1");
        foreach (var url in new[] { $"/households/{grid2Household}", $"/buildings/{grid2Building}" })
        {
            var (status, html) = await browser.Get(url);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("alert-warning", html);
        }
        var admin = await PageBrowser.SignIn(app, "admin");
        var (userStatus, userHtml) = await admin.Get("/admin/users/no-such-user");
        Assert.Equal(HttpStatusCode.NotFound, userStatus);
        Assert.Contains("alert-warning", userHtml);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AreaPageTestsOnSqlite(SqliteApp app) : AreaPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AreaPageTestsOnPostgres(PostgresApp app) : AreaPageTests(app);
