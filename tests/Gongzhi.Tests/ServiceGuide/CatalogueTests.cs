using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.ServiceGuide;

/// <summary>The service guide's catalogue over HTTP: public reads and search, edits by admins and street staff, validation, sample files.</summary>
public abstract class CatalogueTests(GongzhiApp app)
{
    /// <summary>A complete, valid matter with a name and code of its own.</summary>
    public static object NewMatter(string? name = null, int days = 3, string kind = "WorkingDays") => new
    {
        code = "t-" + Guid.NewGuid().ToString("N")[..10],
        name = name ?? GongzhiApp.Unique("测试事项"),
        department = "兖州区测试局",
        lifeEvents = new[] { "elderly", "hardship" },
        summary = "测试用事项",
        eligibility = "本区户籍居民",
        materials = new object[]
        {
            new { name = "居民身份证", copies = 1, form = "OriginalAndCopy" },
            new { name = "申请表", copies = 2, form = "Original", note = "窗口领取" },
            new { name = "残疾人证", copies = 1, form = "Copy", optional = true },
        },
        steps = new[] { "社区窗口受理", "部门审批" },
        timeLimitDays = days,
        timeLimitKind = kind,
        fees = "免费",
        window = "社区一口受理窗口",
        hours = "工作日 8:30—17:30",
        onlineUrl = "https://www.shandong.gov.cn/",
        faqs = new[] { new { question = "能代办吗？", answer = "可以，由代办人携带双方身份证。" } },
    };

    private async Task<JsonElement> SearchAsync(string q) =>
        await app.Anonymous().GetAsync($"/api/guide/matters?q={Uri.EscapeDataString(q)}").Ok();

    private static string[] Names(JsonElement list) => [.. list.Items().Select(i => i.Str("name"))];

    [Fact]
    public async Task The_reference_catalogue_holds_the_required_matters_and_anyone_reads_it_without_signing_in()
    {
        string[] required =
        [
            "高龄津贴申请", "残疾人两项补贴", "残疾人证办理", "最低生活保障申请", "特困人员救助供养", "临时救助", "城乡居民基本医疗保险参保",
            "城乡居民基本养老保险参保", "居住证办理", "出生登记（新生儿落户）", "老年人优待证", "就业困难人员认定", "失业登记", "退役军人优待证",
            "公共租赁住房申请", "医疗救助", "生育登记", "居民身份证办理", "计划生育家庭特别扶助", "养老服务补贴",
        ];
        var anonymous = app.Anonymous();
        var all = await anonymous.GetAsync("/api/guide/matters?pageSize=200").Ok();
        Assert.True(all.Int("total") >= 30, $"only {all.Int("total")} matters");
        Assert.Empty(required.Except(Names(all)));
        var groups = await anonymous.GetAsync("/api/guide/groups").Ok();
        var elderly = groups.GetProperty("lifeEvents").EnumerateArray().Single(g => g.Str("key") == "elderly");
        Assert.Equal("养老", elderly.Str("label"));
        Assert.Contains(groups.GetProperty("departments").EnumerateArray(), d => d.Str("key") == "兖州区民政局");
        var byEvent = await anonymous.GetAsync("/api/guide/matters?lifeEvent=elderly&pageSize=200").Ok();
        Assert.Equal(elderly.Int("count"), byEvent.Int("total"));
        Assert.Contains("高龄津贴申请", Names(byEvent));
        Assert.DoesNotContain("居住证办理", Names(byEvent));
        var byDepartment = await anonymous.GetAsync($"/api/guide/matters?department={Uri.EscapeDataString("兖州区残疾人联合会")}").Ok();
        Assert.Equal(["残疾人两项补贴", "残疾人证办理"], Names(byDepartment).Order().ToArray());

        var id = all.Items().Single(i => i.Str("name") == "高龄津贴申请").GetProperty("id").GetInt64();
        var matter = await anonymous.GetAsync($"/api/guide/matters/{id}").Ok();
        Assert.Equal("兖州区民政局", matter.Str("department"));
        Assert.Contains(matter.GetProperty("materials").EnumerateArray(), m => m.Str("name") == "居民户口簿" && m.Str("form") == "OriginalAndCopy");
        Assert.Equal(15, matter.Int("timeLimitDays"));
        Assert.NotEmpty(matter.GetProperty("faqs").EnumerateArray());
        await anonymous.GetAsync("/api/guide/matters/987654321").Problem(HttpStatusCode.NotFound);

        // The pages too: the catalogue by life event, the matter, its print layout.
        var page = await (await anonymous.GetAsync("/guide?event=elderly")).Content.ReadAsStringAsync();
        Assert.Contains("高龄津贴申请", page);
        var matterPage = await anonymous.GetAsync($"/guide/matters/{id}");
        Assert.Equal(HttpStatusCode.OK, matterPage.StatusCode);
        var html = await matterPage.Content.ReadAsStringAsync();
        Assert.Contains("居民户口簿", html);
        Assert.Contains("满80周岁当月就能申请吗？", html);
        var print = await (await anonymous.GetAsync($"/guide/matters/{id}/print")).Content.ReadAsStringAsync();
        Assert.Contains("size: A4", print);
        Assert.Contains("@media print", print);
        Assert.Contains("居民户口簿", print);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/guide/matters/987654321")).StatusCode);
    }

