using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Policies.Features.Rules;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Policies.Features.Definitions;

/// <summary>A policy as staff write it (the API's body and the editor's form).</summary>
public sealed class SavePolicy
{
    public string? Name { get; set; }
    public string? Department { get; set; }
    public string? Description { get; set; }
    public string? LegalBasis { get; set; }
    public string? Benefit { get; set; }
    public string? AreaCode { get; set; }
    public string? Rule { get; set; }
    /// <summary>Days before eligibility when the 双提醒 go out, e.g. "30,7"; empty for none.</summary>
    public string? ReminderLeadTimes { get; set; }
}

public sealed record PolicyView(long Id, string Name, string Department, string? Description, string? LegalBasis, string? Benefit,
    string AreaCode, string AreaName, string Rule, string ReminderLeadTimes, bool IsRetired, bool CanEdit, DateTimeOffset UpdatedAt);

/// <summary>
/// Who sees a policy: staff inside its area (it concerns their residents) and above it (they oversee it). Editing
/// needs the area to lie within the editor's own subtree, so a community cannot change its district's policy.
/// </summary>
public static class PolicyReach
{
    public static bool Sees(DataScope scope, string policyPath) =>
        scope.IsUnrestricted || scope.Paths.Any(p => p.StartsWith(policyPath, StringComparison.Ordinal) || policyPath.StartsWith(p, StringComparison.Ordinal));

    public static bool CanEdit(DataScope scope, CurrentUser user, string policyPath) => user.CanManageAreas && scope.Covers(policyPath);
}

