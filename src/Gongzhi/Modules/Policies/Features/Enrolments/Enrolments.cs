using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Policies.Features.Definitions;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Policies.Features.Enrolments;

public sealed record Enrol(long? ResidentId, DateOnly? EnrolledOn, string? Note);

public sealed record EndEnrolment(long? ResidentId, string? Reason);

public sealed record UnmatchedRow(int Row, string IdNumber, string Reason);

public sealed record EnrolmentImportReport(int Rows, int Enrolled, int AlreadyEnrolled, IReadOnlyList<UnmatchedRow> Unmatched);

/// <summary>
/// Who receives a policy's benefit: recorded one by one, or from the department's .xlsx list matched by ID number
/// (through the registry's keyed hashes), with a report of the rows that match nobody in the importer's reach.
/// </summary>
public sealed class Enrolments(GongzhiDb db, PolicyService policies, IResidentSelector selector, CurrentUser user, AuditLog audit, TimeProvider clock,
    IStringLocalizer<SharedResource> l, Gongzhi.Modules.Reminders.Contracts.IDueItems dueItems)
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 50_000;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task EnrolAsync(long policyId, Enrol input, CancellationToken ct)
    {
        var policy = await ManageableAsync(policyId, ct);
        var resident = input.ResidentId is { } id ? await selector.FindAsync(id, ct) : null;
        if (resident is null) throw AppProblem.NotFound(l["No resident {0} is within your reach.", input.ResidentId ?? 0]);
        if (!resident.AreaPath.StartsWith(policy.AreaPath, StringComparison.Ordinal)) throw AppProblem.Invalid("residentId", l["The resident lives outside the policy's area."]);
        if ((input.Note?.Length ?? 0) > 200) throw AppProblem.Invalid("note", l["At most {0} characters.", 200]);
        var on = input.EnrolledOn ?? Today;
        var row = await db.PolicyEnrolments.FirstOrDefaultAsync(e => e.PolicyId == policy.Id && e.ResidentId == resident.Id, ct);
        if (row is { EndedOn: null }) throw AppProblem.Conflict(l["{0} is already enrolled.", resident.Name]);
        row ??= db.PolicyEnrolments.Add(new PolicyEnrolment { PolicyId = policy.Id, ResidentId = resident.Id }).Entity;
        (row.EnrolledOn, row.Source, row.SourceNote, row.EndedOn, row.EndReason) = (on, EnrolmentSource.Manual, Text(input.Note), null, null);
        (row.RecordedBy, row.RecordedAt) = (user.UserName, clock.GetUtcNow());
        audit.Record("policy.enrol", "policy", policy.Id, $"resident {resident.Id} since {on:yyyy-MM-dd}", areaPath: resident.AreaPath);
        // Enrolled: the grid worker's 双提醒 task (if any) is done.
        await dueItems.CloseAsync(Reminders.PolicyReminders.TaskKey(policy.Id, resident.Id), "enrolled", ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task EndAsync(long policyId, EndEnrolment input, CancellationToken ct)
    {
        var policy = await ManageableAsync(policyId, ct);
        var resident = input.ResidentId is { } id ? await selector.FindAsync(id, ct) : null;
        if (resident is null) throw AppProblem.NotFound(l["No resident {0} is within your reach.", input.ResidentId ?? 0]);
        var reason = Text(input.Reason);
        if (reason is null || reason.Length > 200) throw AppProblem.Invalid("reason", l["Give the reason (up to 200 characters)."]);
        var row = await db.PolicyEnrolments.FirstOrDefaultAsync(e => e.PolicyId == policy.Id && e.ResidentId == resident.Id && e.EndedOn == null, ct)
                  ?? throw AppProblem.NotFound(l["{0} is not enrolled.", resident.Name]);
        (row.EndedOn, row.EndReason, row.RecordedBy, row.RecordedAt) = (Today, reason, user.UserName, clock.GetUtcNow());
        audit.Record("policy.enrolment-end", "policy", policy.Id, $"resident {resident.Id}: {reason}", areaPath: resident.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    public async Task<EnrolmentImportReport> ImportAsync(long policyId, Stream upload, string fileName, CancellationToken ct)
    {
        await ManageableAsync(policyId, ct);
        var temp = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(temp))
            {
                var head = new byte[4];
                var read = await upload.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, ct);
                if (!Xlsx.LooksLikeXlsx(head.AsSpan(0, read))) throw new AppProblem(415, l["Upload the department's list as an .xlsx workbook."]);
                await file.WriteAsync(head.AsMemory(0, read), ct);
                await upload.CopyToAsync(file, ct);
                if (file.Length > MaxBytes) throw new AppProblem(413, l["The file is larger than {0} MB.", MaxBytes / 1024 / 1024]);
            }
            return await ImportFileAsync(policyId, temp, Path.GetFileName(fileName), ct);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// The list's first non-empty row is its header: the column whose title holds 身份证 (or "ID") is matched, a 姓名
    /// column (when there is one) must agree with the registry's name, and a date column (享受/起始/发放 …) gives the
    /// enrolment date. Rows are matched in one query per 500; all matched rows are saved together.
    /// </summary>
    private async Task<EnrolmentImportReport> ImportFileAsync(long policyId, string path, string fileName, CancellationToken ct)
    {
        var policy = await ManageableAsync(policyId, ct);
        var rows = new List<(int Row, string Id, string? Name, DateOnly? On)>();
        int idColumn = -1, nameColumn = -1, dateColumn = -1;
        try
        {
            foreach (var row in Xlsx.ReadRows(path))
            {
                if (row.IsEmpty) continue;
                if (idColumn < 0)
                {
                    for (var i = 0; i < row.Cells.Length; i++)
                    {
                        var title = row[i] ?? "";
                        if (idColumn < 0 && (title.Contains("身份证") || title.Contains("证件号") || title.Equals("ID number", StringComparison.OrdinalIgnoreCase))) idColumn = i;
                        else if (nameColumn < 0 && (title.Contains("姓名") || title.Equals("name", StringComparison.OrdinalIgnoreCase))) nameColumn = i;
                        else if (dateColumn < 0 && (title.Contains("享受") || title.Contains("起始") || title.Contains("发放") || title.Contains("日期"))) dateColumn = i;
                    }
                    if (idColumn < 0) throw AppProblem.Invalid("file", l["The first row must name the columns, one of them the ID number (身份证号)."]);
                    continue;
                }
                if (rows.Count >= MaxRows) throw AppProblem.Invalid("file", l["A list has at most {0} rows.", MaxRows]);
                DateOnly? on = dateColumn >= 0 && Xlsx.TryParseDate(row[dateColumn], out var d) ? d : null;
                rows.Add((row.Number, row[idColumn] ?? "", nameColumn >= 0 ? row[nameColumn] : null, on));
            }
        }
        catch (Exception e) when (e is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.IO.InvalidDataException)
        {
            throw new AppProblem(415, l["Upload the department's list as an .xlsx workbook."]);
        }
        if (idColumn < 0) throw AppProblem.Invalid("file", l["The first row must name the columns, one of them the ID number (身份证号)."]);

        var matches = await selector.MatchIdNumbersAsync(rows.Select(r => r.Id).ToList(), ct);
        var existing = await db.PolicyEnrolments.Where(e => e.PolicyId == policy.Id).ToDictionaryAsync(e => e.ResidentId, ct);
        var unmatched = new List<UnmatchedRow>();
        int enrolled = 0, already = 0;
        var now = clock.GetUtcNow();
        for (var i = 0; i < rows.Count; i++)
        {
            var (number, id, name, on) = rows[i];
            var match = matches[i];
            var shown = string.IsNullOrWhiteSpace(id) ? "" : Masking.IdNumber(id.Trim());
            if (!match.IsValid) { unmatched.Add(new(number, shown, l["Not a valid ID number."])); continue; }
            if (match.ResidentId is not { } residentId) { unmatched.Add(new(number, shown, l["No resident with this ID number in your area."])); continue; }
            if (!string.IsNullOrWhiteSpace(name) && name.Trim() != match.Name) { unmatched.Add(new(number, shown, l["The name differs from the registry's."])); continue; }
            if (match.AreaPath is not { } where || !where.StartsWith(policy.AreaPath, StringComparison.Ordinal)) { unmatched.Add(new(number, shown, l["The resident lives outside the policy's area."])); continue; }
            if (existing.TryGetValue(residentId, out var row) && row.EndedOn is null) { already++; continue; }
            if (row is null)
            {
                row = db.PolicyEnrolments.Add(new PolicyEnrolment { PolicyId = policy.Id, ResidentId = residentId }).Entity;
                existing[residentId] = row;
            }
            (row.EnrolledOn, row.Source, row.SourceNote, row.EndedOn, row.EndReason, row.RecordedBy, row.RecordedAt) =
                (on ?? Today, EnrolmentSource.Import, fileName.Length > 200 ? fileName[..200] : fileName, null, null, user.UserName, now);
            enrolled++;
        }
        audit.Record("policy.import", "policy", policy.Id, $"{fileName}: {rows.Count} rows, {enrolled} enrolled, {already} already, {unmatched.Count} unmatched", areaPath: policy.AreaPath);
        await db.SaveChangesAsync(ct);
        return new EnrolmentImportReport(rows.Count, enrolled, already, unmatched);
    }

    private async Task<Policy> ManageableAsync(long policyId, CancellationToken ct)
    {
        var policy = await policies.FindAsync(policyId, ct);
        if (!user.CanManageAreas) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
        return policy;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