    [Fact]
    public async Task The_reference_catalogue_is_loaded_into_an_empty_catalogue_only()
    {
        var before = await app.Db(db => db.ServiceMatters.CountAsync());
        await app.Services.AsSystemAsync(sp => Gongzhi.Modules.ServiceGuide.Features.Catalogue.CatalogueReference.EnsureAsync(sp, default));
        Assert.Equal(before, await app.Db(db => db.ServiceMatters.CountAsync()));
        Assert.Equal(1, await app.Db(db => db.ServiceMatters.CountAsync(m => m.Code == "elderly-allowance")));
    }

    [Theory]
    [InlineData("高龄津贴", "高龄津贴申请")]
    [InlineData("老人补贴", "高龄津贴申请")]
    [InlineData("低保", "最低生活保障申请")]
    [InlineData("残疾补贴", "残疾人两项补贴")]
    [InlineData("孩子上户口", "出生登记（新生儿落户）")]
    [InlineData("办身份证", "居民身份证办理")]
    [InlineData("公租房", "公共租赁住房申请")]
    [InlineData("兖州区退役军人事务局", "退役军人优待证")]
    public async Task Search_finds_matters_by_everyday_chinese_words(string query, string expected)
    {
        var top = Names(await SearchAsync(query)).Take(3).ToList();
        Assert.True(top.Contains(expected), $"“{query}” answered {string.Join(", ", top)}");
    }

    [Fact]
    public async Task Search_for_nonsense_finds_nothing_and_the_page_says_so()
    {
        Assert.Equal(0, (await SearchAsync("量子纠缠望远镜")).Int("total"));
        var html = await (await app.Anonymous().GetAsync("/guide?q=" + Uri.EscapeDataString("量子纠缠望远镜"))).Content.ReadAsStringAsync();
        Assert.Contains("没有找到", html);
    }

