using System.Net;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The request pages as a grid worker uses them on a phone: the role lists, the request with its timeline and the forms of its current step.</summary>
public abstract class RequestPagesTests(GongzhiApp app)
{
    private async Task<long> NewRequestAsync(string description)
    {
        var community = await app.ClientFor("community");
        var created = await community.PostJson("/api/requests", new
        {
            channel = "Window", categoryCode = "property.leak", areaCode = DemoCodes.Grid1, submitterName = "李阿姨", submitterPhone = "13900005555", description,
        }).Ok(HttpStatusCode.Created);
        return created.GetProperty("request").GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task The_list_shows_the_role_tabs_and_the_request_and_grid2_does_not_see_it()
    {
        var text = "卫生间漏水" + GongzhiApp.Unique("");
        var id = await NewRequestAsync(text);
        var grid1 = await PageBrowser.SignIn(app, "grid1");
        var (status, html) = await grid1.Get("/requests?list=Area&q=" + Uri.EscapeDataString(text));
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var tab in new[] { "我的待办", "辖区诉求", "已超时", "待评价", "待回访" }) Assert.Contains(tab, html);
        Assert.Contains($"href=\"/requests/{id}\"", html);
        Assert.Contains("待受理", html);
        var grid2 = await PageBrowser.SignIn(app, "grid2");
        Assert.DoesNotContain($"href=\"/requests/{id}\"", (await grid2.Get("/requests?list=Area&q=" + Uri.EscapeDataString(text))).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.Get($"/requests/{id}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await grid1.Get("/requests?list=Area&status=Nope")).Status);
    }

    [Fact]
    public async Task A_grid_worker_accepts_starts_and_resolves_on_the_page_and_a_refused_step_shows_its_error()
    {
        var id = await NewRequestAsync("楼顶渗水" + GongzhiApp.Unique(""));
        var grid1 = await PageBrowser.SignIn(app, "grid1");
        var (_, page) = await grid1.Get($"/requests/{id}");
        Assert.Contains("接单", page);
        Assert.Contains("timeline", page);

        Assert.Equal(HttpStatusCode.Redirect, (await grid1.PostForm($"/requests/{id}", "accept", ("NoteInput.Note", "这就去看"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await grid1.PostForm($"/requests/{id}", "start")).StatusCode);
        // Resolving without a note is refused: the page answers 400 with the error by the field, and nothing changes.
        var refused = await grid1.PostForm($"/requests/{id}", "resolve", ("NoteInput.Note", ""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("请填写说明", PageBrowser.FieldError(await refused.Content.ReadAsStringAsync(), "resolve-note"));
        Assert.Equal(RequestStatus.InProgress, await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await grid1.PostForm($"/requests/{id}", "resolve", ("NoteInput.Note", "已更换防水层"))).StatusCode);
        var (_, done) = await grid1.Get($"/requests/{id}");
        Assert.Contains("已更换防水层", done);
        Assert.Contains("已办结待评价", done);
        Assert.Equal(RequestStatus.Resolved, await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestPagesTestsOnSqlite(SqliteApp app) : RequestPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RequestPagesTestsOnPostgres(PostgresApp app) : RequestPagesTests(app);
