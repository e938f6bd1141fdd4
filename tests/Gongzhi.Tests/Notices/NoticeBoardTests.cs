using System.Net;
using System.Text.Json;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Notices;

/// <summary>
/// The poster as a PDF (read back with pdftotext: the title, the urgency, the issuing area and the public link; a
/// 404 outside the writer's subtree) and an area's public notice board: the published notices to every resident that
/// reach the node (its own and its ancestors'), not a sibling's or a child's, not scheduled, waiting, withdrawn or
/// tag-targeted ones, emergencies first, paged, with no audience details; unknown areas are 404.
/// </summary>
public abstract class NoticeBoardTests(GongzhiApp app) : IAsyncLifetime
{
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow.AddSeconds(-1);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => app.Given.NoticesWithdrawnSinceAsync(_started);

    private static object Notice(string area, string title, string urgency = "Normal", string[]? tags = null, DateTimeOffset? publishAt = null) =>
        new { title, body = "周六上午停水。\n请提前储水。", urgency, areaCodes = new[] { area }, channels = new[] { "InApp" }, tags, publishAt };

    private static async Task<long> WriteAsync(HttpClient client, object notice) =>
        (await client.PostJson("/api/notices", notice).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();

    [Fact]
    public async Task The_poster_pdf_carries_the_title_urgency_issuer_and_public_link_for_staff_in_reach_only()
    {
        var grid = await app.Given.GridAsync();
        var community = await app.ClientFor("community");
        var title = GongzhiApp.Unique("海报PDF通知");
        var id = await WriteAsync(community, Notice(grid.Str("code"), title, urgency: "Emergency"));

        var (_, page) = await (await Pages.PageBrowser.SignIn(app, "community")).Get($"/notices/{id}/poster");
        Assert.Contains($"href=\"/api/notices/{id}/poster.pdf\"", page);
        Assert.Contains("下载 PDF", page);

        var response = await community.GetAsync($"/api/notices/{id}/poster.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = await PdfText.TextAsync(pdf);
        Assert.Contains(title, text);
        Assert.Contains("紧急通知", text);
        Assert.Contains("周六上午停水。", text);
        Assert.Contains(grid.Str("name"), text);
        Assert.Contains($"http://localhost/n/{id}", text);
        Assert.Contains("(A4)", await PdfText.InfoAsync(pdf));
        // The printed QR code, read as a phone would, opens the public page.
        Assert.Equal([$"http://localhost/n/{id}"], await PdfText.QrCodesAsync(pdf));
        // The urgency line is printed in red, as on the page; a normal notice's poster has no red at all.
        Assert.True(await PdfText.RedPixelsAsync(pdf) > 20, "the emergency line is not red");
        var normal = await WriteAsync(community, Notice(grid.Str("code"), GongzhiApp.Unique("普通通知")));
        Assert.Equal(0, await PdfText.RedPixelsAsync(await (await community.GetAsync($"/api/notices/{normal}/poster.pdf")).Content.ReadAsByteArrayAsync()));

        // A grid worker of another grid, and anyone not signed in, do not get it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.ClientFor("grid1")).GetAsync($"/api/notices/{id}/poster.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/notices/{id}/poster.pdf")).StatusCode);
    }

    [Fact]
    public async Task An_areas_board_lists_the_published_resident_notices_of_the_node_and_its_ancestors_only()
    {
        var gridNode = await app.Given.GridAsync();
        var grid = gridNode.Str("code");
        var compound = await app.Given.CompoundAsync(grid);
        var here = compound.Str("code");
        var sibling = (await app.Given.CompoundAsync(grid)).Str("code");
        var child = (await app.Given.BuildingAsync(here)).Str("code");
        var community = await app.ClientFor("community");
        var mark = GongzhiApp.Unique("公告栏");
        string T(string what) => $"{mark}{what}";

        var toGrid = await WriteAsync(community, Notice(grid, T("网格通知")));
        var toHere = await WriteAsync(community, Notice(here, T("小区通知")));
        var emergency = await WriteAsync(community, Notice(here, T("小区紧急"), urgency: "Emergency"));
        var newest = await WriteAsync(community, Notice(here, T("最新通知"), urgency: "Important"));
        await WriteAsync(community, Notice(sibling, T("兄弟小区")));
        await WriteAsync(community, Notice(child, T("楼栋通知")));
        await WriteAsync(community, Notice(here, T("党员通知"), tags: ["party-member"]));
        await WriteAsync(community, Notice(here, T("明日通知"), publishAt: DateTimeOffset.UtcNow.AddDays(1)));
        var withdrawn = await WriteAsync(community, Notice(here, T("撤回通知")));
        await community.PostAsync($"/api/notices/{withdrawn}/withdraw", null).Ok();
        // A street-wide notice waits for approval (Notices:ApprovalFrom is Street): not published, not listed.
        var waiting = await (await app.ClientFor("street")).PostJson("/api/notices", Notice(DemoCodes.Street, T("待审通知"))).Ok(HttpStatusCode.Created);
        Assert.Equal("PendingApproval", waiting.Str("state"));

        var anonymous = app.Anonymous();
        var board = await anonymous.GetAsync($"/api/public/notices/area/{here}").Ok();
        Assert.Equal(here, board.Str("areaCode"));
        Assert.Equal(compound.Str("name"), board.Str("areaName"));
        var mine = board.Items().Where(n => n.Str("title").StartsWith(mark)).ToList();
        // The emergency first though older, then newest first; nothing of the sibling, the building below, the tagged
        // group, the scheduled, the withdrawn or the waiting notice.
        Assert.Equal([emergency, newest, toHere, toGrid], mine.Select(n => n.GetProperty("id").GetInt64()));
        Assert.Equal(gridNode.Str("name"), mine[3].Str("issuedBy"));
        Assert.Equal(compound.Str("name"), mine[0].Str("issuedBy"));
        Assert.Equal("Emergency", mine[0].Str("urgency"));
        Assert.Equal($"/n/{toHere}", mine[2].Str("link"));
        // Only what a board shows: no text, no areas chosen, no tags or ages, no counts, no authors.
        Assert.All(mine, n => Assert.Equal(["id", "title", "urgency", "publishedAt", "issuedBy", "link"], n.EnumerateObject().Select(p => p.Name)));

        // The grid's board has the grid's notice but not the compound's (notices reach down, not up).
        var gridBoard = (await anonymous.GetAsync($"/api/public/notices/area/{grid}").Ok()).Items().Select(n => n.Str("title")).ToList();
        Assert.Contains(T("网格通知"), gridBoard);
        Assert.DoesNotContain(T("小区通知"), gridBoard);

        // The page, without signing in: the same notices linked to their public pages, the emergency marked.
        var response = await anonymous.GetAsync($"/n/area/{here}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(compound.Str("name"), html);
        Assert.Contains($"href=\"/n/{emergency}\"", html);
        Assert.Contains(T("网格通知"), html);
        Assert.DoesNotContain(T("兄弟小区"), html);
        Assert.DoesNotContain(T("党员通知"), html);
        Assert.DoesNotContain(T("撤回通知"), html);
        Assert.DoesNotContain("周六上午停水", html);
        // The notice's public page leads to its issuing area's board by the notice's id (its own page names no area);
        // a notice not published has no such link that answers.
        var notice = await (await anonymous.GetAsync($"/n/{toHere}")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/n/{toHere}/more\"", notice);
        Assert.Contains("本区域更多通知", notice);
        var more = await anonymous.GetAsync($"/n/{toHere}/more");
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        var moreHtml = await more.Content.ReadAsStringAsync();
        Assert.Contains($"data-area=\"{here}\"", moreHtml);
        Assert.Contains($"href=\"/n/{emergency}\"", moreHtml);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/n/{withdrawn}/more")).StatusCode);
    }

    [Fact]
    public async Task The_board_is_paged_twenty_at_a_time_and_an_unknown_area_is_not_found()
    {
        var grid = (await app.Given.GridAsync()).Str("code");
        var here = (await app.Given.CompoundAsync(grid)).Str("code");
        var community = await app.ClientFor("community");
        var mark = GongzhiApp.Unique("分页");
        var written = new List<long>();
        for (var i = 0; i < 23; i++) written.Add(await WriteAsync(community, Notice(here, $"{mark}-{i:00}")));

        var anonymous = app.Anonymous();
        var first = await anonymous.GetAsync($"/api/public/notices/area/{here}").Ok();
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(20, first.GetProperty("pageSize").GetInt32());
        var total = first.GetProperty("total").GetInt32();
        Assert.True(total >= 23, $"total {total}");
        Assert.Equal(20, first.Items().Count());
        // Every page in turn: each notice once, in one order (ancestors' notices of other tests may sit among ours).
        var seen = new List<long>();
        for (var page = 1; page <= (total + 19) / 20; page++)
            seen.AddRange((await anonymous.GetAsync($"/api/public/notices/area/{here}?page={page}").Ok()).Items().Select(n => n.GetProperty("id").GetInt64()));
        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(Enumerable.Reverse(written), seen.Where(written.Contains));
        // Past the last page: empty, not an error; page 0 reads as the first.
        Assert.Empty((await anonymous.GetAsync($"/api/public/notices/area/{here}?page={total + 1}").Ok()).Items());
        Assert.Equal(first.Items().Select(n => n.GetProperty("id").GetInt64()),
            (await anonymous.GetAsync($"/api/public/notices/area/{here}?page=0").Ok()).Items().Select(n => n.GetProperty("id").GetInt64()));

        // The page links the next one.
        var html = await (await anonymous.GetAsync($"/n/area/{here}?page=2")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/n/area/{here}?page=1\"", html);

        var unknown = "NO-SUCH-" + GongzhiApp.Unique("X");
        await anonymous.GetAsync($"/api/public/notices/area/{unknown}").Problem(HttpStatusCode.NotFound);
        var missing = await anonymous.GetAsync($"/n/area/{unknown}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("id=\"problem\"", await missing.Content.ReadAsStringAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NoticeBoardTestsOnSqlite(SqliteApp app) : NoticeBoardTests(app);

[Collection(PostgresCollection.Name)]
public sealed class NoticeBoardTestsOnPostgres(PostgresApp app) : NoticeBoardTests(app);
