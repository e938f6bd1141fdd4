using System.Net;
using Gongzhi.Tests.Infrastructure;
using Xunit;

namespace Gongzhi.Tests.Audit;

public abstract class AuditTests(GongzhiApp app)
{
    [Fact]
    public async Task Changes_are_audited_with_who_and_admins_search_them()
    {
        var community = await app.ClientFor("community");
        var name = GongzhiApp.Unique("审计网格");
        var grid = await community.PostJson($"/api/areas/{DemoCodes.Community}/children", new { name, level = "Grid" }).Ok(HttpStatusCode.Created);
        await community.PutJson($"/api/areas/{grid.Str("code")}", new { name = name + "2" }).Ok();

        var admin = await app.ClientFor("admin");
        var entries = await admin.GetAsync($"/api/audit?entityId={grid.Str("code")}").Ok();
        Assert.Equal(2, entries.Int("total"));
        var update = entries.Items().First();
        Assert.Equal("area.update", update.Str("action"));
        Assert.Equal("community", update.Str("userName"));
        Assert.Equal($"name: {name} → {name}2", update.Str("detail"));
        var byUser = await admin.GetAsync($"/api/audit?user=community&action=area.create&from={DateTime.UtcNow:yyyy-MM-dd}").Ok();
        Assert.Contains(byUser.Items(), e => e.Str("entityId") == grid.Str("code"));
        var future = await admin.GetAsync($"/api/audit?from={DateTime.UtcNow.AddDays(2):yyyy-MM-dd}").Ok();
        Assert.Equal(0, future.Int("total"));
    }

    [Fact]
    public async Task Only_admins_read_the_audit_log()
    {
        var street = await app.ClientFor("street");
        await street.GetAsync("/api/audit").Problem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await street.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientFor("admin")).GetAsync("/admin/audit")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditTestsOnSqlite(SqliteApp app) : AuditTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AuditTestsOnPostgres(PostgresApp app) : AuditTests(app);
