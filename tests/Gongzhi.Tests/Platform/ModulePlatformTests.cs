using System.Net;
using Gongzhi.Tests.Infrastructure;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>The menu and the home page are what the modules declare, shown by each entry's policy.</summary>
public abstract class ModulePlatformTests(GongzhiApp app)
{
    private async Task<string> HomeAs(string account)
    {
        var response = await (await app.ClientFor(account)).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_menu_shows_each_role_what_its_policies_allow()
    {
        var grid = await HomeAs("grid1");
        foreach (var entry in new[] { "href=\"/areas\"", "href=\"/residents\"", "href=\"/registry/import\"" }) Assert.Contains(entry, grid);
        foreach (var entry in new[] { "href=\"/admin/users\"", "href=\"/admin/audit\"", "系统管理" }) Assert.DoesNotContain(entry, grid);

        var community = await HomeAs("community");
        Assert.Contains("href=\"/admin/users\"", community);
        Assert.Contains("href=\"/admin/audit\"", community); // the audit of its own subtree
        Assert.DoesNotContain("href=\"/admin/departments\"", community);

        var admin = await HomeAs("admin");
        foreach (var entry in new[] { "系统管理", "href=\"/admin/departments\"", "href=\"/admin/divisions\"", "href=\"/admin/audit\"", "href=\"/api-docs/\"" }) Assert.Contains(entry, admin);

        var department = await HomeAs("dept");
        foreach (var entry in new[] { "href=\"/areas\"", "href=\"/residents\"", "href=\"/admin/users\"" }) Assert.DoesNotContain(entry, department);
    }

    [Fact]
    public async Task The_home_page_greets_by_display_name_and_shows_the_sections_of_the_role()
    {
        var grid = await HomeAs("grid1");
        Assert.Contains("欢迎，南门社区 第一网格 张网格员", grid);
        Assert.Contains("我的区域", grid);
        Assert.Contains($"href=\"/areas/{DemoCodes.Grid1}\"", grid);
        Assert.DoesNotContain("派给本部门的诉求将显示在这里。", grid);

        var department = await HomeAs("dept");
        Assert.Contains("派给本部门的诉求将显示在这里。", department);
        Assert.DoesNotContain("我的区域", department);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ModulePlatformTestsOnSqlite(SqliteApp app) : ModulePlatformTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ModulePlatformTestsOnPostgres(PostgresApp app) : ModulePlatformTests(app);
