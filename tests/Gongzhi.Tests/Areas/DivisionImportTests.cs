using System.Net;
using System.Text;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Areas;

public abstract class DivisionImportTests(GongzhiApp app)
{
    private static MultipartFormDataContent Csv(string text)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new("text/csv");
        content.Add(file, "file", "divisions.csv");
        return content;
    }

    [Fact]
    public async Task Import_adds_renames_and_is_idempotent()
    {
        var admin = await app.ClientFor("admin");
        // A district of another city's kind (3708 9x is unused), so the real Rencheng tree stays as it is.
        const string district = "370897", street = "370897001";
        var csv = $"code,name,level,parent_code\n{district},测试区,district,3708\n{street},测试街道,street,{district}\n{street}001,测试社区居民委员会,community,{street}\n";

        var first = await admin.PostAsync("/api/areas/import", Csv(csv)).Ok();
        Assert.Equal(3, first.Int("added"));
        var again = await admin.PostAsync("/api/areas/import", Csv(csv)).Ok();
        Assert.Equal(0, again.Int("added"));
        Assert.Equal(3, again.Int("unchanged"));
        var renamed = await admin.PostAsync("/api/areas/import", Csv(csv.Replace("测试社区", "新名社区"))).Ok();
        Assert.Equal(1, renamed.Int("renamed"));
        Assert.Equal("新名社区居民委员会", (await admin.GetAsync($"/api/areas/{street}001").Ok()).Str("name"));
    }

    [Fact]
    public async Task Re_importing_the_demo_file_changes_nothing()
    {
        var admin = await app.ClientFor("admin");
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "src/Gongzhi/Modules/Areas/Data/divisions-rencheng-2023.csv"));
        var report = await admin.PostAsync("/api/areas/import", Csv(text)).Ok();
        Assert.Equal(0, report.Int("added"));
        Assert.Equal(0, report.Int("renamed"));
        Assert.Equal(text.Trim().Split('\n').Length - 1, report.Int("unchanged"));
    }

    [Fact]
    public async Task Bad_rows_are_rejected_with_line_numbers_and_nothing_is_written()
    {
        var admin = await app.ClientFor("admin");
        var before = await app.Db(db => db.AreaNodes.CountAsync());
        var csv = "code,name,level,parent_code\n" +
                  "370898,好区,district,3708\n" +           // line 2: fine
                  "37089890,短编码,street,370898\n" +        // line 3: wrong length
                  "370898902,,street,370898\n" +            // line 4: no name
                  "370898903,层级错,village,370898\n" +      // line 5: unknown level
                  "370898904001,孤儿社区,community,370898904\n" + // line 6: parent nowhere
                  "370898,重复,district,3708\n" +            // line 7: duplicate code
                  "370898905,不配,street,370812\n";           // line 8: parent does not fit the code
        var report = await admin.PostAsync("/api/areas/import", Csv(csv)).Ok(HttpStatusCode.UnprocessableEntity);
        var lines = report.GetProperty("errors").EnumerateArray().Select(e => e.Int("line")).ToList();
        Assert.Equal([3, 4, 5, 6, 7, 8], lines);
        Assert.All(report.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.Str("message"))));
        Assert.Equal(before, await app.Db(db => db.AreaNodes.CountAsync()));
        await admin.GetAsync("/api/areas/370898").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_header_or_an_empty_file_is_rejected_by_line()
    {
        var admin = await app.ClientFor("admin");
        var header = await admin.PostAsync("/api/areas/import", Csv("id,title\n1,2\n")).Ok(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, header.GetProperty("errors")[0].Int("line"));
        await admin.PostAsync("/api/areas/import", Csv("")).Ok(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("zip")]
    [InlineData("xlsx")]
    [InlineData("gbk")]
    [InlineData("utf16")]
    public async Task A_file_that_is_not_utf8_text_is_a_clear_400_in_the_callers_language(string kind)
    {
        var bytes = kind switch
        {
            "zip" => ZipBytes(),
            "xlsx" => await XlsxBytes(),
            // GBK is what Excel on a Chinese Windows saves as "CSV": readable to people, not UTF-8.
            "gbk" => [.. "code,name,level,parent_code\n"u8.ToArray(), 0xB2, 0xE2, 0xCA, 0xD4, (byte)'\n'],
            _ => [0xFF, 0xFE, 0x00, 0xD8, 0x00, 0xDC, 0xC3, 0x28],
        };
        var admin = await app.ClientFor("admin");
        var zh = await admin.PostAsync("/api/areas/import", new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "divisions.csv" } }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", zh.Str("detail"));
        Assert.Contains("文件", zh.Str("detail"));
        Assert.True(zh.GetProperty("errors").TryGetProperty("file", out _), zh.ToString());
        var english = await app.ClientFor("admin", culture: "en-US");
        var en = await english.PostAsync("/api/areas/import", new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "divisions.csv" } }).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", en.Str("detail"));
        Assert.DoesNotContain("文件", en.Str("detail"));
    }

    private static byte[] ZipBytes()
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry("divisions.csv").Open());
            entry.Write("code,name,level,parent_code\n370899,压缩区,district,3708\n");
        }
        return memory.ToArray();
    }

    private static async Task<byte[]> XlsxBytes()
    {
        using var memory = new MemoryStream();
        await Gongzhi.Infrastructure.Spreadsheets.Xlsx.WriteAsync(memory, "divisions", ["code", "name", "level", "parent_code"],
            new[] { (IReadOnlyList<string?>)["370899", "表格区", "district", "3708"] }.ToAsyncEnumerable(), ct: default);
        return memory.ToArray();
    }

    [Fact]
    public async Task Only_admins_import()
    {
        var street = await app.ClientFor("street");
        await street.PostAsync("/api/areas/import", Csv("code,name,level,parent_code\n")).Problem(HttpStatusCode.Forbidden);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gongzhi.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DivisionImportTestsOnSqlite(SqliteApp app) : DivisionImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class DivisionImportTestsOnPostgres(PostgresApp app) : DivisionImportTests(app);
