using System.Globalization;
using System.Text;
using Microsoft.VisualBasic.FileIO;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Areas.Features.ImportDivisions;

public sealed record DivisionImportError(int Line, string Message);

public sealed record DivisionImportReport(int Added, int Renamed, int Unchanged, IReadOnlyList<DivisionImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Loads official division codes (<c>code,name,level,parent_code</c>, as published by the National Bureau of
/// Statistics). Every row is checked before anything is written; one bad row rejects the file. A re-import updates
/// names and adds new codes; it never deletes or moves a node.
/// </summary>
public sealed class DivisionImporter(GongzhiDb db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int MaxRows = 200_000;

    private sealed record Row(int Line, string Code, string Name, AreaLevel Level, string? ParentCode);

    public async Task<DivisionImportReport> ImportAsync(Stream csv, CancellationToken ct)
    {
        csv = await EnsureUtf8TextAsync(csv, ct);
        var (rows, errors) = Parse(csv);
        if (rows.Count == 0 && errors.Count == 0) errors.Add(new(1, l["The file holds no division rows."]));

        var existing = await db.AreaNodes.IgnoreQueryFilters().Where(n => n.IsOfficial || n.Depth <= 5)
            .ToDictionaryAsync(n => n.Code, ct);
        var inFile = new Dictionary<string, Row>();
        foreach (var row in rows)
        {
            if (!inFile.TryAdd(row.Code, row)) errors.Add(new(row.Line, l["Code {0} appears twice in the file.", row.Code]));
        }
        foreach (var row in rows)
        {
            if (row.ParentCode is null) continue;
            var parentLevel = inFile.TryGetValue(row.ParentCode, out var p) ? p.Level : existing.TryGetValue(row.ParentCode, out var e) ? e.Level : (AreaLevel?)null;
            if (parentLevel is null) errors.Add(new(row.Line, l["Parent code {0} is neither in the file nor in Gongzhi.", row.ParentCode]));
            else if (!AreaNode.CanHoldChild(parentLevel.Value, row.Level)) errors.Add(new(row.Line, l["Level {0} cannot hang under parent {1}.", row.Level.ToString().ToLowerInvariant(), row.ParentCode]));
            if (existing.TryGetValue(row.Code, out var current) && Browse.AreaQueries.ParentCode(current.Path) != row.ParentCode)
                errors.Add(new(row.Line, l["Code {0} already hangs under {1}; import does not move nodes.", row.Code, Browse.AreaQueries.ParentCode(current.Path) ?? "-"]));
        }
        if (errors.Count > 0) return new DivisionImportReport(0, 0, 0, [.. errors.OrderBy(e => e.Line)]);

        int added = 0, renamed = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Parents before children: codes get longer level by level.
        foreach (var row in rows.OrderBy(r => r.Level).ThenBy(r => r.Code))
        {
            if (existing.TryGetValue(row.Code, out var node))
            {
                if (node.Name == row.Name) { unchanged++; continue; }
                audit.Record("area.rename-import", "area", row.Code, $"name: {node.Name} → {row.Name}");
                node.Name = row.Name;
                node.UpdatedAt = now;
                renamed++;
                continue;
            }
            var parent = row.ParentCode is null ? null : existing[row.ParentCode];
            node = new AreaNode
            {
                Code = row.Code, Name = row.Name, Level = row.Level, IsOfficial = true, Parent = parent,
                Path = AreaNode.ChildPath(parent?.Path ?? "/", row.Code), Depth = (parent?.Depth ?? 0) + 1,
                CreatedAt = now, UpdatedAt = now,
            };
            db.AreaNodes.Add(node);
            existing[row.Code] = node;
            added++;
        }
        audit.Record("area.import", "area", null, $"added {added}, renamed {renamed}, unchanged {unchanged}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new DivisionImportReport(added, renamed, unchanged, []);
    }

    /// <summary>
    /// A spreadsheet, an archive or a GBK "CSV" is not a file with bad rows but the wrong file: say so as a 400 (the API,
    /// the page form and the command line all call this) instead of failing somewhere inside the CSV parser.
    /// </summary>
    private async Task<Stream> EnsureUtf8TextAsync(Stream input, CancellationToken ct)
    {
        var stream = input;
        if (!input.CanSeek)
        {
            var copy = new MemoryStream();
            await input.CopyToAsync(copy, ct);
            stream = copy;
        }
        var start = stream.Position;
        var head = new byte[4];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (read >= 4 && head is [(byte)'P', (byte)'K', 3, 4])
            throw NotText(l["The file is a zip archive (an .xlsx workbook is one): save the sheet as CSV (UTF-8) and upload that."]);
        if (read >= 2 && head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            throw NotText(l["The file is UTF-16 text: save it as CSV (UTF-8) and upload it again."]);

        // Strict decoding of the whole file, before any row is looked at: a NUL or an invalid byte anywhere means the
        // file is not UTF-8 text (GBK from an older Excel is the usual case).
        stream.Position = start;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[bytes.Length + 4];
        int n;
        try
        {
            while ((n = await stream.ReadAsync(bytes, ct)) > 0)
            {
                if (bytes.AsSpan(0, n).Contains((byte)0)) throw NotText(l["The file is not text: upload a CSV file saved as UTF-8."]);
                decoder.GetChars(bytes, 0, n, chars, 0, flush: false);
            }
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
        }
        catch (DecoderFallbackException)
        {
            throw NotText(l["The file is not UTF-8 text (GBK from Excel is a common case): save it as CSV (UTF-8) and upload it again."]);
        }
        stream.Position = start;
        return stream;
    }

    private static AppProblem NotText(string message) => AppProblem.Invalid("file", message);

    private (List<Row> Rows, List<DivisionImportError> Errors) Parse(Stream csv)
    {
        var rows = new List<Row>();
        var errors = new List<DivisionImportError>();
        using var reader = new StreamReader(csv, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        using var parser = new TextFieldParser(reader) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = true };
        parser.SetDelimiters(",");
        var line = 0;
        try
        {
            var header = parser.ReadFields();
            line = 1;
            if (header is null)
            {
                errors.Add(new(1, l["The file is empty."]));
                return (rows, errors);
            }
            if (!header.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).SequenceEqual(["code", "name", "level", "parent_code"]))
            {
                errors.Add(new(1, l["The header must be code,name,level,parent_code."]));
                return (rows, errors);
            }
            while (!parser.EndOfData)
            {
                line = (int)parser.LineNumber;
                var fields = parser.ReadFields();
                if (fields is null || fields.All(string.IsNullOrWhiteSpace)) continue; // blank line
                if (rows.Count + errors.Count >= MaxRows)
                {
                    errors.Add(new(line, l["The file has more than {0} rows.", MaxRows]));
                    break;
                }
                if (fields.Length != 4) { errors.Add(new(line, l["A row has 4 fields: code,name,level,parent_code."])); continue; }
                var (code, name, levelText, parentCode) = (fields[0], fields[1], fields[2], fields[3]);
                if (!Enum.TryParse<AreaLevel>(levelText, ignoreCase: true, out var level) || level > AreaLevel.Community || !Enum.IsDefined(level) || int.TryParse(levelText, out _))
                {
                    errors.Add(new(line, l["Unknown level {0}: use province, city, district, street or community.", levelText]));
                    continue;
                }
                var expectedLength = level switch { AreaLevel.Province => 2, AreaLevel.City => 4, AreaLevel.District => 6, AreaLevel.Street => 9, _ => 12 };
                if (code.Length != expectedLength || !code.All(char.IsAsciiDigit))
                {
                    errors.Add(new(line, l["Code {0} is not a {1}-digit {2} code.", code, expectedLength, levelText.ToLowerInvariant()]));
                    continue;
                }
                if (name.Length is 0 or > 100)
                {
                    errors.Add(new(line, l["The name must have 1 to 100 characters."]));
                    continue;
                }
                string? parent = string.IsNullOrWhiteSpace(parentCode) ? null : parentCode.Trim();
                if (level == AreaLevel.Province ? parent is not null : parent is null || !code.StartsWith(parent, StringComparison.Ordinal))
                {
                    errors.Add(new(line, l["Parent code {0} does not fit code {1}.", parent ?? "-", code]));
                    continue;
                }
                rows.Add(new Row(line, code, name, level, parent));
            }
        }
        catch (Exception ex) when (ex is MalformedLineException or DecoderFallbackException)
        {
            errors.Add(new(Math.Max(line, 1), l["The file is not a readable CSV: {0}", ex.Message.Split('\n')[0]]));
        }
        return (rows, errors);
    }
}
