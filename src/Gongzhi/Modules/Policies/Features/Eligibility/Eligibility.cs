using System.Runtime.CompilerServices;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Policies.Features.Definitions;
using Gongzhi.Modules.Policies.Features.Rules;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Policies.Features.Eligibility;

/// <summary>The lists of a policy at an area node.</summary>
public enum PolicyList
{
    /// <summary>Qualifies today.</summary>
    Qualified,
    /// <summary>Enrolled (receiving the benefit).</summary>
    Enrolled,
    /// <summary>Qualifies and is not enrolled: whom the policy must find (政策找人).</summary>
    NotEnrolled,
    /// <summary>Enrolled and no longer qualifies (moved away, deceased, the rule changed): to review.</summary>
    ToReview,
    /// <summary>Does not qualify today and will on the last day of the coming days (e.g. turns 80 within 30 days).</summary>
    Upcoming,
}

public sealed record PreviewRequest(string? Rule, string? Area);

public sealed record Preview(int Count, IReadOnlyList<ResidentSummary> Sample);

/// <summary>A resident in a policy's list, with their open enrolment (since when, recorded how) when there is one.</summary>
public sealed record PolicyResident(long Id, string Name, SexKind Sex, DateOnly BirthDate, int Age, string IdNumber, string? Phone,
    ResidencyKind Residency, bool IsCurrent, string? Address, string AreaPath, DateOnly? EnrolledOn, EnrolmentSource? Source, string? SourceNote);

public sealed record PolicyCounts(int Qualified, int Enrolled, int NotEnrolled, int ToReview, int Upcoming, int UpcomingDays);

