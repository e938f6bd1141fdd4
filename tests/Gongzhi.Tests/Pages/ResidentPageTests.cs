using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The resident page's forms over HTTP, as a signed-in grid worker uses them.</summary>
public abstract class ResidentPageTests(GongzhiApp app)
{
    private async Task<long> NewResident(string name, string? phone = null)
    {
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        var household = await community.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 2, room = "201" }).Ok(HttpStatusCode.Created);
        var id = TestWorkbook.IdNumber(new DateOnly(1960 + Random.Shared.Next(30), 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28)), male: true);
        var created = await community.PostJson("/api/residents", new { householdId = household.GetProperty("household").GetProperty("id").GetInt64(), name, idNumber = id, phone, relation = "Householder", residencyType = "Registered", ethnicity = "汉族" }).Ok(HttpStatusCode.Created);
        return created.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_refused_edit_renders_the_page_again_with_the_typed_input_and_the_errors_and_writes_nothing()
    {
        var id = await NewResident(GongzhiApp.Unique("张"), "13800001234");
        var before = await app.Db(db => db.Residents.AsNoTracking().SingleAsync(r => r.Id == id));
        var browser = await PageBrowser.SignIn(app, "grid1");
        var longName = new string('名', 51);

        var response = await browser.PostForm($"/residents/{id}", "resident-facts",
            ("Facts.HouseholdId", before.HouseholdId!.Value.ToString()), ("Facts.Name", longName), ("Facts.Phone", "12345"),
            ("Facts.Ethnicity", "回族"), ("Facts.DisabilityGrade", "7"), ("Facts.Relation", "Householder"), ("Facts.ResidencyType", "Registered"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(longName, PageBrowser.InputValue(html, "resident-facts-name"));   // nothing cut off
        Assert.Equal("12345", PageBrowser.InputValue(html, "resident-facts-phone"));
        Assert.Equal("回族", PageBrowser.InputValue(html, "resident-facts-ethnicity"));
        Assert.Equal("7", PageBrowser.InputValue(html, "resident-facts-disabilityGrade"));
        Assert.Contains("50", PageBrowser.FieldError(html, "resident-facts-name"));
        Assert.Contains("12345", PageBrowser.FieldError(html, "resident-facts-phone"));
        Assert.NotNull(PageBrowser.FieldError(html, "resident-facts-disabilityGrade"));
        Assert.DoesNotContain("maxlength", html);
        var after = await app.Db(db => db.Residents.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(before.Name, after.Name);
        Assert.Equal(before.Ethnicity, after.Ethnicity);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
    }

    [Fact]
    public async Task A_valid_edit_saves_redirects_and_shows_the_flash_once_without_text_in_the_url()
    {
        var id = await NewResident(GongzhiApp.Unique("李"), "13800001234");
        var before = await app.Db(db => db.Residents.AsNoTracking().SingleAsync(r => r.Id == id));
        var browser = await PageBrowser.SignIn(app, "grid1");
        var newName = GongzhiApp.Unique("李");

        var response = await browser.PostForm($"/residents/{id}", "resident-facts",
            ("Facts.HouseholdId", before.HouseholdId!.Value.ToString()), ("Facts.Name", newName), ("Facts.IdNumber", ""), ("Facts.Phone", ""),
            ("Facts.Ethnicity", "回族"), ("Facts.DisabilityGrade", "2"), ("Facts.Relation", "Householder"), ("Facts.ResidencyType", "Registered"),
            ("Facts.PoliticalStatus", "Masses"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/residents/{id}", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
        var after = await app.Db(db => db.Residents.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(newName, after.Name);
        Assert.Equal("回族", after.Ethnicity);
        Assert.Equal(2, after.DisabilityGrade);
        Assert.Equal(before.IdNumberHash, after.IdNumberHash); // empty ID number and phone keep the stored ones
        Assert.Equal(before.PhoneHash, after.PhoneHash);

        var (_, page) = await browser.Get($"/residents/{id}");
        Assert.Contains("id=\"flash\"", page);
        Assert.Contains(newName, page);
        var (_, again) = await browser.Get($"/residents/{id}");
        Assert.DoesNotContain("id=\"flash\"", again); // shown once
    }

    [Fact]
    public async Task Moving_a_resident_into_a_household_out_of_reach_is_refused_with_the_number_kept()
    {
        var id = await NewResident(GongzhiApp.Unique("钱"));
        var target = await NewResident(GongzhiApp.Unique("孙"));
        var targetHousehold = await app.Db(db => db.Residents.Where(r => r.Id == target).Select(r => r.HouseholdId!.Value).SingleAsync());
        var outside = await app.Db(db => db.Households.Where(h => h.AreaPath.Contains("/" + DemoCodes.Grid2 + "/")).Select(h => h.Id).FirstAsync());
        var browser = await PageBrowser.SignIn(app, "grid1");

        var refused = await browser.PostForm($"/residents/{id}", "resident-move", ("Move.HouseholdId", outside.ToString()), ("Move.Relation", "Child"));
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(outside.ToString(), PageBrowser.InputValue(html, "resident-move-householdId"));
        Assert.Contains("alert-danger", html);

        var moved = await browser.PostForm($"/residents/{id}", "resident-move", ("Move.HouseholdId", targetHousehold.ToString()), ("Move.Relation", "Child"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(targetHousehold, await app.Db(db => db.Residents.Where(r => r.Id == id).Select(r => r.HouseholdId!.Value).SingleAsync()));
    }

    [Fact]
    public async Task An_error_or_ok_text_in_the_url_is_not_shown()
    {
        var id = await NewResident(GongzhiApp.Unique("王"));
        var browser = await PageBrowser.SignIn(app, "grid1");
        var (_, page) = await browser.Get($"/residents/{id}?error=%E8%AF%B7%E8%BD%AC%E8%B4%A6FORGED&ok=FORGED");
        Assert.DoesNotContain("请转账FORGED", page);
        Assert.DoesNotContain(">FORGED<", page);
        Assert.DoesNotContain("id=\"flash\"", page);
    }

    [Fact]
    public async Task A_resident_outside_the_subtree_answers_404_with_the_problem_shown()
    {
        var id = await NewResident(GongzhiApp.Unique("赵"));
        var browser = await PageBrowser.SignIn(app, "grid2");
        var (status, page) = await browser.Get($"/residents/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("alert-warning", page);
        Assert.DoesNotContain("resident-facts", page);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ResidentPageTestsOnSqlite(SqliteApp app) : ResidentPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ResidentPageTestsOnPostgres(PostgresApp app) : ResidentPageTests(app);
