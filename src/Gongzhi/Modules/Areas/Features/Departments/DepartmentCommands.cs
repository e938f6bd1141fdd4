using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Areas.Features.Departments;

public sealed record DepartmentView(long Id, string Code, string Name, string? DistrictCode, bool IsRetired);

public sealed record SaveDepartment(string? Code, string? Name, string? DistrictCode);

/// <summary>The configurable list of district departments (城管, 住建, 民政, 公安, 市场监管 …). Admins keep it.</summary>
public sealed partial class DepartmentCommands(GongzhiDb db, IDepartmentStaff staff, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    [GeneratedRegex("^[a-z0-9-]{2,32}$")]
    private static partial Regex CodePattern();

    public async Task<IReadOnlyList<DepartmentView>> ListAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new DepartmentView(d.Id, d.Code, d.Name,
                db.AreaNodes.IgnoreQueryFilters().Where(n => n.Id == d.AreaNodeId).Select(n => n.Code).FirstOrDefault(), d.RetiredAt != null))
            .ToListAsync(ct);

    public async Task<Department> CreateAsync(SaveDepartment input, CancellationToken ct)
    {
        var (code, name, districtId) = await ValidateAsync(input, null, ct);
        var department = new Department { Code = code, Name = name, AreaNodeId = districtId };
        db.Departments.Add(department);
        audit.Record("department.create", "department", code, name);
        await db.SaveChangesAsync(ct);
        return department;
    }

    public async Task<Department> UpdateAsync(string code, SaveDepartment input, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == code, ct)
                         ?? throw AppProblem.NotFound(l["No department with code {0}.", code]);
        var (_, name, districtId) = await ValidateAsync(input with { Code = code }, department.Id, ct);
        audit.Record("department.update", "department", code, AuditLog.Change("name", department.Name, name));
        department.Name = name;
        department.AreaNodeId = districtId;
        await db.SaveChangesAsync(ct);
        return department;
    }

    /// <summary>
    /// Retires a department (it stays on its records but takes no new staff) or restores it. A department whose staff
    /// can still sign in is not retired: they would work for a department that no longer exists. Lock their accounts
    /// (or move them) first; the refusal names them.
    /// </summary>
    public async Task<Department> SetRetiredAsync(string code, bool retired, CancellationToken ct)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Code == code, ct)
                         ?? throw AppProblem.NotFound(l["No department with code {0}.", code]);
        if (retired == department.RetiredAt is not null)
            throw AppProblem.Conflict(retired ? l["{0} is already retired.", department.Name] : l["{0} is not retired.", department.Name]);
        if (retired)
        {
            var active = await staff.ActiveAsync(department.Id, ct);
            if (active.Count > 0)
                throw AppProblem.Conflict(l["{0} still has {1} active staff accounts ({2}): lock them or move them to another department first.",
                    department.Name, active.Count, string.Join(", ", active.Take(20)) + (active.Count > 20 ? " …" : "")]);
        }
        department.RetiredAt = retired ? clock.GetUtcNow() : null;
        audit.Record(retired ? "department.retire" : "department.restore", "department", code, department.Name);
        await db.SaveChangesAsync(ct);
        return department;
    }

    private async Task<(string Code, string Name, long? DistrictId)> ValidateAsync(SaveDepartment input, long? exceptId, CancellationToken ct)
    {
        var v = new Validation();
        var code = input.Code?.Trim().ToLowerInvariant() ?? "";
        var name = input.Name?.Trim() ?? "";
        v.Require(CodePattern().IsMatch(code), "code", l["A department code has 2 to 32 lowercase letters, digits or hyphens."]);
        v.Require(name.Length is > 0 and <= 100, "name", l["The name must have 1 to 100 characters."]);
        long? districtId = null;
        if (!string.IsNullOrWhiteSpace(input.DistrictCode))
        {
            districtId = await db.AreaNodes.IgnoreQueryFilters()
                .Where(n => n.Code == input.DistrictCode.Trim() && n.Level == AreaLevel.District).Select(n => (long?)n.Id).FirstOrDefaultAsync(ct);
            v.Require(districtId is not null, "districtCode", l["{0} is not a district code.", input.DistrictCode]);
        }
        v.ThrowIfInvalid();
        if (await db.Departments.AnyAsync(d => d.Code == code && d.Id != exceptId, ct))
            throw AppProblem.Conflict(l["The code {0} is already in use.", code]);
        return (code, name, districtId);
    }
}
