using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Registry;

public abstract class ImportTests(GongzhiApp app)
{
    private static string?[] Row(string area, string room, string name, string id, string relation = "户主", string residency = "户籍", string? tags = null, string? phone = null, string? movedIn = null) =>
        [area, room[..1], room, null, name, id, relation, residency, phone, "汉族", null, null, null, null, movedIn, tags];

    private async Task<string> NewUnit(HttpClient client)
    {
        var building = await client.PostJson($"/api/areas/{DemoCodes.Yuyuan}/children", new { name = GongzhiApp.Unique("楼"), level = "Building", floors = 6 }).Ok(HttpStatusCode.Created);
        var unit = await client.PostJson($"/api/areas/{building.Str("code")}/children", new { name = "1单元", level = "Unit", floors = 6, roomsPerFloor = 2 }).Ok(HttpStatusCode.Created);
        return unit.Str("code");
    }

    [Fact]
    public async Task The_template_has_chinese_headers_an_example_and_drop_downs()
    {
        var grid1 = await app.ClientFor("grid1");
        var response = await grid1.GetAsync("/api/registry/template");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        var rows = Gongzhi.Infrastructure.Spreadsheets.Xlsx.ReadRows(path).ToList();
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false))
        {
            var validations = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.DataValidation>().ToList();
            Assert.Contains(validations, v => v.Formula1!.Text.Contains("户主"));
            Assert.Contains(validations, v => v.Formula1!.Text.Contains("流动"));
        }
        File.Delete(path);
        Assert.Equal("区域编码*", rows[0][0]);
        Assert.Equal("身份证号*", rows[0][5]);
        Assert.Equal(2, rows.Count);
        Assert.Equal(Gongzhi.Modules.Registry.Domain.ResidentIdNumber.Problem.None, Gongzhi.Modules.Registry.Domain.ResidentIdNumber.Validate(rows[1][5], out _));
    }

    [Fact]
    public async Task Valid_households_are_added_a_household_with_a_bad_row_is_rejected_whole_and_a_second_run_changes_nothing()
    {
        var community = await app.ClientFor("community");
        var unit = await NewUnit(community);
        var good1 = TestWorkbook.IdNumber(new DateOnly(1941, 4, 5), false);
        var good2 = TestWorkbook.IdNumber(new DateOnly(1975, 8, 9), true);
        var good3 = TestWorkbook.IdNumber(new DateOnly(1978, 1, 1), false);
        var bad = TestWorkbook.IdNumber(new DateOnly(1960, 1, 1), true);
        bad = bad[..17] + (bad[17] == '1' ? '2' : '1');
        var partner = TestWorkbook.IdNumber(new DateOnly(1962, 2, 2), false);
        var file = TestWorkbook.Build([
            Row(unit, "101", "钱桂英", good1, tags: "独居", phone: "13700001111", movedIn: "2001-05-01"),   // row 2: household 101
            Row(unit, "102", "孙国庆", good2),                                                                  // row 3: household 102
            Row(unit, "102", "李红梅", good3, relation: "配偶", residency: "常住"),                             // row 4
            Row(unit, "201", "周德胜", bad),                                                                    // row 5: bad checksum
            Row(unit, "201", "吴素芬", partner, relation: "配偶"),                                             // row 6: same household → rejected
            Row(unit, "202", "郑某", good2),                                                                    // row 7: same ID as row 3
            [unit, "3", "301", null, "王五", TestWorkbook.IdNumber(new DateOnly(1990, 1, 1), true), "户主", "户口", null, null, null, null, null, null, "2099-01-01", "不存在的标签"], // row 8: 3 errors
        ]);
        var before = await app.Db(db => db.Residents.CountAsync());
        var report = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(file)).Ok();
        Assert.Equal(7, report.Int("rows"));
        Assert.Equal(3, report.Int("added"));
        Assert.Equal(4, report.Int("rejected"));
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.Contains(errors, e => e.Int("row") == 5 && e.Str("field") == "身份证号" && e.Str("message").Contains("校验位"));
        Assert.Contains(errors, e => e.Int("row") == 6 && e.Str("message").Contains("第 5 行"));
        Assert.Contains(errors, e => e.Int("row") == 7 && e.Str("message").Contains("第 3 行"));
        Assert.Contains(errors, e => e.Int("row") == 8 && e.Str("field") == "居住类型");
        Assert.Contains(errors, e => e.Int("row") == 8 && e.Str("field") == "迁入日期");
        Assert.Contains(errors, e => e.Int("row") == 8 && e.Str("field").StartsWith("标签"));
        Assert.Equal(before + 3, await app.Db(db => db.Residents.CountAsync()));
        Assert.Equal(0, await app.Db(db => db.Households.CountAsync(h => h.Room == "201" && h.AreaPath.EndsWith("/" + unit + "/"))));

        var households = await community.GetAsync($"/api/areas/{unit}/households").Ok();
        Assert.Equal(2, households.Int("total"));
        var h102 = households.Items().Single(h => h.Str("room") == "102");
        Assert.Equal(2, h102.Int("members"));
        Assert.Equal(2, await app.Db(db => db.Households.Where(h => h.Id == h102.GetProperty("id").GetInt64()).Select(h => h.MemberCount).SingleAsync()));
        var lonely = await community.GetAsync($"/api/residents?q={good1}").Ok();
        Assert.Contains("living-alone", Assert.Single(lonely.Items()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        var again = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(file)).Ok();
        Assert.Equal(0, again.Int("added"));
        Assert.Equal(0, again.Int("updated"));
        Assert.Equal(3, again.Int("unchanged"));
        Assert.Equal(before + 3, await app.Db(db => db.Residents.CountAsync()));

        // The report of rejected rows downloads as a workbook.
        var download = await community.GetAsync($"/api/registry/imports/{report.GetProperty("runId").GetInt64()}/report.xlsx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, await download.Content.ReadAsByteArrayAsync());
        var reportRows = Gongzhi.Infrastructure.Spreadsheets.Xlsx.ReadRows(path).ToList();
        File.Delete(path);
        Assert.Equal(new[] { "行号", "字段", "原因" }, reportRows[0].Cells.Select(c => c ?? ""));
        Assert.Equal(errors.Count, reportRows.Count - 1);
        var grid2 = await app.ClientFor("grid2");
        await grid2.GetAsync($"/api/registry/imports/{report.GetProperty("runId").GetInt64()}/report.xlsx").Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_update_in_the_file_updates_the_resident()
    {
        var community = await app.ClientFor("community");
        var unit = await NewUnit(community);
        var id = TestWorkbook.IdNumber(new DateOnly(1985, 3, 3), true);
        await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([Row(unit, "101", "陈勇", id)]))).Ok();
        var changed = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([Row(unit, "102", "陈勇", id, residency: "流动", phone: "15800001234")]))).Ok();
        Assert.Equal(1, changed.Int("updated"));
        var r = Assert.Single((await community.GetAsync($"/api/residents?q={id}").Ok()).Items());
        Assert.Equal("Floating", r.Str("residencyType"));
        Assert.EndsWith("102室", r.Str("address"));
        var counts = await app.Db(db => db.Households.Where(h => h.AreaPath.EndsWith("/" + unit + "/")).OrderBy(h => h.Room).Select(h => h.MemberCount).ToListAsync());
        Assert.Equal([0, 1], counts); // moved out of 101, into 102
        var detail = await community.GetAsync($"/api/residents/{r.GetProperty("id").GetInt64()}").Ok();
        Assert.Equal(2, detail.GetProperty("memberships").GetArrayLength());
    }

    [Fact]
    public async Task Crafted_files_are_refused_cleanly()
    {
        var community = await app.ClientFor("community");
        var unit = await NewUnit(community);
        var before = await app.Db(db => db.Residents.CountAsync());
        var junk = new byte[10 * 1024 * 1024];
        Random.Shared.NextBytes(junk);
        await community.PostAsync("/api/registry/import", TestWorkbook.Upload(junk, "junk.xlsx")).Problem(HttpStatusCode.UnsupportedMediaType);
        var zipNotXlsx = new byte[2000];
        "PK\x03\x04"u8.CopyTo(zipNotXlsx);
        await community.PostAsync("/api/registry/import", TestWorkbook.Upload(zipNotXlsx)).Problem(HttpStatusCode.UnsupportedMediaType);
        var wrongHeaders = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([["a", "b"]], ["姓名", "电话"]))).Problem(HttpStatusCode.BadRequest);
        Assert.Contains("区域编码", wrongHeaders.Str("detail"));
        await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([], []))).Problem(HttpStatusCode.BadRequest);
        var emptyRows = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([new string?[16], new string?[16]]))).Ok();
        Assert.Equal(0, emptyRows.Int("rows"));

        var id = TestWorkbook.IdNumber(new DateOnly(1970, 7, 7), true);
        var formula = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([Row(unit, "101", "x", id)], formula: (2, 4, "HYPERLINK(\"http://evil\",\"x\")")))).Ok();
        Assert.Equal(1, formula.Int("rejected"));
        Assert.Contains("公式", formula.GetProperty("errors")[0].Str("message"));
        var script = await community.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([Row(unit, "101", "<script>alert(1)</script>", id)]))).Ok();
        Assert.Equal(1, script.Int("rejected"));
        Assert.Equal(before, await app.Db(db => db.Residents.CountAsync()));
    }

    [Fact]
    public async Task Nobody_imports_outside_their_scope()
    {
        var grid1 = await app.ClientFor("grid1");
        var grid2Unit = await app.Db(db => db.AreaNodes.Where(n => n.Path.Contains("/" + DemoCodes.Grid2 + "/") && n.Level == Gongzhi.Modules.Areas.Contracts.AreaLevel.Unit).Select(n => n.Code).FirstAsync());
        var report = await grid1.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([Row(grid2Unit, "601", "越界", TestWorkbook.IdNumber(new DateOnly(1999, 9, 9), true))]))).Ok();
        Assert.Equal(1, report.Int("rejected"));
        Assert.Contains("权限范围内没有", report.GetProperty("errors")[0].Str("message"));
        // A person registered in grid2 cannot be pulled into grid1 by an import.
        var grid2Person = await app.Db(db => db.Residents.Where(r => r.AreaPath.Contains("/" + DemoCodes.Grid2 + "/")).Select(r => r.IdNumberCipher).FirstAsync());
        var idNumber = app.Services.GetRequiredService<Gongzhi.Infrastructure.Security.PersonalDataProtector>().Decrypt(grid2Person);
        var grid1Unit = await app.Db(db => db.AreaNodes.Where(n => n.Path.Contains("/" + DemoCodes.Grid1 + "/") && n.Level == Gongzhi.Modules.Areas.Contracts.AreaLevel.Unit).Select(n => n.Code).FirstAsync());
        var pulled = await grid1.PostAsync("/api/registry/import", TestWorkbook.Upload(TestWorkbook.Build([Row(grid1Unit, "601", "借用", idNumber)]))).Ok();
        Assert.Equal(1, pulled.Int("rejected"));
        Assert.DoesNotContain(DemoCodes.Grid2, pulled.GetProperty("errors")[0].Str("message"));
        // Uploads to the API need a bearer token: a cookie alone (a cross-site form) is refused.
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/api/registry/import", TestWorkbook.Upload([1, 2, 3]))).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ImportTestsOnSqlite(SqliteApp app) : ImportTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ImportTestsOnPostgres(PostgresApp app) : ImportTests(app);