    [Fact]
    public async Task Street_staff_create_change_and_remove_a_matter_audited_others_may_not()
    {
        var street = await app.ClientFor("street");
        var created = await street.PostJson("/api/guide/matters", NewMatter()).Ok(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(3, created.GetProperty("materials").GetArrayLength());
        Assert.True(created.GetProperty("materials")[2].GetProperty("optional").GetBoolean());
        Assert.Equal(["elderly", "hardship"], created.GetProperty("lifeEvents").EnumerateArray().Select(e => e.GetString()!).ToArray());

        // Residents find it at once.
        var name = created.Str("name");
        Assert.Contains(name, Names(await SearchAsync(name)));

        await (await app.ClientFor("community")).PostJson("/api/guide/matters", NewMatter()).Problem(HttpStatusCode.Forbidden);
        await app.Anonymous().PostJson("/api/guide/matters", NewMatter()).Problem(HttpStatusCode.Unauthorized);
        await (await app.ClientFor("grid1")).DeleteAsync($"/api/guide/matters/{id}").Problem(HttpStatusCode.Forbidden);

        var changed = await street.PutJson($"/api/guide/matters/{id}", NewMatter(name + "改", days: 10, kind: "CalendarDays")).Ok();
        Assert.Equal(name + "改", changed.Str("name"));
        Assert.Equal("CalendarDays", changed.Str("timeLimitKind"));
        Assert.Equal(10, changed.Int("timeLimitDays"));

        await street.DeleteAsync($"/api/guide/matters/{id}").Ok(HttpStatusCode.NoContent);
        await app.Anonymous().GetAsync($"/api/guide/matters/{id}").Problem(HttpStatusCode.NotFound);
        var actions = await app.Db(db => db.AuditEntries.Where(e => e.EntityType == "service-matter" && e.EntityId == id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(["service-matter.create", "service-matter.update", "service-matter.delete"], actions);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_with_field_errors_and_nothing_is_written()
    {
        var street = await app.ClientFor("street");
        var code = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var problem = await street.PostJson("/api/guide/matters", new
        {
            code, name = "", department = "民政局", lifeEvents = new[] { "nonsense" }, eligibility = "居民",
            materials = new object[] { new { name = "", copies = 1, form = "Original" }, new { name = "户口簿", copies = 99, form = "Copy" } },
            steps = Array.Empty<string>(), timeLimitDays = -1, timeLimitKind = "WorkingDays", fees = "免费", onlineUrl = "javascript:alert(1)",
            faqs = new[] { new { question = "只有问题", answer = "" } },
        }).Problem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "lifeEvents", "materials", "steps", "timeLimitDays", "onlineUrl", "faqs" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        Assert.Equal(2, errors.GetProperty("materials").GetArrayLength()); // line 1's name, line 2's copies
        Assert.False(await app.Db(db => db.ServiceMatters.AnyAsync(m => m.Code == code)));

        // A second matter of the same name or code is refused by field.
        var first = NewMatter();
        await street.PostJson("/api/guide/matters", first).Ok(HttpStatusCode.Created);
        var again = await street.PostJson("/api/guide/matters", first).Problem(HttpStatusCode.BadRequest);
        Assert.True(again.GetProperty("errors").TryGetProperty("code", out _));
        Assert.True(again.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task A_sample_file_is_stored_checked_by_content_and_served_to_anyone()
    {
        var street = await app.ClientFor("street");
        var id = (await street.PostJson("/api/guide/matters", NewMatter()).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync("street"));
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
        MultipartFormDataContent Form(byte[] bytes, string material, string fileName)
        {
            var form = new MultipartFormDataContent { { new StringContent(material), "material" } };
            form.Add(new ByteArrayContent(bytes), "file", fileName);
            return form;
        }
        var stored = await api.PostAsync($"/api/guide/matters/{id}/samples", Form(png, "申请表", "样表.png")).Ok();
        var material = stored.GetProperty("materials").EnumerateArray().Single(m => m.Str("name") == "申请表");
        var url = material.Str("sampleUrl");
        var served = await app.Anonymous().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());

        // Text dressed as a picture, a material the matter does not have, a file too large: refused, nothing stored.
        await api.PostAsync($"/api/guide/matters/{id}/samples", Form("<script>"u8.ToArray(), "居民身份证", "x.png")).Problem(HttpStatusCode.BadRequest);
        await api.PostAsync($"/api/guide/matters/{id}/samples", Form(png, "不存在的材料", "x.png")).Problem(HttpStatusCode.BadRequest);
        var big = new byte[2 * 1024 * 1024 + 10];
        png.CopyTo(big, 0);
        var tooBig = await api.PostAsync($"/api/guide/matters/{id}/samples", Form(big, "居民身份证", "big.png"));
        Assert.True(tooBig.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode.ToString());
        Assert.Equal(1, await app.Db(db => db.MaterialSamples.CountAsync(s => s.MatterId == id)));
        // A community worker may not upload.
        var community = app.CreateClient();
        community.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync("community"));
        Assert.Equal(HttpStatusCode.Forbidden, (await community.PostAsync($"/api/guide/matters/{id}/samples", Form(png, "居民身份证", "x.png"))).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CatalogueTestsOnSqlite(SqliteApp app) : CatalogueTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CatalogueTestsOnPostgres(PostgresApp app) : CatalogueTests(app);
