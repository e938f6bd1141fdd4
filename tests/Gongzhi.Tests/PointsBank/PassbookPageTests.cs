using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Gongzhi.Tests.PointsBank.LedgerTests;

namespace Gongzhi.Tests.PointsBank;

/// <summary>
/// The passbook (爱心存折) pages and PDF: staff open an account of their subtree in the A5 and A4 print layouts and
/// not one of another community (404); the holder reads their own at /points/me; the PDF, read back with pdftotext,
/// carries the holder, each movement and the balance on the chosen paper.
/// </summary>
public abstract class PassbookPageTests(GongzhiApp app)
{
    private async Task<(long Account, string Name)> AccountAsync(string area, string? userId = null, params int[] earnings)
    {
        var holder = await HolderAsync(app, area, userId);
        foreach (var points in earnings) await EarnAsync(app, holder, points);
        var id = await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.VolunteerId == holder.VolunteerId).Select(a => a.Id).SingleAsync());
        return (id, holder.Name);
    }

    [Fact]
    public async Task Staff_print_an_account_of_their_subtree_in_A5_and_A4_but_not_another_communitys()
    {
        var (account, name) = await AccountAsync(DemoCodes.Grid1, null, 12, 30);
        var community = await app.ClientFor("community");
        var a5 = await community.GetAsync($"/points/accounts/{account}");
        Assert.Equal(HttpStatusCode.OK, a5.StatusCode);
        var html = WebUtility.HtmlDecode(await a5.Content.ReadAsStringAsync());
        Assert.Contains(name, html);
        Assert.Contains("size: A5", html);
        Assert.Contains("id=\"passbook-balance\">42<", html);
        Assert.Contains(">+30<", html);
        var a4 = await (await community.GetAsync($"/points/accounts/{account}?paper=A4")).Content.ReadAsStringAsync();
        Assert.Contains("size: A4", a4);
        var list = await (await community.GetAsync($"/points/accounts?q={Uri.EscapeDataString(name)}")).Content.ReadAsStringAsync();
        Assert.Contains($"/points/accounts/{account}", list);

        var (elsewhere, otherName) = await AccountAsync(DemoCodes.OtherCommunity, null, 5);
        var refused = await community.GetAsync($"/points/accounts/{elsewhere}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain(otherName, await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await community.GetAsync($"/api/points/accounts/{elsewhere}/passbook.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_passbook_pdf_carries_the_holder_each_movement_and_the_balance_on_the_chosen_paper()
    {
        var (account, name) = await AccountAsync(DemoCodes.Grid1, null, 15, 27);
        var community = await app.ClientFor("community");
        var response = await community.GetAsync($"/api/points/accounts/{account}/passbook.pdf?paper=A5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = await PdfText.TextAsync(pdf);
        Assert.Contains("爱心存折", text);
        Assert.Contains(name, text);
        Assert.Contains("活动服务", text);
        Assert.Contains("+15", text);
        Assert.Contains("+27", text);
        Assert.Matches(@"余额:\s*42|Balance:\s*42", text);
        Assert.Contains("(A5)", await PdfText.InfoAsync(pdf));
        var a4 = await (await community.GetAsync($"/api/points/accounts/{account}/passbook.pdf?paper=A4")).Content.ReadAsByteArrayAsync();
        Assert.Contains("(A4)", await PdfText.InfoAsync(a4));
    }

    [Fact]
    public async Task A_volunteer_reads_their_own_passbook_and_no_one_elses()
    {
        var admin = await app.ClientFor("admin");
        var userName = GongzhiApp.Unique("pb");
        await admin.PostJson("/api/users", new { userName, displayName = "存折" + userName[^4..], password = GongzhiApp.Password, role = "volunteer" }).Ok(HttpStatusCode.Created);
        var userId = await app.Db(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var (own, name) = await AccountAsync(DemoCodes.Grid1, userId, 8);
        var (other, _) = await AccountAsync(DemoCodes.Grid1, null, 9);
        var client = await app.ClientFor(userName);
        var page = await (await client.GetAsync("/points/me")).Content.ReadAsStringAsync();
        Assert.Contains(name, page);
        Assert.Contains("id=\"passbook-balance\">8<", page);
        Assert.Contains($"/api/points/accounts/{own}/passbook.pdf", page);
        Assert.Contains(name, await PdfText.TextAsync(await client.GetByteArrayAsync($"/api/points/accounts/{own}/passbook.pdf")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/points/accounts/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/points/accounts/{other}/passbook.pdf")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PassbookPageTestsOnSqlite(SqliteApp app) : PassbookPageTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PassbookPageTestsOnPostgres(PostgresApp app) : PassbookPageTests(app);
