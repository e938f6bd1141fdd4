using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Areas;

/// <summary>A grid worker of grid A never reads grid B: by id, by code, by search, through lists or pages.</summary>
public abstract class DataScopeTests(GongzhiApp app)
{
    private Task<long> Grid2HouseholdId() =>
        app.Db(db => db.Households.Where(h => h.AreaPath.Contains("/" + DemoCodes.Grid2 + "/")).Select(h => h.Id).FirstAsync());

    private Task<long> Grid1HouseholdId() =>
        app.Db(db => db.Households.Where(h => h.AreaPath.Contains("/" + DemoCodes.Grid1 + "/")).Select(h => h.Id).FirstAsync());

    [Fact]
    public async Task Grid1_reaches_its_own_grid()
    {
        var grid1 = await app.ClientFor("grid1");
        var node = await grid1.GetAsync($"/api/areas/{DemoCodes.Grid1}").Ok();
        Assert.True(node.Int("households") > 0);
        await grid1.GetAsync($"/api/areas/{DemoCodes.Building12}").Ok();
        await grid1.GetAsync($"/api/households/{await Grid1HouseholdId()}").Ok();
        var roots = await grid1.GetAsync("/api/areas").Ok();
        Assert.Equal(DemoCodes.Grid1, Assert.Single(roots.EnumerateArray()).Str("code"));
    }

    [Fact]
    public async Task Grid1_gets_404_for_everything_of_grid2_and_above()
    {
        var grid1 = await app.ClientFor("grid1");
        foreach (var url in new[]
                 {
                     $"/api/areas/{DemoCodes.Grid2}", $"/api/areas/{DemoCodes.Grid2}/children", $"/api/areas/{DemoCodes.Grid2}/households",
                     $"/api/areas/{DemoCodes.Grid2Compound}", $"/api/areas/{DemoCodes.Community}", $"/api/areas/{DemoCodes.Street}",
                     $"/api/areas/{DemoCodes.District}/children", $"/api/households/{await Grid2HouseholdId()}",
                     $"/api/areas/{DemoCodes.Grid2}/party-organizations",
                 })
        {
            await grid1.GetAsync(url).Problem(HttpStatusCode.NotFound);
        }
        // Search by name or code: grid2's nodes do not exist for grid1.
        var byName = await grid1.GetAsync("/api/areas/search?q=" + Uri.EscapeDataString("第二网格")).Ok();
        Assert.Equal(0, byName.Int("total"));
        var byCode = await grid1.GetAsync("/api/areas/search?q=" + DemoCodes.Grid2).Ok();
        Assert.Equal(0, byCode.Int("total"));
    }

    [Fact]
    public async Task Grid1_cannot_change_or_move_into_grid2()
    {
        var grid1 = await app.ClientFor("grid1");
        var own = await Grid1HouseholdId();
        await grid1.PostJson($"/api/households/{own}/move", new { areaCode = DemoCodes.Grid2 }).Problem(HttpStatusCode.NotFound);
        await grid1.PutJson($"/api/households/{await Grid2HouseholdId()}", new { room = "999" }).Problem(HttpStatusCode.NotFound);
        await grid1.PostJson($"/api/areas/{DemoCodes.Grid2}/households", new { room = "999" }).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Grid1_pages_outside_its_grid_are_not_found()
    {
        var grid1 = await app.ClientFor("grid1");
        Assert.Equal(HttpStatusCode.NotFound, (await grid1.GetAsync($"/areas/{DemoCodes.Grid2}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grid1.GetAsync($"/households/{await Grid2HouseholdId()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grid1.GetAsync($"/fragments/areas/{DemoCodes.Grid2}/children")).StatusCode);
        var own = await grid1.GetAsync($"/areas/{DemoCodes.Grid1}");
        Assert.True(own.StatusCode == HttpStatusCode.OK, string.Join("\n", app.ServerErrors));
        var html = await own.Content.ReadAsStringAsync();
        Assert.Contains("玉苑小区", html);
        Assert.DoesNotContain(DemoCodes.Grid2, html);
    }

    [Fact]
    public async Task Street_staff_see_their_street_and_no_other()
    {
        var street = await app.ClientFor("street");
        var communities = await street.GetAsync($"/api/areas/{DemoCodes.Street}/children").Ok();
        Assert.Equal(10, communities.Int("total"));
        await street.GetAsync($"/api/areas/{DemoCodes.OtherStreet}").Problem(HttpStatusCode.NotFound);
        await street.GetAsync($"/api/areas/{DemoCodes.District}").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Community_worker_sees_its_community_and_no_neighbour()
    {
        var community = await app.ClientFor("community");
        await community.GetAsync($"/api/areas/{DemoCodes.Grid2}").Ok();
        await community.GetAsync($"/api/areas/{DemoCodes.OtherCommunity}").Problem(HttpStatusCode.NotFound);
        await community.PostJson($"/api/areas/{DemoCodes.OtherCommunity}/children", new { name = "x", level = "Grid" }).Problem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("dept")]
    [InlineData("volunteer")]
    [InlineData("resident")]
    public async Task Accounts_outside_area_staff_do_not_browse_the_tree(string userName)
    {
        var client = await app.ClientFor(userName);
        await client.GetAsync($"/api/areas/{DemoCodes.District}").Problem(HttpStatusCode.Forbidden);
        await client.GetAsync($"/api/households/{await Grid1HouseholdId()}").Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        await app.Anonymous().GetAsync($"/api/areas/{DemoCodes.District}").Problem(HttpStatusCode.Unauthorized);
        var page = await app.Anonymous().GetAsync($"/areas/{DemoCodes.District}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DataScopeTestsOnSqlite(SqliteApp app) : DataScopeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DataScopeTestsOnPostgres(PostgresApp app) : DataScopeTests(app);
