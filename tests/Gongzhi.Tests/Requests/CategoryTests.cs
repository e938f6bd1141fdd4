using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Requests;

/// <summary>The category tree: seeded defaults, admin changes with validation, retirement, and who may change it.</summary>
public abstract class CategoryTests(GongzhiApp app)
{
    private static string NewCode() => "t" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task The_default_tree_is_seeded_with_service_levels()
    {
        var grid1 = await app.ClientFor("grid1");
        var list = (await grid1.GetAsync("/api/request-categories").Ok()).EnumerateArray().ToList();
        var property = list.Single(c => c.Str("code") == "property");
        Assert.Equal("物业管理", property.Str("name"));
        var leak = list.Single(c => c.Str("code") == "property.leak");
        Assert.Equal("漏水", leak.Str("name"));
        Assert.Equal("property", leak.Str("parentCode"));
        Assert.True(leak.Int("acceptWithinHours") <= leak.Int("resolveWithinHours"));
        // Parents come before their children.
        Assert.True(list.IndexOf(property) < list.IndexOf(leak));
        foreach (var name in new[] { "环境卫生", "邻里纠纷", "停车", "供暖" }) Assert.Contains(list, c => c.Str("name") == name);
    }

    [Fact]
    public async Task Admin_creates_edits_retires_and_restores_a_category_and_each_change_is_audited()
    {
        var admin = await app.ClientFor("admin");
        var parent = NewCode();
        await admin.PostJson("/api/request-categories", new { code = parent, name = "测试大类", handlerLevel = "Community", acceptWithinHours = 4, resolveWithinHours = 48 })
            .Ok(HttpStatusCode.Created);
        var child = parent + ".sub";
        var created = await admin.PostJson("/api/request-categories",
            new { code = child, name = "测试小类", parentCode = parent, handlerLevel = "Grid", acceptWithinHours = 2, resolveWithinHours = 24 }).Ok(HttpStatusCode.Created);
        Assert.Equal(parent, created.Str("parentCode"));

        var edited = await admin.PutJson($"/api/request-categories/{child}",
            new { name = "测试小类二", parentCode = parent, handlerLevel = "Department", acceptWithinHours = 1, resolveWithinHours = 12 }).Ok();
        Assert.Equal("Department", edited.Str("handlerLevel"));
        Assert.Equal(12, edited.Int("resolveWithinHours"));

        // A parent with an active child is not retired; the child first, then the parent.
        await admin.PostAsync($"/api/request-categories/{parent}/retire", null).Problem(HttpStatusCode.Conflict);
        await admin.PostAsync($"/api/request-categories/{child}/retire", null).Ok();
        await admin.PostAsync($"/api/request-categories/{child}/retire", null).Problem(HttpStatusCode.Conflict);
        await admin.PostAsync($"/api/request-categories/{parent}/retire", null).Ok();
        var active = (await admin.GetAsync("/api/request-categories").Ok()).EnumerateArray();
        Assert.DoesNotContain(active, c => c.Str("code") == child);
        var all = (await admin.GetAsync("/api/request-categories?includeRetired=true").Ok()).EnumerateArray();
        Assert.True(all.Single(c => c.Str("code") == child).GetProperty("isRetired").GetBoolean());
        // A child does not come back under a retired parent.
        await admin.PostAsync($"/api/request-categories/{child}/restore", null).Problem(HttpStatusCode.Conflict);
        await admin.PostAsync($"/api/request-categories/{parent}/restore", null).Ok();
        await admin.PostAsync($"/api/request-categories/{child}/restore", null).Ok();

        var actions = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "request-category" && (e.EntityId == parent || e.EntityId == child))
            .Select(e => e.Action).ToListAsync());
        Assert.Equal(2, actions.Count(a => a == "request-category.create"));
        Assert.Single(actions, a => a == "request-category.update");
        Assert.Equal(2, actions.Count(a => a == "request-category.retire"));
        Assert.Equal(2, actions.Count(a => a == "request-category.restore"));
    }

    [Fact]
    public async Task Invalid_input_is_refused_field_by_field_and_changes_nothing()
    {
        var admin = await app.ClientFor("admin");
        var problem = await admin.PostJson("/api/request-categories", new { code = "Bad Code!", name = "", acceptWithinHours = 0, resolveWithinHours = 100000 })
            .Problem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "code", "name", "handlerLevel", "acceptWithinHours", "resolveWithinHours" })
            Assert.True(errors.TryGetProperty(field, out _), field);

        var code = NewCode();
        var late = await admin.PostJson("/api/request-categories", new { code, name = "测试", handlerLevel = "Grid", acceptWithinHours = 48, resolveWithinHours = 24 })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(late.GetProperty("errors").TryGetProperty("resolveWithinHours", out _));
        // Two levels only: a subcategory cannot be a parent.
        var deep = await admin.PostJson("/api/request-categories", new { code, name = "测试", parentCode = "property.leak", handlerLevel = "Grid", acceptWithinHours = 1, resolveWithinHours = 2 })
            .Problem(HttpStatusCode.BadRequest);
        Assert.True(deep.GetProperty("errors").TryGetProperty("parentCode", out _));
        await admin.PostJson("/api/request-categories", new { code = "property", name = "重复", handlerLevel = "Grid", acceptWithinHours = 1, resolveWithinHours = 2 })
            .Problem(HttpStatusCode.Conflict);
        Assert.False(await app.Db(db => db.RequestCategories.AnyAsync(c => c.Code == code)));
    }

    [Fact]
    public async Task Only_admins_change_categories()
    {
        foreach (var account in new[] { "community", "street", "grid1", "dept" })
        {
            var client = await app.ClientFor(account);
            await client.GetAsync("/api/request-categories").Ok();
            var response = await client.PostJson("/api/request-categories", new { code = NewCode(), name = "测试", handlerLevel = "Grid", acceptWithinHours = 1, resolveWithinHours = 2 });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/request-categories/other/retire", null)).StatusCode);
        }
        await app.Anonymous().GetAsync("/api/request-categories").Problem(HttpStatusCode.Unauthorized);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CategoryTestsOnSqlite(SqliteApp app) : CategoryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CategoryTestsOnPostgres(PostgresApp app) : CategoryTests(app);
