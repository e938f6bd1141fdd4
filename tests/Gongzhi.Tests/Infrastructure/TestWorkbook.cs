using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Gongzhi.Tests.Infrastructure;

/// <summary>Builds .xlsx files the way Excel saves them (shared strings, optional formulas) for import tests.</summary>
public static class TestWorkbook
{
    public static readonly string[] Headers =
        ["区域编码*", "楼层", "房号", "地址（平房、村居填写）", "姓名*", "身份证号*", "与户主关系*", "居住类型*", "联系电话", "民族", "政治面貌", "就业状况", "健康状况", "残疾等级", "迁入日期", "标签（多个用、分隔）"];

    public static byte[] Build(IEnumerable<string?[]> rows, string[]? headers = null, (int Row, int Column, string Formula)? formula = null)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            var strings = new List<string>();
            var data = new SheetData();
            var all = new List<string?[]> { headers ?? Headers };
            all.AddRange(rows);
            for (var r = 0; r < all.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < all[r].Length; c++)
                {
                    var reference = Gongzhi.Infrastructure.Spreadsheets.Xlsx.ColumnName(c) + (r + 1);
                    if (formula is { } f && f.Row == r + 1 && f.Column == c)
                    {
                        row.Append(new Cell { CellReference = reference, CellFormula = new CellFormula(f.Formula), CellValue = new CellValue("0") });
                        continue;
                    }
                    if (all[r][c] is not { } text) continue;
                    var index = strings.IndexOf(text);
                    if (index < 0) { strings.Add(text); index = strings.Count - 1; }
                    row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString()) });
                }
                data.Append(row);
            }
            shared.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s))));
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "一表采集", SheetId = 1, Id = workbook.GetIdOfPart(sheetPart) }));
        }
        return stream.ToArray();
    }

    public static MultipartFormDataContent Upload(byte[] bytes, string name = "collected.xlsx")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    /// <summary>A valid, unique resident ID number for a test person.</summary>
    public static string IdNumber(DateOnly birth, bool male)
    {
        // Many tests create people born on the same day (80 today …) in one shared database: a random region and
        // sequence (5,000,000 numbers per day and sex) keep their ID numbers apart.
        var sequence = Random.Shared.Next(0, 1000) & ~1 | (male ? 1 : 0);
        var first17 = $"37{Random.Shared.Next(0, 10000):0000}{birth:yyyyMMdd}{sequence:000}";
        return first17 + Gongzhi.Modules.Registry.Domain.ResidentIdNumber.CheckCharacter(first17);
    }
}
