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
}

[Collection(SqliteCollection.Name)]
public sealed class PlacesPageTestsOnSqlite(SqliteApp app) : PlacesPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PlacesPageTestsOnPostgres(PostgresApp app) : PlacesPageTests(app);
