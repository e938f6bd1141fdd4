using System.Net;
using Gongzhi.Tests.Infrastructure;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The search page's unmasked export and the import page's summary, as a signed-in community worker sees them.</summary>
public abstract class RegistryPagesTests(GongzhiApp app)
{
    [Fact]
    public async Task The_unmasked_export_asks_for_a_reason_and_states_the_count()
    {
        var browser = await PageBrowser.SignIn(app, "community");
        var (_, page) = await browser.Get($"/residents?area={DemoCodes.Grid1}&q=");
        var total = System.Text.RegularExpressions.Regex.Match(page, "id=\"result-total\">[^<0-9]*(\\d+)").Groups[1].Value;
        Assert.NotEqual("", total);
        Assert.DoesNotContain("unmasked=true\"", page); // no plain link that exports unmasked in one click
        Assert.Contains("id=\"unmasked-export-form\"", page);
        Assert.Contains("<input type=\"hidden\" name=\"unmasked\" value=\"true\">", page);
        Assert.Contains($"<input type=\"hidden\" name=\"area\" value=\"{DemoCodes.Grid1}\" />", page);
        Assert.Matches($"id=\"unmasked-export-count\">[^<]*{total}", page);
        Assert.Contains("name=\"reason\" required", page);

        var grid = await PageBrowser.SignIn(app, "grid1"); // no unmask permission: no unmasked export offered
        var (_, gridPage) = await grid.Get($"/residents?area={DemoCodes.Grid1}");
        Assert.DoesNotContain("unmasked-export", gridPage);
    }

    [Fact]
    public async Task Saving_a_search_without_a_name_is_refused_beside_the_field_and_a_named_one_returns_to_the_search()
    {
        var browser = await PageBrowser.SignIn(app, "grid1");
        var url = $"/residents?area={DemoCodes.Grid1}&ageMin=80";
        var refused = await browser.PostForm(url, "search-save", ("NewSearch.Name", ""), ("NewSearch.Query", $"area={DemoCodes.Grid1}&ageMin=80"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await refused.Content.ReadAsStringAsync(), "search-save-name"));

        var name = GongzhiApp.Unique("高龄");
        var saved = await browser.PostForm(url, "search-save", ("NewSearch.Name", name), ("NewSearch.Query", $"area={DemoCodes.Grid1}&ageMin=80"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith(url, saved.Headers.Location!.ToString());
        var (_, page) = await browser.Get(url);
        Assert.Contains(name, page);
        Assert.Contains("id=\"flash\"", page);
    }

    [Fact]
    public async Task A_finished_import_with_rejected_rows_reports_its_summary_as_news_not_as_an_error()
    {
        var community = await app.ClientFor("community");
        var building = await community.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = (await community.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created)).Str("code");
        var good = TestWorkbook.IdNumber(new DateOnly(1950, 3, 3), true);
        var bad = TestWorkbook.IdNumber(new DateOnly(1951, 3, 3), false);
        bad = bad[..17] + (bad[17] == '1' ? '2' : '1');
        var file = TestWorkbook.Build([
            [unit, "1", "101", null, "甲某", good, "户主", "户籍", null, "汉族", null, null, null, null, null, null],
            [unit, "1", "102", null, "乙某", bad, "户主", "户籍", null, "汉族", null, null, null, null, null, null],
        ]);
        var browser = await PageBrowser.SignIn(app, "community");
        var (_, importPage) = await browser.Get("/registry/import");
        var upload = TestWorkbook.Upload(file);
        upload.Add(new StringContent(PageBrowser.Token(importPage)), "__RequestVerificationToken");
        var posted = await browser.Client.PostAsync("/forms/registry/import", upload);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.DoesNotContain("ok=", location);
        Assert.DoesNotContain("error=", location);

        var (_, report) = await browser.Get(location);
        Assert.Contains("<div class=\"alert alert-success py-2\" role=\"status\" id=\"flash\">", report);
        Assert.DoesNotContain("alert-danger", report);
        Assert.Contains("id=\"import-report\"", report);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RegistryPagesTestsOnSqlite(SqliteApp app) : RegistryPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RegistryPagesTestsOnPostgres(PostgresApp app) : RegistryPagesTests(app);