/// <summary>Defining policies: list, read, create, change, retire; every change audited in the same save.</summary>
public sealed class PolicyService(GongzhiDb db, IAreaDirectory areas, IResidentSelector selector, CurrentUser user, AuditLog audit, TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<PolicyView>> ListAsync(bool includeRetired, CancellationToken ct)
    {
        var all = await db.Policies.AsNoTracking().Where(p => includeRetired || p.RetiredAt == null).OrderBy(p => p.AreaPath).ThenBy(p => p.Name).ToListAsync(ct);
        return await ViewsAsync(all.Where(p => PolicyReach.Sees(db.Scope, p.AreaPath)).ToList(), ct);
    }

    /// <summary>The policy, when in the caller's reach (otherwise 404, as for every record out of scope).</summary>
    public async Task<Policy> FindAsync(long id, CancellationToken ct)
    {
        var policy = await db.Policies.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null || !PolicyReach.Sees(db.Scope, policy.AreaPath)) throw AppProblem.NotFound(l["No policy {0} is within your reach.", id]);
        return policy;
    }

    public async Task<PolicyView> GetAsync(long id, CancellationToken ct) => (await ViewsAsync([await FindAsync(id, ct)], ct))[0];

    public async Task<Policy> CreateAsync(SavePolicy input, CancellationToken ct)
    {
        if (!user.CanManageAreas) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
        var (area, rule, leads) = await CheckAsync(input, ct);
        var now = clock.GetUtcNow();
        var policy = new Policy
        {
            Name = input.Name!.Trim(), Department = input.Department!.Trim(), Description = Text(input.Description), LegalBasis = Text(input.LegalBasis),
            Benefit = Text(input.Benefit), AreaNodeId = area.Id, AreaPath = area.Path, Rule = rule, ReminderLeadTimes = leads,
            CreatedAt = now, UpdatedAt = now,
        };
        db.Policies.Add(policy);
        audit.RecordNew("policy.create", "policy", policy, $"{policy.Name} @ {area.Code}: {rule}", areaPath: area.Path);
        await db.SaveChangesAsync(ct);
        return policy;
    }

    public async Task UpdateAsync(long id, SavePolicy input, CancellationToken ct)
    {
        var policy = await EditableAsync(id, ct);
        var (area, rule, leads) = await CheckAsync(input, ct);
        var changes = AuditLog.Join(
            AuditLog.Change("name", policy.Name, input.Name!.Trim()),
            AuditLog.Change("department", policy.Department, input.Department!.Trim()),
            AuditLog.Change("area", policy.AreaPath, area.Path),
            AuditLog.Change("rule", policy.Rule, rule),
            AuditLog.Change("benefit", policy.Benefit, Text(input.Benefit)),
            AuditLog.Change("legalBasis", policy.LegalBasis, Text(input.LegalBasis)),
            AuditLog.Change("description", policy.Description, Text(input.Description)),
            AuditLog.Change("reminderLeadTimes", policy.ReminderLeadTimes, leads));
        policy.Name = input.Name!.Trim();
        policy.Department = input.Department!.Trim();
        policy.Description = Text(input.Description);
        policy.LegalBasis = Text(input.LegalBasis);
        policy.Benefit = Text(input.Benefit);
        policy.AreaNodeId = area.Id;
        policy.AreaPath = area.Path;
        policy.Rule = rule;
        policy.ReminderLeadTimes = leads;
        policy.UpdatedAt = clock.GetUtcNow();
        audit.Record("policy.update", "policy", policy.Id, changes, areaPath: policy.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    public async Task SetRetiredAsync(long id, bool retired, CancellationToken ct)
    {
        var policy = await EditableAsync(id, ct);
        if ((policy.RetiredAt is not null) == retired) return;
        policy.RetiredAt = retired ? clock.GetUtcNow() : null;
        audit.Record(retired ? "policy.retire" : "policy.restore", "policy", policy.Id, policy.Name, areaPath: policy.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Policy> EditableAsync(long id, CancellationToken ct)
    {
        var policy = await FindAsync(id, ct);
        if (!PolicyReach.CanEdit(db.Scope, user, policy.AreaPath)) throw AppProblem.Forbidden(l["Only staff of the policy's area may change it."]);
        return policy;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Every field at once; the rule parsed and its tags and areas checked against the registry.</summary>
    private async Task<(AreaRef Area, string Rule, string LeadTimes)> CheckAsync(SavePolicy input, CancellationToken ct)
    {
        var v = new Validation();
        v.Require(input.Name?.Trim().Length is > 0 and <= 100, "name", l["A name has 1 to 100 characters."]);
        v.Require(input.Department?.Trim().Length is > 0 and <= 100, "department", l["Name the department (up to 100 characters)."]);
        v.Require((input.Description?.Length ?? 0) <= 2000, "description", l["At most {0} characters.", 2000]);
        v.Require((input.LegalBasis?.Length ?? 0) <= 500, "legalBasis", l["At most {0} characters.", 500]);
        v.Require((input.Benefit?.Length ?? 0) <= 500, "benefit", l["At most {0} characters.", 500]);
        var leads = LeadTimes.Parse(input.ReminderLeadTimes, out var leadError);
        if (leadError is { } leadProblem) v.Add("reminderLeadTimes", leadProblem switch
        {
            LeadTimesError.Negative => l["Lead times cannot be negative: a reminder goes out before the resident becomes eligible."],
            LeadTimesError.TooMany => l["At most {0} lead times.", LeadTimes.MaxCount],
            _ => l["Write lead times as whole days from 1 to {0}, separated by commas (e.g. 30,7).", LeadTimes.Max],
        });
        AreaRef? area = null;
        if (string.IsNullOrWhiteSpace(input.AreaCode)) v.Add("areaCode", l["Choose the area the policy applies to."]);
        else if ((area = await areas.FindAsync(input.AreaCode.Trim(), ct)) is null) v.Add("areaCode", l["No area node with code {0} is within your reach.", input.AreaCode.Trim()]);
        var rule = input.Rule?.Trim() ?? "";
        try
        {
            var criterion = RuleCompiler.Compile(RuleParser.Parse(rule));
            await selector.SelectAsync(criterion, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), area?.Path, ct); // checks tags and areas, reads nothing
        }
        catch (RuleException e) { v.Add("rule", RuleMessages.Describe(l, e)); }
        catch (InvalidCriterionException e) { v.Add("rule", RuleMessages.Describe(l, e)); }
        v.ThrowIfInvalid();
        return (area!, rule, LeadTimes.Format(leads));
    }

    private async Task<IReadOnlyList<PolicyView>> ViewsAsync(IReadOnlyList<Policy> policies, CancellationToken ct)
    {
        var nodes = (await areas.NamesAsync(policies.Select(p => p.AreaNodeId).Distinct().ToList(), ct)).ToDictionary(a => a.Id);
        return policies.Select(p => new PolicyView(p.Id, p.Name, p.Department, p.Description, p.LegalBasis, p.Benefit,
            nodes.GetValueOrDefault(p.AreaNodeId)?.Code ?? "", nodes.GetValueOrDefault(p.AreaNodeId)?.Name ?? "", p.Rule, p.ReminderLeadTimes,
            p.RetiredAt is not null, PolicyReach.CanEdit(db.Scope, user, p.AreaPath), p.UpdatedAt)).ToList();
    }
}
