using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Gongzhi.Infrastructure.Spreadsheets;

/// <summary>One row of a sheet as read: its 1-based number, the cell texts by column, and whether any cell held a formula.</summary>
public sealed record XlsxRow(int Number, string?[] Cells, bool HasFormula)
{
    public bool IsEmpty => Cells.All(string.IsNullOrWhiteSpace);
    public string? this[int column] => column < Cells.Length ? Cells[column]?.Trim() : null;
}

/// <summary>A drop-down list on a column (from row 2 down).</summary>
public sealed record XlsxList(int Column, IReadOnlyList<string> Values);

/// <summary>
/// Streaming .xlsx over DocumentFormat.OpenXml's SAX reader and writer: rows are read and written one at a time,
/// so a 100,000-row file never sits in memory as a document. Only the shared-string table is held whole.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Does the stream start like a ZIP package (every .xlsx does)?</summary>
    public static bool LooksLikeXlsx(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;

    public static async Task WriteAsync(Stream output, string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<string?>> rows,
        IReadOnlyList<XlsxList>? lists = null, IReadOnlyList<double>? widths = null, CancellationToken ct = default)
    {
        // The package needs a seekable stream; a temporary file keeps large exports out of memory.
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetViews());
                writer.WriteStartElement(new SheetView { WorkbookViewId = 0 });
                writer.WriteElement(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
                writer.WriteEndElement();
                writer.WriteEndElement();
                writer.WriteStartElement(new Columns());
                for (var c = 0; c < headers.Count; c++)
                    writer.WriteElement(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = widths is not null && c < widths.Count ? widths[c] : 14, CustomWidth = true });
                writer.WriteEndElement();
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, 1, headers, bold: true);
                var number = 1;
                await foreach (var row in rows.WithCancellation(ct)) WriteRow(writer, ++number, row, bold: false);
                writer.WriteEndElement();
                if (lists is { Count: > 0 })
                {
                    writer.WriteStartElement(new DataValidations { Count = (uint)lists.Count });
                    foreach (var list in lists)
                    {
                        var column = ColumnName(list.Column);
                        writer.WriteStartElement(new DataValidation
                        {
                            Type = DataValidationValues.List, AllowBlank = true, ShowErrorMessage = true, ShowDropDown = false,
                            SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{column}2:{column}200000" },
                        });
                        writer.WriteElement(new Formula1($"\"{string.Join(",", list.Values)}\""));
                        writer.WriteEndElement();
                    }
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
            }
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = sheetName, SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
            workbook.Workbook.Save();
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct);
    }

    private static void WriteRow(OpenXmlWriter writer, int number, IReadOnlyList<string?> cells, bool bold)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)number });
        for (var c = 0; c < cells.Count; c++)
        {
            if (string.IsNullOrEmpty(cells[c])) continue;
            // Text cells only: ID numbers and codes must never become numbers, and nothing becomes a formula.
            writer.WriteElement(new Cell
            {
                CellReference = ColumnName(c) + number, DataType = CellValues.InlineString, StyleIndex = bold ? 1U : 0U,
                InlineString = new InlineString(new Text(cells[c]!) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }
        writer.WriteEndElement();
    }

    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));

    /// <summary>Reads the rows of the first sheet of a file, streaming.</summary>
    public static IEnumerable<XlsxRow> ReadRows(string path)
    {
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("The file has no workbook.");
        var firstSheet = workbook.Workbook?.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("The workbook has no sheet.");
        var sheet = (WorksheetPart)workbook.GetPartById(firstSheet.Id!);
        var shared = SharedStrings(workbook);
        using var reader = OpenXmlReader.Create(sheet);
        var fallbackNumber = 0;
        while (reader.Read())
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
            var row = (Row)reader.LoadCurrentElement()!;
            var number = (int?)row.RowIndex?.Value ?? fallbackNumber + 1;
            fallbackNumber = number;
            var cells = new List<string?>();
            var hasFormula = false;
            var position = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : position;
                position = column + 1;
                while (cells.Count <= column) cells.Add(null);
                hasFormula |= cell.CellFormula is not null;
                cells[column] = CellText(cell, shared);
            }
            yield return new XlsxRow(number, [.. cells], hasFormula);
        }
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var list = new List<string>();
        if (workbook.SharedStringTablePart is not { } part) return list;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
                list.Add(((SharedStringItem)reader.LoadCurrentElement()!).InnerText);
        return list;
    }

    private static string? CellText(Cell cell, List<string> shared)
    {
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText;
        var raw = cell.CellValue?.Text;
        if (raw is null) return null;
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(raw, out var index) && index >= 0 && index < shared.Count ? shared[index] : null;
        return raw;
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26) name = (char)('A' + (i - 1) % 26) + name;
        return name;
    }

    public static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch)) break;
            index = index * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return index - 1;
    }

    /// <summary>A date typed as text (2015-06-01, 2015/6/1, 20150601) or stored by a spreadsheet as a serial number.</summary>
    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd", "yyyy.M.d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 1 and < 2958466)
        {
            date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            return true;
        }
        return false;
    }
}
