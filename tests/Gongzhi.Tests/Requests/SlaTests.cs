using System.Net;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Sla;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Requests;

/// <summary>The SLA job on a moved clock: a warning before a deadline, an overdue mark after it, each once, with messages to the responsible person and their supervisor.</summary>
public abstract class SlaTests(GongzhiApp app)
{
    private Task<int> RunAt(DateTimeOffset at) =>
        app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<RequestSla>(sp, new FakeTimeProvider(at)).RunAsync(default));

    private Task<Request> RequestAsync(long id) => app.Db(db => db.Requests.IgnoreQueryFilters().AsNoTracking().SingleAsync(r => r.Id == id));

    private Task<List<(string Key, string? UserId)>> MessagesAsync(long id) =>
        app.Db(async db => (await db.Notifications.Where(n => n.DedupKey.StartsWith($"request:{id}:")).Select(n => new { n.DedupKey, n.RecipientUserId }).ToListAsync())
            .Select(n => (n.DedupKey.Split('|')[0], n.RecipientUserId)).ToList());

    private Task<string> UserIdAsync(string userName) => app.Db(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    [Fact]
    public void The_module_declares_the_sla_job()
    {
        var catalog = app.Services.GetRequiredService<ModuleCatalog>();
        Assert.Contains(catalog.Jobs, j => j.Module == "Requests" && j.Job.Name == "requests.sla");
    }

    [Fact]
    public async Task Deadlines_warn_then_mark_overdue_once_and_tell_the_responsible_person_and_their_supervisor()
    {
        var community = await app.ClientFor("community");
        // A grid of its own with one grid worker, so that the messages are countable.
        var grid = (await app.Given.GridAsync()).Str("code");
        var workerName = "sla" + Guid.NewGuid().ToString("N")[..8];
        var worker = (await (await app.ClientFor("admin")).PostJson("/api/users", new
        {
            userName = workerName, displayName = "超时测试网格员", password = GongzhiApp.Password, role = "grid", areaCodes = new[] { grid },
        }).Ok(HttpStatusCode.Created)).Str("id");
        // 垃圾清运: accept within 4 hours, resolve within 24.
        var created = await community.PostJson("/api/requests", new
        {
            channel = "Phone", categoryCode = "sanitation.garbage", areaCode = grid, submitterName = "孙", submitterPhone = "13800003333",
            description = "垃圾三天未清运" + GongzhiApp.Unique(""),
        }).Ok(HttpStatusCode.Created);
        var id = created.GetProperty("request").GetProperty("id").GetInt64();
        var t0 = (await RequestAsync(id)).SubmittedAt;
        var communityId = await UserIdAsync("community");

        await RunAt(t0.AddMinutes(1));
        Assert.Null((await RequestAsync(id)).AcceptWarnedAt);
        Assert.Empty(await MessagesAsync(id));

        // An hour before the accept deadline the grid's worker is warned, once.
        await RunAt(t0.AddHours(3).AddMinutes(5));
        await RunAt(t0.AddHours(3).AddMinutes(10));
        Assert.NotNull((await RequestAsync(id)).AcceptWarnedAt);
        Assert.Equal([($"request:{id}:accept-warning:0", worker)], await MessagesAsync(id));

        // Past it: marked overdue (timeline, audit), the worker told, and the community (their supervisor) too; once.
        await RunAt(t0.AddHours(4).AddMinutes(10));
        var marked = await MessagesAsync(id);
        await RunAt(t0.AddHours(4).AddMinutes(20));
        var late = await RequestAsync(id);
        Assert.NotNull(late.AcceptOverdueAt);
        Assert.Equal(20, late.OverdueMinutes);
        var messages = await MessagesAsync(id);
        Assert.Equal(marked.Count, messages.Count);
        Assert.Contains(($"request:{id}:accept-overdue:0", worker), messages);
        Assert.Contains(($"request:{id}:accept-overdue-supervisor:0", communityId), messages);
        Assert.DoesNotContain(($"request:{id}:accept-overdue-supervisor:0", worker), messages);
        Assert.Equal(1, await app.Db(db => db.RequestEvents.CountAsync(e => e.RequestId == id && e.Kind == RequestEventKind.Overdue)));
        Assert.Equal(1, await app.Db(db => db.AuditEntries.CountAsync(e => e.EntityType == "request" && e.EntityId == id.ToString() && e.Action == "request.overdue")));
        var listed = await community.GetAsync($"/api/requests/{id}").Ok();
        Assert.Equal(20, listed.GetProperty("request").GetProperty("overdueMinutes").GetInt32());

        // Accepted (now, before the real deadline) and handed to the grid worker: past the resolve deadline the handler and
        // the first acceptor are told, and the community above the grid worker supervises.
        await community.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/assign", new { assigneeUserName = workerName }).Ok();
        await RunAt(t0.AddHours(24).AddMinutes(30));
        var overdue = await RequestAsync(id);
        Assert.NotNull(overdue.ResolveOverdueAt);
        Assert.Equal(30, overdue.OverdueMinutes);
        messages = await MessagesAsync(id);
        Assert.Contains(($"request:{id}:resolve-overdue:0", worker), messages);
        Assert.Contains(($"request:{id}:resolve-overdue:0", communityId), messages);
        Assert.Contains(($"request:{id}:resolve-overdue-supervisor:0", communityId), messages);
    }

    [Fact]
    public async Task Resolved_and_closed_requests_are_left_alone()
    {
        var community = await app.ClientFor("community");
        var grid = await app.Given.GridAsync();
        var created = await community.PostJson("/api/requests", new
        {
            channel = "Window", categoryCode = "safety.fire", areaCode = grid.Str("code"), submitterName = "周", submitterPhone = "13800004444", description = "消防通道堵塞",
        }).Ok(HttpStatusCode.Created);
        var id = created.GetProperty("request").GetProperty("id").GetInt64();
        await community.PostJson($"/api/requests/{id}/accept", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/start", new { }).Ok();
        await community.PostJson($"/api/requests/{id}/resolve", new { note = "已清理" }).Ok();
        var t0 = (await RequestAsync(id)).SubmittedAt;
        await RunAt(t0.AddDays(3));
        var r = await RequestAsync(id);
        Assert.Null(r.ResolveOverdueAt);
        Assert.Equal(0, r.OverdueMinutes);
        Assert.Empty(await MessagesAsync(id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SlaTestsOnSqlite(SqliteApp app) : SlaTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SlaTestsOnPostgres(PostgresApp app) : SlaTests(app);
