using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Volunteers.Domain;

/// <summary>Where a volunteer comes from: a resident of the registry, or someone from outside (a student, a worker nearby).</summary>
public enum VolunteerKind { Resident = 1, Outsider = 2 }

/// <summary>
/// A skill or talent of the catalogue (医生, 退役军人, 书法, 理发, 陪诊 …): reference data kept by code, the name shown
/// as kept (Chinese); also the menu of services residents order (点单式) when <see cref="Orderable"/>.
/// </summary>
public sealed class VolunteerSkill
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public bool Orderable { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>
/// A volunteer of the resource pool. Hangs on their home node (a resident's household node, or the node an outsider
/// serves), so the data scope keeps a community's pool to its staff. Skills are stored as ",code,code," so a
/// search by one skill is a LIKE on one column; <see cref="MinutesServed"/> and <see cref="ActivitiesServed"/> are
/// kept with each confirmation so the pool sorts and filters on them in the database.
/// </summary>
[Display(Name = "Volunteers")]
public sealed class Volunteer : IAreaScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public VolunteerKind Kind { get; set; }
    public long? ResidentId { get; set; }
    public string? School { get; set; }
    public string? College { get; set; }
    public string? ClassName { get; set; }
    public string? UserId { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public required string Skills { get; set; }
    public string? Availability { get; set; }
    /// <summary>Codes of the nodes they serve besides their own, comma separated.</summary>
    public string? ServiceAreas { get; set; }
    public long? TeamId { get; set; }
    public bool Verified { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public string? VerifiedBy { get; set; }
    public int MinutesServed { get; set; }
    public int ActivitiesServed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> SkillCodes => Skills.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string JoinSkills(IEnumerable<string> codes) => "," + string.Join(",", codes.Distinct()) + ",";
}

/// <summary>The tiers of 总队 → 分队 → 小队.</summary>
public enum TeamLevel { Corps = 1, Detachment = 2, Squad = 3 }

/// <summary>A volunteer team on an area node; a squad belongs to a detachment, a detachment to a corps.</summary>
[Display(Name = "Volunteer teams")]
public sealed class VolunteerTeam : IAreaScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public TeamLevel Level { get; set; }
    public long? ParentId { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public long? LeaderId { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
