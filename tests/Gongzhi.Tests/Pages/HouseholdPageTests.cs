using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The household page's forms and the area picker over HTTP, as a signed-in grid worker uses them.</summary>
public abstract class HouseholdPageTests(GongzhiApp app)
{
    private async Task<(long Household, string Unit)> NewHousehold()
    {
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        var household = await community.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 3, room = "301" }).Ok(HttpStatusCode.Created);
        return (household.GetProperty("household").GetProperty("id").GetInt64(), unit.Str("code"));
    }

    [Fact]
    public async Task A_refused_member_keeps_the_typed_input_with_the_error_by_the_field_and_nothing_is_written()
    {
        var (household, _) = await NewHousehold();
        var browser = await PageBrowser.SignIn(app, "grid1");
        var valid = TestWorkbook.IdNumber(new DateOnly(1975, 4, 5), male: false);
        var badChecksum = valid[..17] + (valid[17] == '0' ? '1' : '0');

        var response = await browser.PostForm($"/households/{household}", "household-member",
            ("Member.Name", "孙丽华"), ("Member.IdNumber", badChecksum), ("Member.Phone", "13900001111"), ("Member.Relation", "Spouse"), ("Member.ResidencyType", "Registered"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("孙丽华", PageBrowser.InputValue(html, "household-member-name"));
        Assert.Equal(badChecksum, PageBrowser.InputValue(html, "household-member-idNumber"));
        Assert.Equal("13900001111", PageBrowser.InputValue(html, "household-member-phone"));
        Assert.Contains("校验位", PageBrowser.FieldError(html, "household-member-idNumber"));
        Assert.Null(PageBrowser.FieldError(html, "household-member-name"));
        Assert.Contains("<option value=\"Spouse\" selected", html);
        Assert.Equal(0, await app.Db(db => db.Residents.CountAsync(r => r.HouseholdId == household)));

        var ok = await browser.PostForm($"/households/{household}", "household-member",
            ("Member.Name", "孙丽华"), ("Member.IdNumber", valid), ("Member.Relation", "Spouse"), ("Member.ResidencyType", "Registered"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(1, await app.Db(db => db.Residents.CountAsync(r => r.HouseholdId == household)));
    }

    [Fact]
    public async Task The_edit_form_has_labels_and_a_move_outside_the_subtree_is_refused_with_the_typed_code_kept()
    {
        var (household, unit) = await NewHousehold();
        var browser = await PageBrowser.SignIn(app, "grid1");
        var (_, page) = await browser.Get($"/households/{household}");
        Assert.Contains("<label class=\"form-label small mb-1\" for=\"household-edit-room\">", page);
        Assert.Contains("<label class=\"form-label small mb-1\" for=\"household-edit-floor\">", page);

        var response = await browser.PostForm($"/households/{household}", "household-move", ("MoveTo.AreaCode", DemoCodes.Grid2));
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(DemoCodes.Grid2, PageBrowser.InputValue(html, "household-move-areaCode"));
        Assert.Contains("alert-danger", html);
        Assert.EndsWith($"/{unit}/", await app.Db(db => db.Households.Where(h => h.Id == household).Select(h => h.AreaPath).SingleAsync()));

        var edited = await browser.PostForm($"/households/{household}", "household-edit", ("Edit.Floor", "abc3"), ("Edit.Room", "302"), ("Edit.Tenure", "Rented"));
        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);
        var editedHtml = await edited.Content.ReadAsStringAsync();
        Assert.Equal("abc3", PageBrowser.InputValue(editedHtml, "household-edit-floor"));
        Assert.Equal("302", PageBrowser.InputValue(editedHtml, "household-edit-room"));
        Assert.Contains("abc3", PageBrowser.FieldError(editedHtml, "household-edit-floor"));
        Assert.Equal("301", await app.Db(db => db.Households.Where(h => h.Id == household).Select(h => h.Room).SingleAsync()));
    }

    [Fact]
    public async Task Registering_a_household_on_the_area_page_keeps_the_input_when_refused()
    {
        var (_, unit) = await NewHousehold();
        var browser = await PageBrowser.SignIn(app, "grid1");
        var room = "R" + new string('9', 25);
        var response = await browser.PostForm($"/areas/{unit}", "area-household", ("NewHousehold.Floor", "99"), ("NewHousehold.Room", room));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("99", PageBrowser.InputValue(html, "area-household-floor"));
        Assert.Equal(room, PageBrowser.InputValue(html, "area-household-room"));
        Assert.NotNull(PageBrowser.FieldError(html, "area-household-floor"));
        Assert.NotNull(PageBrowser.FieldError(html, "area-household-room"));
        Assert.Contains("id=\"node-name\"", html); // the rest of the area page is there too
        Assert.Equal(1, await app.Db(db => db.Households.CountAsync(h => h.AreaPath.Contains("/" + unit + "/"))));

        var created = await browser.PostForm($"/areas/{unit}", "area-household", ("NewHousehold.Floor", "2"), ("NewHousehold.Room", "202"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(2, await app.Db(db => db.Households.CountAsync(h => h.AreaPath.Contains("/" + unit + "/"))));
    }

    [Fact]
    public async Task The_household_picker_offers_only_households_within_the_callers_subtree()
    {
        var community = await app.ClientFor("community");
        async Task<(long Id, string Name)> Household(string under)
        {
            var name = GongzhiApp.Unique("楼");
            var building = await community.PostJson($"/api/areas/{under}/children", new { name, level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
            var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
            var household = await community.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 1, room = "101" }).Ok(HttpStatusCode.Created);
            return (household.GetProperty("household").GetProperty("id").GetInt64(), name);
        }
        var mine = await Household(DemoCodes.Yuyuan);
        var theirs = await Household(DemoCodes.Grid2Compound);
        var browser = await PageBrowser.SignIn(app, "grid1");
        var (status, found) = await browser.Get($"/fragments/household-picker?for=x&q={Uri.EscapeDataString(mine.Name)}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"data-code=\"{mine.Id}\"", found);
        var (_, hidden) = await browser.Get($"/fragments/household-picker?for=x&q={Uri.EscapeDataString(theirs.Name)}");
        Assert.DoesNotContain($"data-code=\"{theirs.Id}\"", hidden);
    }

    [Fact]
    public async Task The_area_picker_offers_only_nodes_within_the_callers_subtree()
    {
        var browser = await PageBrowser.SignIn(app, "grid1");
        var (status, roots) = await browser.Get("/fragments/area-picker?for=x");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"data-code=\"{DemoCodes.Grid1}\"", roots);
        Assert.DoesNotContain($"data-code=\"{DemoCodes.Grid2}\"", roots);

        var (_, search) = await browser.Get("/fragments/area-picker?for=x&q=" + Uri.EscapeDataString("网格"));
        Assert.Contains($"data-code=\"{DemoCodes.Grid1}\"", search);
        Assert.DoesNotContain($"data-code=\"{DemoCodes.Grid2}\"", search);

        var (_, children) = await browser.Get($"/fragments/area-picker?for=x&parent={DemoCodes.Grid1}");
        Assert.Contains($"data-code=\"{DemoCodes.Yuyuan}\"", children);
        var (outside, _) = await browser.Get($"/fragments/area-picker?for=x&parent={DemoCodes.Grid2}");
        Assert.Equal(HttpStatusCode.NotFound, outside);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HouseholdPageTestsOnSqlite(SqliteApp app) : HouseholdPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class HouseholdPageTestsOnPostgres(PostgresApp app) : HouseholdPageTests(app);
