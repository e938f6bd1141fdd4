using System.Text.RegularExpressions;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Audit.Contracts;

/// <summary>
/// Display text for audit entries in the caller's language. The stored action codes (<c>resident.update</c>) and
/// details (<c>tags: +[党员] -[]</c>) stay as they are — stable, searchable, language-free — and are translated
/// when shown: the action as a phrase, field names at the start of each change.
/// </summary>
public static partial class AuditText
{
    public static string Action(IStringLocalizer<SharedResource> l, string action) => action switch
    {
        "auth.login" => l["Signed in"],
        "auth.login-failed" => l["Sign-in failed"],
        "user.create" => l["Account created"],
        "user.assign-areas" => l["Account bound to areas"],
        "user.lock" => l["Account locked"],
        "user.unlock" => l["Account unlocked"],
        "user.sign-out" => l["Account signed out everywhere"],
        "user.temporary-password" => l["Temporary password set"],
        "user.reset-link" => l["Password reset link made"],
        "user.password-reset" => l["Password set through a reset link"],
        "user.password-change" => l["Password changed"],
        "area.create" => l["Area node created"],
        "area.update" => l["Area node changed"],
        "area.move" => l["Area node moved"],
        "area.retire" => l["Area node retired"],
        "area.restore" => l["Area node restored"],
        "area.delete" => l["Area node deleted"],
        "area.import" => l["Division codes imported"],
        "area.rename-import" => l["Renamed by the division import"],
        "department.create" => l["Department created"],
        "department.update" => l["Department changed"],
        "department.retire" => l["Department retired"],
        "department.restore" => l["Department restored"],
        "party-org.create" => l["Party organisation created"],
        "household.create" => l["Household registered"],
        "household.update" => l["Household changed"],
        "household.move" => l["Household moved"],
        "household.retire" => l["Household retired"],
        "household.restore" => l["Household restored"],
        "household.member-added" => l["Member joined the household"],
        "household.member-left" => l["Member left the household"],
        "resident.create" => l["Resident registered"],
        "resident.update" => l["Resident changed"],
        "resident.move" => l["Resident moved to another household"],
        "resident.moved-out" => l["Resident moved out"],
        "resident.deceased" => l["Resident deceased"],
        "resident.unmask" => l["Personal data shown unmasked"],
        "resident.import-update" => l["Resident updated by import"],
        "resident.export" => l["Residents exported (masked)"],
        "resident.export-unmasked" => l["Residents exported unmasked"],
        "registry.import" => l["Collection form imported"],
        "merchant.create" => l["Merchant registered"],
        "merchant.update" => l["Merchant changed"],
        "facility.create" => l["Facility registered"],
        "facility.update" => l["Facility changed"],
        "tag.create" => l["Custom tag created"],
        "policy.create" => l["Policy created"],
        "notice.create" => l["Notice written"],
        "notice.publish" => l["Notice published"],
        "notice.withdraw" => l["Notice withdrawn"],
        "policy.update" => l["Policy changed"],
        "policy.retire" => l["Policy retired"],
        "policy.restore" => l["Policy restored"],
        "policy.enrol" => l["Resident enrolled in a policy"],
        "policy.enrolment-end" => l["Policy enrolment ended"],
        "policy.import" => l["Policy enrolments imported"],
        "policy.export" => l["Policy list exported (masked)"],
        "policy.export-unmasked" => l["Policy list exported unmasked"],
        "request-category.create" => l["Request category created"],
        "request-category.update" => l["Request category changed"],
        "request-category.retire" => l["Request category retired"],
        "request-category.restore" => l["Request category restored"],
        "request.create" => l["Request recorded"],
        "request.accept" => l["Request accepted"],
        "request.assign" => l["Request assigned"],
        "request.transfer" => l["Request transferred"],
        "request.return" => l["Request returned"],
        "request.start" => l["Request started"],
        "request.resolve" => l["Request resolved"],
        "request.feedback" => l["Resident feedback recorded"],
        "request.reopen" => l["Request reopened"],
        "request.return-visit" => l["Return visit recorded"],
        "request.unmask" => l["Submitter's phone shown"],
        "request.whistle" => l["Request whistled"],
        "request.sla-warning" => l["Deadline warning sent"],
        "request.overdue" => l["Request overdue"],
        "request.report-in" => l["Department reported in"],
        "request.department-action" => l["Department action recorded"],
        _ => action,
    };

    public static string Field(IStringLocalizer<SharedResource> l, string field) => field switch
    {
        "name" => l["Name"],
        "idNumber" => l["ID number"],
        "phone" => l["Phone"],
        "relation" => l["Relation"],
        "residencyType" => l["Residency"],
        "politicalStatus" => l["Political status"],
        "disabilityGrade" => l["Disability grade"],
        "tags" => l["Tags"],
        "address" => l["Address"],
        "floor" => l["Floor"],
        "floors" => l["Floors"],
        "room" => l["Room"],
        "roomsPerFloor" => l["Rooms per floor"],
        "tenure" => l["Tenure"],
        "note" => l["Note"],
        "area" => l["Area"],
        "parent" => l["Parent"],
        "reason" => l["Reason"],
        "handlerLevel" => l["Handled by"],
        "acceptWithinHours" => l["Accept within (hours)"],
        "resolveWithinHours" => l["Resolve within (hours)"],
        _ => field,
    };

    [GeneratedRegex(@"^(?<field>[a-z][A-Za-z]*): (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex FieldChange();

    /// <summary>The detail with each <c>field: …</c> part's field name in the caller's language.</summary>
    public static string? Summary(IStringLocalizer<SharedResource> l, string? detail)
    {
        if (string.IsNullOrEmpty(detail)) return detail;
        return string.Join("; ", detail.Split("; ").Select(part => FieldChange().Match(part) is { Success: true } m
            ? l["{0}: {1}", Field(l, m.Groups["field"].Value), m.Groups["rest"].Value].Value
            : part));
    }
}
