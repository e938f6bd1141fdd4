using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Policies.Domain;

/// <summary>
/// A policy (政策) of a department with its eligibility rule (政策找人). It applies to an area node and everything
/// below it; whoever works inside that area, or above it, sees it — a district's 高龄津贴 concerns every community
/// worker of the district, so the usual "inside your subtree" filter does not fit.
/// </summary>
[AreaPathNotScoped("A policy applies to a whole subtree: staff above it and inside it see it (PolicyReach), not only those above.", FollowsMoves = true)]
public sealed class Policy
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The department that runs it (民政局, 残联, 医保局 …), as the department writes its own name.</summary>
    public required string Department { get; set; }
    public string? Description { get; set; }
    public string? LegalBasis { get; set; }
    public string? Benefit { get; set; }
    public long AreaNodeId { get; set; }
    /// <summary>Copy of the area node's path: the policy's subtree.</summary>
    public required string AreaPath { get; set; }
    /// <summary>The eligibility rule as written (the rule language of <see cref="RuleParser"/>).</summary>
    public required string Rule { get; set; }
    /// <summary>
    /// Days before someone becomes eligible when the 双提醒 go out (grid worker's task and the resident's SMS), as
    /// written by staff and normalised by <see cref="LeadTimes"/>: "30,7"; empty for none.
    /// </summary>
    public string ReminderLeadTimes { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
}

/// <summary>
/// One 双提醒 sent: for a policy, a resident who will qualify on <see cref="EligibleOn"/>, at one lead time. Unique per
/// policy, resident, eligibility date and lead, so the nightly job sends each reminder exactly once however often it
/// runs. Kept in the resident's area so the resident page shows it to those who may see the resident.
/// </summary>
[System.ComponentModel.DataAnnotations.Display(Name = "Policy reminders")]
public sealed class PolicyReminder : IAreaScoped
{
    public long Id { get; set; }
    public long PolicyId { get; set; }
    public long ResidentId { get; set; }
    public required string AreaPath { get; set; }
    public int LeadDays { get; set; }
    public DateOnly EligibleOn { get; set; }
    /// <summary>The grid worker's due item (reminders module's source key).</summary>
    public required string TaskKey { get; set; }
    /// <summary>The SMS's outbox key; null when the resident has no phone on record (only the grid worker's task went).</summary>
    public string? SmsKey { get; set; }
    /// <summary>The resident has no phone, so the SMS went to the household contact's (the householder's, or another adult member's).</summary>
    public bool SmsToHouseholdContact { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

public enum EnrolmentSource { Manual = 1, Import = 2 }

/// <summary>
/// A resident receiving a policy's benefit: since when, recorded how (by hand, or from a department's list), and
/// when it ended. One row per policy and resident; enrolling again reopens it.
/// </summary>
public sealed class PolicyEnrolment
{
    public long Id { get; set; }
    public long PolicyId { get; set; }
    /// <summary>A registry resident (the registry's contracts show who it is, within the reader's scope).</summary>
    public long ResidentId { get; set; }
    public DateOnly EnrolledOn { get; set; }
    public EnrolmentSource Source { get; set; }
    /// <summary>The imported file's name, or a note.</summary>
    public string? SourceNote { get; set; }
    public DateOnly? EndedOn { get; set; }
    public string? EndReason { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
