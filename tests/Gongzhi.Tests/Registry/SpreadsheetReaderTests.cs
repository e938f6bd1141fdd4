using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Gongzhi.Tests.Infrastructure;
using MiniExcelLibs;
using Xunit;

namespace Gongzhi.Tests.Registry;

/// <summary>
/// Every workbook the app writes (the collection template, exports, import reports) opens in a second, strict reader
/// (MiniExcel) and passes the Open XML validator: default namespaces, relative part names, the usual layout.
/// </summary>
public abstract class SpreadsheetReaderTests(GongzhiApp app)
{
    [Fact]
    public async Task The_template_and_every_export_open_in_a_strict_reader_and_validate()
    {
        var community = await app.ClientFor("community");
        var reason = Uri.EscapeDataString("核对高龄补贴名单");
        var files = new Dictionary<string, byte[]>
        {
            ["template"] = await Download(community, "/api/registry/template"),
            ["export"] = await Download(community, $"/api/residents/export?area={DemoCodes.Grid1}&format=xlsx"),
            ["unmasked export"] = await Download(community, $"/api/residents/export?area={DemoCodes.Grid1}&ageMin=70&unmasked=true&reason={reason}"),
        };
        var bad = TestWorkbook.Build([["不存在的区域", "1", "101", "张三", "户主", "123", "", "户籍"]]);
        using (var upload = TestWorkbook.Upload(bad))
        {
            var report = await community.PostAsync("/api/registry/import", upload).Ok();
            files["import report"] = await Download(community, $"/api/registry/imports/{report.GetProperty("runId").GetInt64()}/report.xlsx");
        }

        foreach (var (what, bytes) in files)
        {
            using (var stream = new MemoryStream(bytes))
            {
                var rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
                Assert.True(rows.Count >= 1, $"{what}: MiniExcel read no rows");
                Assert.False(string.IsNullOrWhiteSpace(rows[0]["A"]?.ToString()), $"{what}: no header in A1");
            }
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
            var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, $"{what}:\n{string.Join("\n", errors)}");
            // Default namespace and relative targets, as strict readers (ExcelJS) require.
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEnd();
            Assert.Contains("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"", sheet);
            var rels = new StreamReader(zip.GetEntry("xl/_rels/workbook.xml.rels")!.Open()).ReadToEnd();
            Assert.Contains("Target=\"worksheets/sheet1.xml\"", rels);
        }
        // The template's example row reads back as text (ID numbers never become numbers).
        using var template = new MemoryStream(files["template"]);
        var example = template.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ElementAt(1);
        Assert.IsType<string>(example["F"]);
        Assert.Matches(@"^\d{17}[\dX]$", (string)example["F"]!);
    }

    private static async Task<byte[]> Download(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SpreadsheetReaderTestsOnSqlite(SqliteApp app) : SpreadsheetReaderTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SpreadsheetReaderTestsOnPostgres(PostgresApp app) : SpreadsheetReaderTests(app);
