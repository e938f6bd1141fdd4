using System.Net;
using System.Text.RegularExpressions;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The staff pages of oversight: the new-request form with its duplicate warning, 督办 on a request, sessions, statistics.</summary>
public abstract class RequestOversightPagesTests(GongzhiApp app)
{
    private Task<int> CountAtAsync(string areaCode) =>
        app.Db(db => db.Requests.IgnoreQueryFilters().CountAsync(r => db.AreaNodes.Any(n => n.Id == r.AreaNodeId && n.Code == areaCode)));

    private static (string, string)[] NewRequest(string areaCode, string description, bool confirmed = false) =>
    [
        ("Input.Channel", "Window"), ("Input.CategoryCode", "property.leak"), ("Input.AreaCode", areaCode), ("Input.SubmitterName", "郑阿姨"),
        ("Input.SubmitterPhone", "13600002222"), ("Input.Description", description), .. confirmed ? new[] { ("Input.Confirmed", "true") } : [],
    ];

    private static long IdFrom(HttpResponseMessage redirect) =>
        long.Parse(Regex.Match(redirect.Headers.Location!.OriginalString, @"/requests/(\d+)$").Groups[1].Value);

    [Fact]
    public async Task The_new_request_form_shows_field_errors_then_warns_about_a_possible_duplicate_before_saving_it()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var building = (await app.Given.BuildingAsync(grid)).Str("code");
        var community = await PageBrowser.SignIn(app, "community");

        var refused = await community.PostForm("/requests/new", "new-request", ("Input.Channel", "Window"), ("Input.AreaCode", building));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.NotNull(PageBrowser.FieldError(html, "new-request-description"));
        Assert.NotNull(PageBrowser.FieldError(html, "new-request-categoryCode"));
        Assert.Contains(building, html); // what was typed stays
        Assert.Equal(0, await CountAtAsync(building));

        var first = await community.PostForm("/requests/new", "new-request", NewRequest(building, "厨房漏水"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var firstId = IdFrom(first);

        // The same category at the same place: a warning with a link, nothing saved until confirmed.
        var warned = await community.PostForm("/requests/new", "new-request", NewRequest(building, "厨房又漏水了"));
        Assert.Equal(HttpStatusCode.Conflict, warned.StatusCode);
        var warning = await warned.Content.ReadAsStringAsync();
        Assert.Contains("possible-duplicates", warning);
        Assert.Contains($"href=\"/requests/{firstId}\"", warning);
        Assert.Contains("save-anyway", warning);
        Assert.Contains("厨房又漏水了", warning);
        Assert.Equal(1, await CountAtAsync(building));
        var confirmed = await community.PostForm("/requests/new", "new-request", NewRequest(building, "厨房又漏水了", confirmed: true));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(2, await CountAtAsync(building));
    }

    [Fact]
    public async Task Street_staff_supervise_on_the_request_page_and_the_community_sees_the_flag_without_the_form()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var community = await PageBrowser.SignIn(app, "community");
        var id = IdFrom(await community.PostForm("/requests/new", "new-request", NewRequest(grid, "楼道漏水" + GongzhiApp.Unique(""))));
        Assert.DoesNotContain("form-supervise", (await community.Get($"/requests/{id}")).Html);

        var street = await PageBrowser.SignIn(app, "street");
        var refused = await street.PostForm($"/requests/{id}", "supervise", ("SupervisionInput.Note", ""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await refused.Content.ReadAsStringAsync(), "supervise-note"));
        Assert.Equal(HttpStatusCode.Redirect, (await street.PostForm($"/requests/{id}", "supervise", ("SupervisionInput.Note", "请本周内办结"))).StatusCode);
        var (_, page) = await community.Get($"/requests/{id}");
        Assert.Contains("id=\"supervision\"", page);
        Assert.Contains("请本周内办结", page);
        Assert.Contains("督办", (await community.Get("/requests?list=Supervised")).Html);
    }

    [Fact]
    public async Task A_session_is_recorded_on_its_page_and_a_matter_taken_there_links_to_it()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var community = await PageBrowser.SignIn(app, "community");
        var refused = await community.PostForm("/requests/sessions", "new-session", ("Input.AreaCode", grid));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await refused.Content.ReadAsStringAsync(), "new-session-place"));

        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        var created = await community.PostForm("/requests/sessions", "new-session", ("Input.HeldOn", today), ("Input.Place", "网格议事点"), ("Input.AreaCode", grid));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var sessionUrl = created.Headers.Location!.OriginalString;
        var sessionId = long.Parse(sessionUrl[(sessionUrl.LastIndexOf('/') + 1)..]);
        var (_, page) = await community.Get(sessionUrl);
        Assert.Contains("网格议事点", page);
        Assert.Contains($"/requests/new?session={sessionId}", page);

        var matter = await community.PostForm($"/requests/new?session={sessionId}&area={grid}", "new-request",
            ("Input.SessionId", sessionId.ToString()), ("Input.Channel", "SecretarySession"), ("Input.CategoryCode", "dispute"), ("Input.AreaCode", grid),
            ("Input.SubmitterName", "冯大爷"), ("Input.SubmitterPhone", "13600003333"), ("Input.Description", "广场舞噪音扰民"));
        Assert.Equal(HttpStatusCode.Redirect, matter.StatusCode);
        var id = IdFrom(matter);
        Assert.Equal((long?)sessionId, await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => r.SessionId).SingleAsync()));
        Assert.Equal(RequestChannel.SecretarySession, await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.Id == id).Select(r => r.Channel).SingleAsync()));
        Assert.Contains("广场舞噪音扰民", (await community.Get(sessionUrl)).Html);
        Assert.Contains($"/requests/sessions/{sessionId}", (await community.Get($"/requests/{id}")).Html);
    }

    [Fact]
    public async Task The_statistics_page_embeds_the_chart_data_and_the_tables_within_the_callers_reach()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var community = await PageBrowser.SignIn(app, "community");
        await community.PostForm("/requests/new", "new-request", NewRequest(grid, "统计页漏水"));
        var (status, html) = await community.Get($"/requests/statistics?area={grid}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("id=\"statistics-data\"", html);
        Assert.Contains("/lib/echarts/echarts.min.js", html);
        Assert.Contains("id=\"by-category\"", html);
        Assert.Matches(new Regex("<tr data-key=\"property\"><th scope=\"row\">物业管理</th><td>1</td>"), html);
        Assert.Contains($"/api/requests/statistics.xlsx?area={grid}", html);
        var grid1 = await PageBrowser.SignIn(app, "grid1");
        Assert.Equal(HttpStatusCode.NotFound, (await grid1.Get($"/requests/statistics?area={grid}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await community.Get("/requests/statistics?from=2026-10-01&to=2026-09-01")).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RequestOversightPagesTestsOnSqlite(SqliteApp app) : RequestOversightPagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RequestOversightPagesTestsOnPostgres(PostgresApp app) : RequestOversightPagesTests(app);
