using System.Net;
using Gongzhi.Tests.Infrastructure;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The places section links to the full, paged list, and its red marks are explained.</summary>
public abstract class PlacesPageTests(GongzhiApp app)
{
    [Fact]
    public async Task More_facilities_than_the_section_shows_lead_to_the_paged_full_list_with_a_legend()
    {
        var community = await app.ClientFor("community");
        var building = (await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created)).Str("code");
        for (var i = 1; i <= 55; i++)
            await community.PostJson("/api/facilities", new { areaCode = building, kind = "FireExtinguisher", name = $"灭火器{i:00}", nextInspectionOn = i == 1 ? "2020-01-01" : "2099-01-01" }).Ok(HttpStatusCode.Created);

        var browser = await PageBrowser.SignIn(app, "grid1");
        var (_, area) = await browser.Get($"/areas/{building}");
        Assert.Contains($"href=\"/areas/{building}/places?show=facilities\"", area);
        Assert.Contains("id=\"facilities-legend\"", area);

        var (status, first) = await browser.Get($"/areas/{building}/places?show=facilities");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Matches(first, "灭火器\\d\\d").Count);
        Assert.Contains($"href=\"/areas/{building}/places?show=facilities&amp;page=2\"", first);
        var (_, second) = await browser.Get($"/areas/{building}/places?show=facilities&page=2");
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(second, "灭火器\\d\\d").Count);

        var other = await PageBrowser.SignIn(app, "grid2");
        var (outside, html) = await other.Get($"/areas/{building}/places?show=facilities");
        Assert.Equal(HttpStatusCode.NotFound, outside);
        Assert.Contains("alert-warning", html);
    }

    [Fact]
    public async Task A_refused_facility_keeps_the_dates_typed_and_a_merchant_without_certificate_is_accepted()
    {
        var community = await app.ClientFor("community");
        var building = (await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created)).Str("code");
        var browser = await PageBrowser.SignIn(app, "grid1");
        var name = GongzhiApp.Unique("消防栓");
        var refused = await browser.PostForm($"/areas/{building}", "facility-create",
            ("NewFacility.Kind", "Hydrant"), ("NewFacility.Name", name), ("NewFacility.LastInspectedOn", "2026-03-01"), ("NewFacility.NextInspectionOn", "2026-02-01"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(name, PageBrowser.InputValue(html, "facility-create-name"));
        Assert.Equal("2026-02-01", PageBrowser.InputValue(html, "facility-create-nextInspectionOn"));
        Assert.NotNull(PageBrowser.FieldError(html, "facility-create-nextInspectionOn"));
        Assert.Contains("<option value=\"Hydrant\" selected", html);
        Assert.False(await app.Db(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Facilities, f => f.Name == name)));

        var merchant = GongzhiApp.Unique("小店");
        var ok = await browser.PostForm($"/areas/{building}", "merchant-create", ("NewMerchant.Name", merchant), ("NewMerchant.Category", "Retail"),
            ("NewMerchant.OwnerName", "周老板"), ("NewMerchant.Address", "玉苑小区门口"), ("NewMerchant.Certificates[0].HolderName", ""), ("NewMerchant.Certificates[0].ExpiresOn", ""));
        Assert.True(ok.StatusCode == HttpStatusCode.Redirect, System.Text.RegularExpressions.Regex.Match(await ok.Content.ReadAsStringAsync(), "role=\"alert\">[^<]*").Value);
        Assert.True(await app.Db(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Merchants, m => m.Name == merchant)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlacesPageTestsOnSqlite(SqliteApp app) : PlacesPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlacesPageTestsOnPostgres(PostgresApp app) : PlacesPageTests(app);