/// <summary>
/// Who qualifies, computed live in the database: the rule becomes one query over the registry (through
/// <see cref="IResidentSelector"/>) and "enrolled" one semi-join with <c>policy_enrolments</c>. Nothing is
/// materialised: a count is one indexed query over the asked subtree, so lists never lag behind the registry and
/// no job needs to keep them fresh.
/// </summary>
public sealed class Eligibility(GongzhiDb db, PolicyService policies, IResidentSelector selector, IAreaDirectory areas, CurrentUser user, AuditLog audit,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int SampleSize = 10;
    public const int DefaultUpcomingDays = 30;
    public const int MaxExportRows = 200_000;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The editor's preview: count and a sample in the caller's scope. Throws RuleException / InvalidCriterionException.</summary>
    public async Task<Preview> PreviewAsync(PreviewRequest request, CancellationToken ct)
    {
        var criterion = RuleCompiler.Compile(RuleParser.Parse(request.Rule));
        string? path = null;
        if (!string.IsNullOrWhiteSpace(request.Area))
            path = (await areas.FindAsync(request.Area.Trim(), ct))?.Path ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", request.Area.Trim()]);
        var page = await selector.PageAsync(await selector.SelectAsync(criterion, Today, path, ct), 1, SampleSize, ct);
        return new Preview(page.Total, page.Items);
    }

    public async Task<PagedList<PolicyResident>> ListAsync(long policyId, PolicyList list, string? area, int? days, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Paging.Normalize(page, pageSize, 20, 200);
        var scope = await ScopeAsync(policyId, area, ct);
        if (scope.Path is null) return new PagedList<PolicyResident>([], 0);
        var found = await selector.PageAsync(await SelectionAsync(scope, list, Days(days), ct), p, size, ct);
        var ids = found.Items.Select(r => r.Id).ToList();
        var enrolments = await db.PolicyEnrolments.AsNoTracking().Where(e => e.PolicyId == policyId && e.EndedOn == null && ids.Contains(e.ResidentId))
            .ToDictionaryAsync(e => e.ResidentId, ct);
        return new PagedList<PolicyResident>(found.Items.Select(r =>
        {
            var e = enrolments.GetValueOrDefault(r.Id);
            return new PolicyResident(r.Id, r.Name, r.Sex, r.BirthDate, r.Age, r.IdNumber, r.Phone, r.Residency, r.IsCurrent, r.Address, r.AreaPath,
                e?.EnrolledOn, e?.Source, e?.SourceNote);
        }).ToList(), found.Total);
    }

    public async Task<PolicyCounts> CountsAsync(long policyId, string? area, int? days, CancellationToken ct)
    {
        var scope = await ScopeAsync(policyId, area, ct);
        var d = Days(days);
        if (scope.Path is null) return new PolicyCounts(0, 0, 0, 0, 0, d);
        async Task<int> Count(PolicyList list) => await selector.CountAsync(await SelectionAsync(scope, list, d, ct), ct);
        return new PolicyCounts(await Count(PolicyList.Qualified), await Count(PolicyList.Enrolled), await Count(PolicyList.NotEnrolled),
            await Count(PolicyList.ToReview), await Count(PolicyList.Upcoming), d);
    }

    /// <summary>A list as .xlsx, masked unless unmasked (permission and reason required); audited with the row count.</summary>
    public async Task<PreparedExport> PrepareExportAsync(long policyId, PolicyList list, string? area, int? days, bool unmasked, string? reason, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (unmasked)
        {
            if (!user.CanUnmask) throw AppProblem.Forbidden(l["Showing personal data unmasked needs the unmask permission."]);
            var v = new Validation();
            v.Require(reason is not null, "reason", l["Give the reason for exporting personal data unmasked; it is recorded in the audit log."]);
            v.Require(reason is null || reason.Length <= 200, "reason", l["The reason is at most {0} characters.", 200]);
            v.ThrowIfInvalid();
        }
        var scope = await ScopeAsync(policyId, area, ct);
        var selection = scope.Path is null ? null : await SelectionAsync(scope, list, Days(days), ct);
        return new PreparedExport(scope, list, selection, unmasked, reason);
    }

    public async Task WriteExportAsync(PreparedExport export, Stream output, CancellationToken ct)
    {
        var maskNote = export.Unmasked ? "（未脱敏）" : "（已脱敏）";
        string[] headers = ["姓名", "性别", "出生日期", "年龄", "身份证号" + maskNote, "联系电话" + maskNote, "人户类型", "地址", "状态"];
        var count = 0;
        async IAsyncEnumerable<IReadOnlyList<string?>> Lines([EnumeratorCancellation] CancellationToken token = default)
        {
            if (export.Selection is null) yield break;
            await foreach (var r in selector.StreamAsync(export.Selection, export.Unmasked, MaxExportRows, token))
            {
                count++;
                yield return [r.Name, r.Sex == SexKind.Male ? "男" : "女", r.BirthDate.ToString("yyyy-MM-dd"), r.Age.ToString(), r.IdNumber, r.Phone,
                    r.Residency switch { ResidencyKind.Registered => "户籍", ResidencyKind.Permanent => "常住", _ => "流动" }, r.Address, r.IsCurrent ? "在册" : "已注销"];
            }
        }
        await Xlsx.WriteAsync(output, SheetName(export.List), headers, Lines(ct), widths: [10, 6, 12, 6, 22, 14, 10, 34, 8], ct: ct);
        var detail = $"{export.List} @ {export.Scope.Path}: {count} rows" + (export.Unmasked ? $"; reason: {export.Reason}" : "");
        audit.Record(export.Unmasked ? "policy.export-unmasked" : "policy.export", "policy", export.Scope.Policy.Id, detail, areaPath: export.Scope.Path ?? export.Scope.Policy.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    public static string SheetName(PolicyList list) => list switch
    {
        PolicyList.Qualified => "符合条件", PolicyList.Enrolled => "已享受", PolicyList.NotEnrolled => "符合未享受",
        PolicyList.ToReview => "享受但不再符合", _ => "即将符合",
    };

    private static int Days(int? days) => Math.Clamp(days ?? DefaultUpcomingDays, 1, 366);

    /// <summary>The policy and the subtree asked: the narrower of the policy's area and the node (null: they do not meet).</summary>
    public sealed record ListScope(Policy Policy, string? Path);

    public sealed record PreparedExport(ListScope Scope, PolicyList List, ResidentSelection? Selection, bool Unmasked, string? Reason);

    private async Task<ListScope> ScopeAsync(long policyId, string? area, CancellationToken ct)
    {
        var policy = await policies.FindAsync(policyId, ct);
        string? node = null;
        if (!string.IsNullOrWhiteSpace(area))
            node = (await areas.FindAsync(area.Trim(), ct))?.Path ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", area.Trim()]);
        else if (db.Scope.SingleFrom is { } own) node = own;
        if (node is null) return new ListScope(policy, policy.AreaPath);
        if (node.StartsWith(policy.AreaPath, StringComparison.Ordinal)) return new ListScope(policy, node);
        if (policy.AreaPath.StartsWith(node, StringComparison.Ordinal)) return new ListScope(policy, policy.AreaPath);
        return new ListScope(policy, null);
    }

    private async Task<ResidentSelection> SelectionAsync(ListScope scope, PolicyList list, int days, CancellationToken ct)
    {
        var criterion = RuleCompiler.Compile(RuleParser.Parse(scope.Policy.Rule));
        var policyId = scope.Policy.Id;
        var enrolled = db.PolicyEnrolments.Where(e => e.PolicyId == policyId && e.EndedOn == null).Select(e => e.ResidentId);
        if (list == PolicyList.Enrolled) return selector.OfIds(enrolled, scope.Path);
        var qualified = await selector.SelectAsync(criterion, Today, scope.Path, ct, check: false);
        return list switch
        {
            PolicyList.Qualified => qualified,
            PolicyList.NotEnrolled => qualified.Except(enrolled),
            PolicyList.ToReview => selector.OfIds(enrolled, scope.Path).Except(qualified.Ids),
            _ => (await selector.SelectAsync(criterion, Today.AddDays(days), scope.Path, ct, check: false)).Except(qualified.Ids),
        };
    }
}
