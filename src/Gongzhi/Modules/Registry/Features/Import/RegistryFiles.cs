using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Search;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Import;

/// <summary>The registry's files: the collection template, import reports, and search exports (.xlsx or .csv).</summary>
public sealed class RegistryFiles(GongzhiDb db, ResidentSearch search, PersonalDataProtector protector, AuditLog audit, CurrentUser user, IStringLocalizer<SharedResource> l)
{
    public const int MaxExportRows = 200_000;

    public static Task WriteTemplateAsync(Stream output, CancellationToken ct)
    {
        var example = RegistryForm.Fields.Select(f => f.Key switch
        {
            "areaCode" => "370811012007-W01-X01-B12-U1",
            "floor" => "3",
            "room" => "301",
            "name" => "张三",
            "idNumber" => ResidentIdNumber.Create("370811", new DateOnly(1950, 6, 1), 123, Sex.Male),
            "relation" => "户主",
            "residency" => "户籍",
            "phone" => "13800000000",
            "ethnicity" => "汉族",
            "politicalStatus" => "中共党员",
            "employment" => "离退休",
            "health" => "慢性病",
            "movedInOn" => "2015-06-01",
            "tags" => "独居、空巢",
            _ => null,
        }).ToList();
        var lists = RegistryForm.Fields.Select((f, i) => (f, i)).Where(x => x.f.Choices is not null).Select(x => new XlsxList(x.i, x.f.Choices!)).ToList();
        return Xlsx.WriteAsync(output, "一表采集", [.. RegistryForm.Fields.Select(f => f.Required ? f.Header + "*" : f.Header)],
            new[] { (IReadOnlyList<string?>)example }.ToAsyncEnumerable(), lists, [.. RegistryForm.Fields.Select(f => f.Width)], ct);
    }

    public async Task<ImportRun> RunAsync(long id, CancellationToken ct)
    {
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null || (run.UserId != user.Id && !user.IsAdmin)) throw AppProblem.NotFound(l["No import {0} is within your reach.", id]);
        return run;
    }

    public async Task WriteReportAsync(long id, Stream output, CancellationToken ct)
    {
        var run = await RunAsync(id, ct);
        var errors = (run.Errors ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<ImportError>(line)!);
        await Xlsx.WriteAsync(output, "导入报告", ["行号", "字段", "原因"],
            errors.Select(e => (IReadOnlyList<string?>)[e.Row.ToString(), e.Field, e.Message]).ToAsyncEnumerable(), widths: [8, 20, 70], ct: ct);
    }

    public const int MaxReasonLength = 200;

    /// <summary>
    /// Everything that can refuse an export — the conditions, the area's reach, the unmask permission and its reason —
    /// is decided here, before the response starts: once the first byte is sent, a refusal could only be a cut file.
    /// </summary>
    public async Task<ResidentExport> PrepareExportAsync(ResidentQuery query, bool unmasked, string? reason, CancellationToken ct)
    {
        if (unmasked && !user.CanUnmask) throw AppProblem.Forbidden(l["Showing personal data unmasked needs the unmask permission."]);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (unmasked)
        {
            // A whole community in clear text is more than one resident: the reason is required, not optional.
            var v = new Validation();
            v.Require(reason is not null, "reason", l["Give the reason for exporting personal data unmasked; it is recorded in the audit log."]);
            v.Require(reason is null || reason.Length <= MaxReasonLength, "reason", l["The reason is at most {0} characters.", MaxReasonLength]);
            v.Require(reason is null || !ResidentRules.LooksExecutable(reason), "reason", l["Formulas and scripts are not accepted as text."]);
            v.ThrowIfInvalid();
        }
        var (rows, areaPath) = await search.PrepareAsync(query, ct);
        return new ResidentExport(rows, unmasked, unmasked ? reason : null, areaPath);
    }

    /// <summary>Writes the residents of a prepared export. Masked unless prepared unmasked; the file says which.</summary>
    public async Task WriteExportAsync(ResidentExport export, string format, Stream output, CancellationToken ct)
    {
        var unmasked = export.Unmasked;
        var maskNote = unmasked ? "（未脱敏）" : "（已脱敏）";
        string[] headers = ["姓名", "性别", "出生日期", "年龄", "身份证号" + maskNote, "联系电话" + maskNote, "与户主关系", "居住类型", "地址", "标签"];
        var tagNames = (await db.TagDefinitions.AsNoTracking().ToListAsync(ct)).ToDictionary(t => t.Code, t => t.Name);
        var count = 0;
        async IAsyncEnumerable<IReadOnlyList<string?>> Lines([EnumeratorCancellation] CancellationToken token = default)
        {
            await foreach (var (resident, row) in search.StreamAsync(export.Query, MaxExportRows, token))
            {
                count++;
                yield return
                [
                    row.Name, row.Sex == Sex.Male ? "男" : "女", row.BirthDate.ToString("yyyy-MM-dd"), row.Age.ToString(),
                    unmasked ? protector.Decrypt(resident.IdNumberCipher) : row.IdNumber,
                    unmasked ? resident.PhoneCipher is null ? null : protector.Decrypt(resident.PhoneCipher) : row.Phone,
                    RegistryForm.Label(RegistryForm.Relations, row.Relation), RegistryForm.Label(RegistryForm.Residencies, row.ResidencyType),
                    row.Address, string.Join("、", row.Tags.Select(t => tagNames.GetValueOrDefault(t, t))),
                ];
            }
        }
        if (format == "csv") await Csv.WriteAsync(output, headers, Lines(ct), ct);
        else await Xlsx.WriteAsync(output, "居民", headers, Lines(ct), widths: [10, 6, 12, 6, 22, 14, 10, 10, 34, 24], ct: ct);
        audit.Record(unmasked ? "resident.export-unmasked" : "resident.export", "resident", null,
            unmasked ? $"{count} rows, {format}; reason: {export.Reason}" : $"{count} rows, {format}", areaPath: export.AreaPath);
        await db.SaveChangesAsync(ct);
    }

}

/// <summary>An export whose conditions and permissions have been checked; only the rows remain to be read.</summary>
public sealed record ResidentExport(IQueryable<Resident> Query, bool Unmasked, string? Reason, string? AreaPath);

/// <summary>CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Chinese), quoted as needed, and cells that would run as formulas defused.</summary>
public static class Csv
{
    public static async Task WriteAsync(Stream output, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<string?>> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', headers.Select(Field)));
        await foreach (var row in rows.WithCancellation(ct)) await writer.WriteLineAsync(string.Join(',', row.Select(Field)));
    }

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
