using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Volunteers.Domain;

/// <summary>Who a title is for: a volunteer, a team (a 志愿服务项目 run by a team) or a building node of the tree.</summary>
public enum AwardNomineeKind { Volunteer = 1, Team = 2, Building = 3 }

public enum NominationState { Pending = 1, Awarded = 2, Declined = 3 }

/// <summary>
/// A yearly title (社区服务之星, 最美志愿者, 十佳志愿服务项目, 和谐楼栋): reference data kept by code. <see cref="Limit"/>
/// caps the awards of the title per awarding node and year (十佳 = 10; null: no cap); <see cref="BonusPoints"/> go to
/// an awarded volunteer through the points bank (0: none).
/// </summary>
public sealed class AwardTitle
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public AwardNomineeKind NomineeKind { get; set; }
    public int? Limit { get; set; }
    public int BonusPoints { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>
/// A nomination for a title in a year at an awarding node (the node whose staff decide), with who nominated, why
/// and the evidence drawn from the nominee's record when nominated. Awarded, it carries <see cref="AwardKey"/>
/// (title, year, nominee), unique in the table: one award per title per nominee per year, even under a race.
/// </summary>
[Display(Name = "Award nominations")]
public sealed class AwardNomination : IAreaScoped
{
    public long Id { get; set; }
    public required string TitleCode { get; set; }
    public int Year { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public AwardNomineeKind NomineeKind { get; set; }
    /// <summary>The volunteer's, the team's or the building node's id.</summary>
    public long NomineeId { get; set; }
    public required string NomineeName { get; set; }
    public required string Reason { get; set; }
    public required string Evidence { get; set; }
    public string? NominatedBy { get; set; }
    public string? NominatedByName { get; set; }
    public DateTimeOffset NominatedAt { get; set; }
    public NominationState State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    public string? AwardKey { get; set; }
    public int? BonusPoints { get; set; }

    public static string KeyOf(string titleCode, int year, AwardNomineeKind kind, long nomineeId) => $"{titleCode}:{year}:{kind}:{nomineeId}";
}

/// <summary>A duty a building leader (楼长) earns points for (楼长日 attendance, relaying a notice …): reference data by code.</summary>
public sealed class LeaderDuty
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public int Points { get; set; }
    public bool Active { get; set; } = true;
    public int SortOrder { get; set; }
}

/// <summary>A volunteer designated 楼长 of a building node; hangs on the building, so the building's staff see it.</summary>
[Display(Name = "Building leaders")]
public sealed class BuildingLeader : IAreaScoped
{
    public long Id { get; set; }
    public long VolunteerId { get; set; }
    public required string VolunteerName { get; set; }
    public long AreaNodeId { get; set; }
    public required string BuildingName { get; set; }
    public required string AreaPath { get; set; }
    public DateTimeOffset Since { get; set; }
    public string? AppointedBy { get; set; }
}

/// <summary>
/// A duty done by a building leader as recorded by staff: once per <see cref="IdempotencyKey"/> (unique), with the
/// points asked by the duty and those the bank credited under its caps.
/// </summary>
[Display(Name = "Building leader duties")]
public sealed class LeaderDutyRecord : IAreaScoped
{
    public long Id { get; set; }
    public long LeaderId { get; set; }
    public long VolunteerId { get; set; }
    public required string DutyCode { get; set; }
    public required string DutyName { get; set; }
    public DateOnly DoneOn { get; set; }
    public string? Note { get; set; }
    public int PointsAsked { get; set; }
    public int? PointsCredited { get; set; }
    public required string IdempotencyKey { get; set; }
    public string? RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string AreaPath { get; set; }
}
