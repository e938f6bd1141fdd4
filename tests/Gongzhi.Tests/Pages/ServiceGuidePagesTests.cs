using System.Net;
using System.Text.RegularExpressions;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>The guide's edit page and the window's pages: forms that re-render with the input and field errors, redirects on success.</summary>
public abstract class ServiceGuidePagesTests(GongzhiApp app)
{
    private static (string, string)[] MatterFields(string code, string name, string materials) =>
    [
        ("Input.Code", code), ("Input.Name", name), ("Input.Department", "兖州区测试局"), ("lifeEvents", "elderly"), ("lifeEvents", "death"),
        ("Input.Eligibility", "本区户籍居民"), ("Input.Materials", materials), ("Input.Steps", "窗口受理\n部门审批"), ("Input.TimeLimitDays", "5"),
        ("Input.TimeLimitKind", "WorkingDays"), ("Input.Fees", "免费"), ("Input.Faqs", "问：能代办吗？\n答：可以。"),
    ];

    [Fact]
    public async Task Street_staff_add_a_matter_on_the_edit_page_and_a_bad_materials_line_is_shown_beside_the_field()
    {
        var street = await PageBrowser.SignIn(app, "street");
        var code = "p-" + Guid.NewGuid().ToString("N")[..10];
        var name = GongzhiApp.Unique("页面事项");
        var refused = await street.PostForm("/guide/manage/new", "matter", MatterFields(code, name, "居民身份证 | 1 | 原件\n申请表 | 两份 | 原件"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("第 2 项材料", PageBrowser.FieldError(html, "matter-materials"));
        Assert.Equal(name, PageBrowser.InputValue(html, "matter-name")); // what was typed stays
        Assert.Contains("checked", Regex.Match(html, "<input[^>]*id=\"le-death\"[^>]*>").Value);
        Assert.False(await app.Db(db => db.ServiceMatters.AnyAsync(m => m.Code == code)));

        var saved = await street.PostForm("/guide/manage/new", "matter", MatterFields(code, name, "居民身份证 | 1 | 原件和复印件\n申请表 | 2 | 原件 | 窗口领取 | 可选"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var matter = await app.Db(db => db.ServiceMatters.SingleAsync(m => m.Code == code));
        Assert.Equal(",elderly,death,", matter.LifeEvents);
        Assert.Equal(2, matter.Materials.Count);
        Assert.True(matter.Materials[1].Optional);
        Assert.Equal("可以。", matter.Faqs.Single().Answer);
        // The edit page shows it back as typed.
        var (status, edit) = await street.Get($"/guide/manage/{matter.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("申请表 | 2 | 原件 | 窗口领取 | 可选", edit);
        // Community workers have no catalogue pages.
        var community = await PageBrowser.SignIn(app, "community");
        Assert.NotEqual(HttpStatusCode.OK, (await community.Get($"/guide/manage/{matter.Id}")).Status);
    }

    [Fact]
    public async Task The_home_page_leads_everyone_signed_in_to_the_guide_and_the_menu_leads_area_staff_to_the_window()
    {
        var (_, home) = await (await PageBrowser.SignIn(app, "resident")).Get("/");
        Assert.Contains("id=\"guide-home\"", home);
        Assert.DoesNotContain("href=\"/window\"", home);
        var (_, staff) = await (await PageBrowser.SignIn(app, "community")).Get("/");
        Assert.Contains("href=\"/window\"", staff);
        Assert.DoesNotContain("href=\"/guide/manage\"", staff);
        var (_, street) = await (await PageBrowser.SignIn(app, "street")).Get("/");
        Assert.Contains("href=\"/guide/manage\"", street);
    }

    [Fact]
    public async Task A_community_worker_records_an_application_on_the_page_with_a_missing_material_and_prints_the_one_time_list()
    {
        var matter = (await (await app.ClientFor("street")).PostJson("/api/guide/matters", ServiceGuide.CatalogueTests.NewMatter()).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var grid = (await app.Given.GridAsync()).Str("code");
        var household = await app.Given.HouseholdAsync(grid);
        var resident = await app.Given.ResidentAsync(household.GetProperty("id").GetInt64());
        var residentId = resident.GetProperty("id").GetInt64();
        var community = await PageBrowser.SignIn(app, "community");

        // Finding the resident by name offers them with the masked phone only.
        var (_, found) = await community.Get($"/window/new?matter={matter}&find={Uri.EscapeDataString(resident.Str("name"))}");
        Assert.Contains($"resident={residentId}", found);

        var url = $"/window/new?matter={matter}&resident={residentId}";
        var refused = await community.PostForm(url, "application", ("Input.MatterId", matter.ToString()), ("Input.ResidentId", "987654321"), ("received", "居民身份证"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(PageBrowser.FieldError(await refused.Content.ReadAsStringAsync(), "application-residentId"));

        var saved = await community.PostForm(url, "application", ("Input.MatterId", matter.ToString()), ("Input.ResidentId", residentId.ToString()),
            ("received", "居民身份证"), ("Input.ProxyName", "网格员小王"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = long.Parse(Regex.Match(saved.Headers.Location!.OriginalString, @"/window/(\d+)$").Groups[1].Value);
        var (status, page) = await community.Get($"/window/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("notice-link", page);
        var (_, notice) = await community.Get($"/window/{id}/notice");
        Assert.Contains("一次性告知单", notice);
        Assert.Contains("申请表", notice);
        Assert.Contains("网格员小王", (await community.Get($"/window/{id}")).Html);

        // Submitting on the page with the missing one ticked now.
        var submitted = await community.PostForm($"/window/{id}", "submit", ("received", "申请表"));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal("Submitted", await app.Db(db => db.WindowApplications.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.Status.ToString()).SingleAsync()));
        var (_, list) = await community.Get("/window?status=Submitted");
        Assert.Contains($"href=\"/window/{id}\"", list);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ServiceGuidePagesTestsOnSqlite(SqliteApp app) : ServiceGuidePagesTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ServiceGuidePagesTestsOnPostgres(PostgresApp app) : ServiceGuidePagesTests(app);
