using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The policy pages: the editor refuses a bad rule with the input kept, a list's buttons enrol and end.</summary>
public abstract class PolicyPagesTests(GongzhiApp app)
{
    [Fact]
    public async Task A_policy_is_written_in_the_editor_and_its_lists_enrol_and_end_from_the_page()
    {
        var community = await app.ClientFor("community");
        var grid = (await app.Given.GridAsync()).Str("code");
        var household = (await app.Given.HouseholdAsync(grid)).GetProperty("id").GetInt64();
        var old = await community.PostJson("/api/residents", new
        {
            householdId = household, name = "页面老人", relation = "Householder", residencyType = "Registered",
            idNumber = TestWorkbook.IdNumber(DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-85), true),
        }).Ok(HttpStatusCode.Created);
        var residentId = old.GetProperty("id").GetInt64();

        var browser = await PageBrowser.SignIn(app, "community");
        var name = GongzhiApp.Unique("页面政策");
        (string, string)[] fields = [("Input.Name", name), ("Input.Department", "民政局"), ("Input.AreaCode", grid), ("Input.Rule", "年龄 >= abc")];
        using (var refused = await browser.PostForm("/policies/new", "policy", fields))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains("第 6 个字符", PageBrowser.FieldError(html, "policy-rule"));
            Assert.Contains("年龄 &gt;= abc", html); // the rule as typed
        }
        fields[3] = ("Input.Rule", "年龄 >= 80");
        using var saved = await browser.PostForm("/policies/new", "policy", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.OriginalString;
        var id = long.Parse(location[(location.LastIndexOf('/') + 1)..]);

        var (status, page) = await browser.Get($"/policies/{id}?area={grid}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("页面老人", page);
        using var enrol = await browser.PostEndpoint($"/policies/{id}", $"/forms/policies/{id}/enrol", ("residentId", residentId.ToString()), ("list", "not-enrolled"), ("area", grid));
        Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        Assert.Equal(1, await app.Db(db => db.PolicyEnrolments.CountAsync(e => e.PolicyId == id && e.ResidentId == residentId && e.EndedOn == null)));
        var (_, enrolled) = await browser.Get($"/policies/{id}?list=enrolled&area={grid}");
        Assert.Contains("页面老人", enrolled);
        using var end = await browser.PostEndpoint($"/policies/{id}", $"/forms/policies/{id}/end", ("residentId", residentId.ToString()), ("reason", "迁出本区"), ("list", "enrolled"));
        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);
        Assert.Equal("迁出本区", await app.Db(db => db.PolicyEnrolments.Where(e => e.PolicyId == id).Select(e => e.EndReason).SingleAsync()));

        // Out of reach: another grid's worker gets a 404 page and cannot press the buttons.
        var grid2 = await PageBrowser.SignIn(app, "grid2");
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.Get($"/policies/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.Get($"/policies/{id}/edit")).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PolicyPagesTestsOnSqlite(SqliteApp app) : PolicyPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PolicyPagesTestsOnPostgres(PostgresApp app) : PolicyPagesTests(app);
