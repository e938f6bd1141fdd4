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

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string OfficeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    /// <summary>
    /// Writes a one-sheet workbook as the standard package strict readers expect (ExcelJS, MiniExcel, Excel, WPS):
    /// default namespaces, relative part names, the usual part layout. Rows stream into the sheet one at a time.
    /// </summary>
    public static async Task WriteAsync(Stream output, string sheetName, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<string?>> rows,
        IReadOnlyList<XlsxList>? lists = null, IReadOnlyList<double>? widths = null, CancellationToken ct = default)
    {
        // A temporary file keeps large exports out of memory, and a failure midway from reaching the client as half a file.
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", $"""
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
                """);
            Part(zip, "_rels/.rels", $"""
                <Relationships xmlns="{PackageRelationships}"><Relationship Id="rId1" Type="{OfficeRelationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            Part(zip, "xl/_rels/workbook.xml.rels", $"""
                <Relationships xmlns="{PackageRelationships}"><Relationship Id="rId1" Type="{OfficeRelationships}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{OfficeRelationships}/styles" Target="styles.xml"/></Relationships>
                """);
            Part(zip, "xl/workbook.xml", $"""
                <workbook xmlns="{Main}" xmlns:r="{OfficeRelationships}"><sheets><sheet name="{System.Security.SecurityElement.Escape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Part(zip, "xl/styles.xml", $"""
                <styleSheet xmlns="{Main}"><fonts count="2"><font/><font><b/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>
                """);
            var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.Fastest);
            await using var stream = entry.Open();
            await using var xml = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false) });
            await xml.WriteStartDocumentAsync(true);
            await xml.WriteStartElementAsync(null, "worksheet", Main);
            await xml.WriteRawAsync("""<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>""");
            await xml.WriteStartElementAsync(null, "cols", Main);
            for (var c = 0; c < headers.Count; c++)
            {
                await xml.WriteStartElementAsync(null, "col", Main);
                await xml.WriteAttributeStringAsync(null, "min", null, (c + 1).ToString(CultureInfo.InvariantCulture));
                await xml.WriteAttributeStringAsync(null, "max", null, (c + 1).ToString(CultureInfo.InvariantCulture));
                await xml.WriteAttributeStringAsync(null, "width", null, (widths is not null && c < widths.Count ? widths[c] : 14).ToString(CultureInfo.InvariantCulture));
                await xml.WriteAttributeStringAsync(null, "customWidth", null, "1");
                await xml.WriteEndElementAsync();
            }
            await xml.WriteEndElementAsync();
            await xml.WriteStartElementAsync(null, "sheetData", Main);
            await WriteRowAsync(xml, 1, headers, bold: true);
            var number = 1;
            await foreach (var row in rows.WithCancellation(ct)) await WriteRowAsync(xml, ++number, row, bold: false);
            await xml.WriteEndElementAsync();
            if (lists is { Count: > 0 })
            {
                await xml.WriteStartElementAsync(null, "dataValidations", Main);
                await xml.WriteAttributeStringAsync(null, "count", null, lists.Count.ToString(CultureInfo.InvariantCulture));
                foreach (var list in lists)
                {
                    var column = ColumnName(list.Column);
                    await xml.WriteStartElementAsync(null, "dataValidation", Main);
                    await xml.WriteAttributeStringAsync(null, "type", null, "list");
                    await xml.WriteAttributeStringAsync(null, "allowBlank", null, "1");
                    await xml.WriteAttributeStringAsync(null, "showErrorMessage", null, "1");
                    await xml.WriteAttributeStringAsync(null, "sqref", null, $"{column}2:{column}200000");
                    await xml.WriteElementStringAsync(null, "formula1", Main, $"\"{string.Join(",", list.Values)}\"");
                    await xml.WriteEndElementAsync();
                }
                await xml.WriteEndElementAsync();
            }
            await xml.WriteEndElementAsync();
            await xml.WriteEndDocumentAsync();
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(output, ct);
    }

    private static void Part(System.IO.Compression.ZipArchive zip, string name, string xml)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, System.IO.Compression.CompressionLevel.Fastest).Open(), new System.Text.UTF8Encoding(false));
        writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + xml.Trim());
    }

    private static async Task WriteRowAsync(System.Xml.XmlWriter xml, int number, IReadOnlyList<string?> cells, bool bold)
    {
        await xml.WriteStartElementAsync(null, "row", Main);
        await xml.WriteAttributeStringAsync(null, "r", null, number.ToString(CultureInfo.InvariantCulture));
        for (var c = 0; c < cells.Count; c++)
        {
            if (string.IsNullOrEmpty(cells[c])) continue;
            // Text cells only: ID numbers and codes must never become numbers, and nothing becomes a formula.
            await xml.WriteStartElementAsync(null, "c", Main);
            await xml.WriteAttributeStringAsync(null, "r", null, ColumnName(c) + number);
            if (bold) await xml.WriteAttributeStringAsync(null, "s", null, "1");
            await xml.WriteAttributeStringAsync(null, "t", null, "inlineStr");
            await xml.WriteStartElementAsync(null, "is", Main);
            await xml.WriteStartElementAsync(null, "t", Main);
            await xml.WriteAttributeStringAsync("xml", "space", null, "preserve");
            await xml.WriteStringAsync(XmlSafe(cells[c]!));
            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
    }

    /// <summary>XML 1.0 cannot carry most control characters; a cell drops them rather than break the file.</summary>
    private static string XmlSafe(string text) =>
        text.Any(ch => ch < 0x20 && ch is not ('\t' or '\n' or '\r')) ? new string([.. text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r')]) : text;

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
