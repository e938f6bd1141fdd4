using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Accounts;

public abstract class StaffAssignmentTests(GongzhiApp app)
{
    [Fact]
    public async Task Admin_creates_a_grid_worker_who_then_sees_only_that_grid()
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("gw");
        var created = await admin.PostJson("/api/users", new { userName, displayName = "新网格员", password = "Grid#2026x", role = "grid", areaCodes = new[] { DemoCodes.Grid2 } }).Ok(HttpStatusCode.Created);
        Assert.Equal(DemoCodes.Grid2, created.GetProperty("areas")[0].Str("code"));
        var worker = await app.ClientFor(userName, "Grid#2026x");
        await worker.GetAsync($"/api/areas/{DemoCodes.Grid2}").Ok();
        await worker.GetAsync($"/api/areas/{DemoCodes.Grid1}").Problem(HttpStatusCode.NotFound);
        Assert.Contains(await app.Db(db => db.AuditEntries.Where(a => a.Action == "user.create").Select(a => a.Detail).ToListAsync()), d => d!.Contains(userName));
    }

    [Fact]
    public async Task Account_creation_validates_every_field()
    {
        var admin = await app.ClientFor("admin");
        var before = await app.Db(db => db.Users.CountAsync());
        var problem = await admin.PostJson("/api/users", new { userName = "a", displayName = "", password = "", role = "mayor" }).Problem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "userName", "displayName", "password", "role" }) Assert.True(errors.TryGetProperty(field, out _), field);
        await admin.PostJson("/api/users", new { userName = GongzhiApp.Unique("x"), displayName = "x", password = "Grid#2026x", role = "grid" }).Problem(HttpStatusCode.BadRequest);
        await admin.PostJson("/api/users", new { userName = GongzhiApp.Unique("x"), displayName = "x", password = "short", role = "grid", areaCodes = new[] { DemoCodes.Grid1 } }).Problem(HttpStatusCode.BadRequest);
        await admin.PostJson("/api/users", new { userName = GongzhiApp.Unique("x"), displayName = "x", password = "Grid#2026x", role = "grid", areaCodes = new[] { "nowhere" } }).Problem(HttpStatusCode.BadRequest);
        await admin.PostJson("/api/users", new { userName = "street", displayName = "x", password = "Grid#2026x", role = "street", areaCodes = new[] { DemoCodes.Street } }).Problem(HttpStatusCode.BadRequest);
        await admin.PostJson("/api/users", new { userName = GongzhiApp.Unique("d"), displayName = "x", password = "Dept#2026x", role = "department", departmentCode = "nope" }).Problem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await app.Db(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Community_worker_binds_grid_workers_inside_its_community_only()
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("gw");
        var created = await admin.PostJson("/api/users", new { userName, displayName = "网格员", password = "Grid#2026x", role = "grid", areaCodes = new[] { DemoCodes.Grid1 } }).Ok(HttpStatusCode.Created);
        var id = created.Str("id");
        var community = await app.ClientFor("community");

        var rebound = await community.PutJson($"/api/users/{id}/areas", new { areaCodes = new[] { DemoCodes.Grid2 } }).Ok();
        Assert.Equal([DemoCodes.Grid2], rebound.GetProperty("areas").EnumerateArray().Select(a => a.Str("code")));
        await community.PutJson($"/api/users/{id}/areas", new { areaCodes = new[] { DemoCodes.OtherCommunity + "-W01" } }).Problem(HttpStatusCode.BadRequest);
        await community.PutJson($"/api/users/{id}/areas", new { areaCodes = Array.Empty<string>() }).Problem(HttpStatusCode.BadRequest);

        // Equal or higher rank: not the community worker's to bind; accounts outside its subtree are not found.
        var streetId = await app.Db(db => db.Users.Where(u => u.UserName == "street").Select(u => u.Id).SingleAsync());
        await community.PutJson($"/api/users/{streetId}/areas", new { areaCodes = new[] { DemoCodes.Community } }).Problem(HttpStatusCode.NotFound);
        var grid1 = await app.ClientFor("grid1");
        await grid1.PutJson($"/api/users/{id}/areas", new { areaCodes = new[] { DemoCodes.Grid1 } }).Problem(HttpStatusCode.Forbidden);
        await community.PostJson("/api/users", new { userName = GongzhiApp.Unique("x"), displayName = "x", password = "Grid#2026x", role = "grid", areaCodes = new[] { DemoCodes.Grid1 } }).Problem(HttpStatusCode.Forbidden);

        var list = await community.GetAsync("/api/users?role=grid").Ok();
        Assert.Contains(list.Items(), u => u.Str("userName") == userName);
        Assert.DoesNotContain(list.Items(), u => u.Str("userName") == "street");
    }

    [Fact]
    public async Task An_account_bound_in_two_communities_shows_each_reader_only_the_bindings_in_its_reach()
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("gw");
        var created = await admin.PostJson("/api/users", new { userName, displayName = "两社区网格员", password = "Grid#2026x", role = "grid", areaCodes = new[] { DemoCodes.Grid1, DemoCodes.OtherCommunity } }).Ok(HttpStatusCode.Created);
        var id = created.Str("id");
        Assert.Equal([DemoCodes.OtherCommunity, DemoCodes.Grid1], created.GetProperty("areas").EnumerateArray().Select(a => a.Str("code")));

        var community = await app.ClientFor("community");
        var one = await community.GetAsync($"/api/users/{id}").Ok();
        Assert.Equal([DemoCodes.Grid1], one.GetProperty("areas").EnumerateArray().Select(a => a.Str("code")));
        var listed = (await community.GetAsync($"/api/users?q={userName}").Ok()).Items().Single(u => u.Str("userName") == userName);
        Assert.Equal([DemoCodes.Grid1], listed.GetProperty("areas").EnumerateArray().Select(a => a.Str("code")));

        // The street office covers both communities and sees both bindings.
        var street = await app.ClientFor("street");
        var both = await street.GetAsync($"/api/users/{id}").Ok();
        Assert.Equal([DemoCodes.OtherCommunity, DemoCodes.Grid1], both.GetProperty("areas").EnumerateArray().Select(a => a.Str("code")));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StaffAssignmentTestsOnSqlite(SqliteApp app) : StaffAssignmentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StaffAssignmentTestsOnPostgres(PostgresApp app) : StaffAssignmentTests(app);
