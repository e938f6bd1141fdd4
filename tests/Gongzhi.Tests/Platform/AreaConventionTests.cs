using System.Net;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>
/// Data hung on the area tree follows one convention (IAreaScoped), applied by GongzhiDb: filtered by scope, carried
/// along when a subtree moves, and protecting its node from deletion. Each test builds its own subtree.
/// </summary>
public abstract class AreaConventionTests(GongzhiApp app)
{
    [Fact]
    public async Task Moving_a_compound_carries_its_merchants_facilities_and_households_along()
    {
        var from = await app.Given.GridAsync();
        var to = await app.Given.GridAsync();
        var compound = await app.Given.CompoundAsync(from.Str("code"));
        var building = await app.Given.BuildingAsync(compound.Str("code"));
        var merchant = await app.Given.MerchantAsync(compound.Str("code"));
        var facility = await app.Given.FacilityAsync(building.Str("code"));
        var household = await app.Given.HouseholdAsync(building.Str("code"));
        var community = await app.ClientFor("community");
        // A policy keeps a copy of its area's path without being scoped by it: the copy follows the move too.
        var policy = await community.PostJson("/api/policies", new { name = GongzhiApp.Unique("政策"), department = "民政局", areaCode = compound.Str("code"), rule = "age >= 80" })
            .Ok(HttpStatusCode.Created);

        var moved = await community.PostJson($"/api/areas/{compound.Str("code")}/move", new { newParentCode = to.Str("code") }).Ok();
        Assert.StartsWith(to.Str("path"), moved.Str("path"));

        foreach (var (kind, id) in new[] { ("merchants", merchant.GetProperty("id").GetInt64()), ("facilities", facility.GetProperty("id").GetInt64()) })
        {
            var inNew = await community.GetAsync($"/api/areas/{to.Str("code")}/{kind}").Ok();
            Assert.Contains(inNew.Items(), i => i.GetProperty("id").GetInt64() == id);
            var inOld = await community.GetAsync($"/api/areas/{from.Str("code")}/{kind}").Ok();
            Assert.DoesNotContain(inOld.Items(), i => i.GetProperty("id").GetInt64() == id);
        }
        var households = await community.GetAsync($"/api/areas/{to.Str("code")}/households").Ok();
        Assert.Contains(households.Items(), h => h.GetProperty("id").GetInt64() == household.GetProperty("id").GetInt64());
        // The stored copies, not only what the lists show: nothing keeps the old path.
        var stale = await app.Db(async db =>
            await db.Merchants.CountAsync(m => m.AreaPath.StartsWith(from.Str("path"))) + await db.Facilities.CountAsync(f => f.AreaPath.StartsWith(from.Str("path")))
            + await db.Households.CountAsync(h => h.AreaPath.StartsWith(from.Str("path"))) + await db.AreaNodes.CountAsync(n => n.Path.StartsWith(from.Str("path")) && n.Code != from.Str("code")));
        Assert.Equal(0, stale);
        var policyPath = await app.Db(db => db.Policies.Where(p => p.Id == policy.GetProperty("id").GetInt64()).Select(p => p.AreaPath).SingleAsync());
        Assert.Equal(moved.Str("path"), policyPath);
    }

    [Fact]
    public async Task Deleting_a_node_that_holds_anything_is_a_clear_409_naming_it()
    {
        var grid = await app.Given.GridAsync();
        var compound = await app.Given.CompoundAsync(grid.Str("code"));
        await app.Given.MerchantAsync(compound.Str("code"));

        var community = await app.ClientFor("community");
        var problem = await community.DeleteAsync($"/api/areas/{compound.Str("code")}").Problem(HttpStatusCode.Conflict);
        Assert.Contains("商户 1", problem.Str("detail"));
        var english = await app.ClientFor("community", culture: "en-US");
        Assert.Contains("Merchants 1", (await english.DeleteAsync($"/api/areas/{compound.Str("code")}").Problem(HttpStatusCode.Conflict)).Str("detail"));
        await community.GetAsync($"/api/areas/{compound.Str("code")}").Ok();
        Assert.Single((await community.GetAsync($"/api/areas/{compound.Str("code")}/merchants").Ok()).Items());

        // Child nodes count too, and an empty node goes.
        var building = await app.Given.BuildingAsync(grid.Str("code"));
        var other = await app.Given.CompoundAsync(grid.Str("code"));
        await app.Given.BuildingAsync(other.Str("code"));
        Assert.Contains("下级节点 1", (await community.DeleteAsync($"/api/areas/{other.Str("code")}").Problem(HttpStatusCode.Conflict)).Str("detail"));
        var deleted = await community.DeleteAsync($"/api/areas/{building.Str("code")}");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        await community.GetAsync($"/api/areas/{building.Str("code")}").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creating_a_record_writes_its_audit_entry_with_its_id_in_the_same_save()
    {
        var grid = await app.Given.GridAsync();
        var household = await app.Given.HouseholdAsync(grid.Str("code"));
        var id = household.GetProperty("id").GetInt64().ToString();
        var entries = await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "household" && a.EntityId == id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["household.create"], entries);
        var facility = await app.Given.FacilityAsync(grid.Str("code"));
        var facilityId = facility.GetProperty("id").GetInt64().ToString();
        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync(a => a.EntityType == "facility" && a.EntityId == facilityId && a.Action == "facility.create")));
    }

    [Fact]
    public async Task Every_entity_with_an_area_path_follows_the_convention()
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().GrantAll();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        var design = db.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
        var scoped = 0;
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var type = entity.ClrType;
            if (entity.FindProperty(nameof(IAreaScoped.AreaPath)) is not { } path) continue;
            Assert.True(AreaScoping.IsScoped(type) || AreaScoping.IsExempt(type),
                $"{type.Name} has an AreaPath but is neither IAreaScoped nor [AreaPathNotScoped(reason)].");
            if (app.Provider == DatabaseProvider.Postgres) Assert.Equal("C", design.FindEntityType(type)!.FindProperty(nameof(IAreaScoped.AreaPath))!.GetCollation());
            if (!AreaScoping.IsScoped(type)) continue;
            scoped++;
            Assert.NotEmpty(entity.GetDeclaredQueryFilters());
            Assert.NotEqual(type.Name, AreaScoping.Label(type)); // a [Display(Name)] for the 409 problem
        }
        Assert.True(scoped >= 5);
    }

    [Fact]
    public async Task A_query_outside_a_request_without_a_stated_reach_throws()
    {
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Households.CountAsync());
            Assert.Contains("reach", error.Message);
        }
        var all = await app.Services.AsSystemAsync(sp => sp.GetRequiredService<GongzhiDb>().Households.CountAsync());
        var grid1 = await app.Db(db => db.Users.Where(u => u.UserName == "grid1").Select(u => u.Id).SingleAsync());
        var (seen, outside) = await app.Services.AsAccountAsync(grid1, async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            return (await db.Households.CountAsync(), await db.Households.CountAsync(h => !h.AreaPath.Contains(DemoCodes.Grid1)));
        }, default);
        Assert.InRange(seen, 1, all - 1);
        Assert.Equal(0, outside);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AreaConventionTestsOnSqlite(SqliteApp app) : AreaConventionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AreaConventionTestsOnPostgres(PostgresApp app) : AreaConventionTests(app);
