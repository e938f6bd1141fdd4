using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Registry;

/// <summary>Query-string edge cases of the resident search and its exports, as the residents page sends them.</summary>
public abstract class SearchAndExportTests(GongzhiApp app)
{
    /// <summary>Every condition the search form has, left empty: what a GET form submits when nothing is filled in.</summary>
    private const string AllEmpty = "area=&q=&ageMin=&ageMax=&sex=&residency=&status=&tagsAll=&tagsAny=&tagsNone=&membersMin=&membersMax=&tenure=&sort=&page=&pageSize=";

    [Fact]
    public async Task Empty_query_values_mean_no_filter_on_search()
    {
        var grid1 = await app.ClientFor("grid1");
        var unfiltered = await grid1.GetAsync("/api/residents").Ok();
        Assert.True(unfiltered.Int("total") > 0);
        var empty = await grid1.GetAsync("/api/residents?" + AllEmpty).Ok();
        Assert.Equal(unfiltered.Int("total"), empty.Int("total"));
        var tagsAnyOnly = await grid1.GetAsync("/api/residents?tagsAny=").Ok();
        Assert.Equal(unfiltered.Int("total"), tagsAnyOnly.Int("total"));
        // An empty value beside a real one is ignored, the real one still filters.
        var mixed = await grid1.GetAsync("/api/residents?tagsAny=&tagsAny=living-alone&ageMax=&sex=Female").Ok();
        Assert.InRange(mixed.Int("total"), 1, unfiltered.Int("total") - 1);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Empty_query_values_mean_no_filter_on_exports(string format)
    {
        var grid1 = await app.ClientFor("grid1");
        using var response = await grid1.GetAsync($"/api/residents/export?{AllEmpty}&format={format}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(bytes));
        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(bytes.Length > 100);
        using var tagsAny = await grid1.GetAsync($"/api/residents/export?tagsAny=&format={format}");
        Assert.Equal(HttpStatusCode.OK, tagsAny.StatusCode);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task A_refused_export_is_a_problem_before_any_byte_of_the_file(string format)
    {
        var grid1 = await app.ClientFor("grid1");
        var otherGrid = await grid1.GetAsync($"/api/residents/export?area={DemoCodes.Grid2}&format={format}").Problem(HttpStatusCode.NotFound);
        Assert.Contains(DemoCodes.Grid2, otherGrid.Str("detail"));
        await grid1.GetAsync($"/api/residents/export?area=370811999999&format={format}").Problem(HttpStatusCode.NotFound);
        var age = await grid1.GetAsync($"/api/residents/export?ageMin=200&format={format}").Problem(HttpStatusCode.BadRequest);
        Assert.True(age.GetProperty("errors").TryGetProperty("ageMin", out _), age.ToString());
        await grid1.GetAsync($"/api/residents/export?tagsAll=no-such-tag&format={format}").Problem(HttpStatusCode.BadRequest);

        var english = await app.ClientFor("grid1", culture: "en-US");
        var en = await english.GetAsync($"/api/residents/export?ageMin=200&format={format}").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("Ages are between 0 and 150.", en.Str("detail"));
    }

    [Fact]
    public async Task An_unmasked_export_needs_a_reason_and_the_audit_entry_keeps_it_with_the_row_count()
    {
        var community = await app.ClientFor("community");
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var missing = await community.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true&format={format}").Problem(HttpStatusCode.BadRequest);
            Assert.True(missing.GetProperty("errors").TryGetProperty("reason", out _), missing.ToString());
            Assert.Contains("原因", missing.Str("detail"));
            await community.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true&reason=%20&format={format}").Problem(HttpStatusCode.BadRequest);
            await community.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true&reason={new string('x', 201)}&format={format}").Problem(HttpStatusCode.BadRequest);
        }
        var english = await app.ClientFor("community", culture: "en-US");
        var en = await english.GetAsync($"/api/residents/export?area={DemoCodes.Grid1}&unmasked=true").Problem(HttpStatusCode.BadRequest);
        Assert.Contains("reason", en.GetProperty("errors").GetProperty("reason")[0].GetString());

        var reason = GongzhiApp.Unique("高龄补贴核对");
        var csv = await community.GetStringAsync($"/api/residents/export?area={DemoCodes.Grid1}&ageMin=80&format=csv&unmasked=true&reason={Uri.EscapeDataString(reason)}");
        var rows = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.True(rows > 0);
        var detail = await app.Db(db => db.AuditEntries.Where(a => a.Action == "resident.export-unmasked" && a.Detail!.Contains(reason)).Select(a => a.Detail).SingleAsync());
        Assert.Contains($"{rows} rows", detail);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SearchAndExportTestsOnSqlite(SqliteApp app) : SearchAndExportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SearchAndExportTestsOnPostgres(PostgresApp app) : SearchAndExportTests(app);
