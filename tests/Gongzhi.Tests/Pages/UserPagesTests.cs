using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The staff pages' forms over HTTP, as a signed-in admin uses them.</summary>
public abstract class UserPagesTests(GongzhiApp app)
{
    [Fact]
    public async Task A_refused_account_keeps_the_input_but_never_the_password_and_nothing_is_created()
    {
        var browser = await PageBrowser.SignIn(app, "admin");
        var displayName = GongzhiApp.Unique("网格员");
        var response = await browser.PostForm("/admin/users", "user-create",
            ("NewUser.UserName", "x"), ("NewUser.DisplayName", displayName), ("NewUser.Password", "Secret#2026x"), ("NewUser.Role", "grid"), ("NewUser.AreaCodes[0]", DemoCodes.Grid1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("x", PageBrowser.InputValue(html, "user-create-userName"));
        Assert.Equal(displayName, PageBrowser.InputValue(html, "user-create-displayName"));
        Assert.Equal(DemoCodes.Grid1, PageBrowser.InputValue(html, "user-create-areaCodes"));
        Assert.NotNull(PageBrowser.FieldError(html, "user-create-userName"));
        Assert.DoesNotContain("Secret#2026x", html);
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.DisplayName == displayName)));

        var userName = GongzhiApp.Unique("grid");
        var created = await browser.PostForm("/admin/users", "user-create",
            ("NewUser.UserName", userName), ("NewUser.DisplayName", displayName), ("NewUser.Password", "Secret#2026x"), ("NewUser.Role", "grid"), ("NewUser.AreaCodes[0]", DemoCodes.Grid1));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains("/admin/users/", created.Headers.Location!.ToString());
        Assert.True(await app.Db(db => db.Users.AnyAsync(u => u.UserName == userName)));
    }

    [Fact]
    public async Task A_refused_department_keeps_the_input_with_the_error_by_the_field()
    {
        var browser = await PageBrowser.SignIn(app, "admin");
        var name = GongzhiApp.Unique("部门");
        var response = await browser.PostForm("/admin/departments", "department-create", ("NewDepartment.Code", ""), ("NewDepartment.Name", name), ("NewDepartment.DistrictCode", "370811"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(name, PageBrowser.InputValue(html, "department-create-name"));
        Assert.Equal("370811", PageBrowser.InputValue(html, "department-create-districtCode"));
        Assert.NotNull(PageBrowser.FieldError(html, "department-create-code"));
    }

    [Fact]
    public async Task The_staff_binding_form_offers_the_bound_areas_as_chips_and_an_area_picker()
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("bind");
        var user = await admin.PostJson("/api/users", new { userName, displayName = "绑定测试", password = "Bind#2026x", role = "grid", areaCodes = new[] { DemoCodes.Grid1 } }).Ok(HttpStatusCode.Created);
        var browser = await PageBrowser.SignIn(app, "admin");
        var url = $"/admin/users/{user.Str("id")}";
        var (_, page) = await browser.Get(url);
        Assert.Contains($"id=\"bound-areas-{DemoCodes.Grid1}\"", page);
        Assert.Contains("id=\"bind-area-code\"", page);

        // Keep grid 1 (its chip stays ticked) and add grid 2 with the picker.
        var response = await browser.PostEndpoint(url, $"/forms/users/{user.Str("id")}/areas", ("areaCodes", DemoCodes.Grid1), ("areaCodes", DemoCodes.Grid2));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, after) = await browser.Get(url);
        Assert.Contains($"id=\"bound-areas-{DemoCodes.Grid2}\"", after);
        Assert.Contains("id=\"flash\"", after);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class UserPagesTestsOnSqlite(SqliteApp app) : UserPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class UserPagesTestsOnPostgres(PostgresApp app) : UserPagesTests(app);
