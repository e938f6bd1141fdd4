using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Areas.Domain;

/// <summary>The five levels and four layers of the party organisation (五级四层) that run beside the area tree.</summary>
public enum PartyOrgLevel
{
    StreetWorkingCommittee = 1,
    CommunityCommittee = 2,
    Branch = 3,
    BuildingGroup = 4,
    CentralHousehold = 5,
}

/// <summary>A party organisation, linked to the area node it serves (a street, community, grid or compound, building).</summary>
[Display(Name = "Party organisations")]
public sealed class PartyOrganization : IAreaScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public PartyOrgLevel Level { get; set; }
    public long? ParentId { get; set; }
    public long AreaNodeId { get; set; }
    /// <summary>Copy of the linked node's path, for the data-scope filter.</summary>
    public required string AreaPath { get; set; }
    public string? Secretary { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>The area level each party level links to.</summary>
    public static bool FitsArea(PartyOrgLevel level, AreaLevel area) => level switch
    {
        PartyOrgLevel.StreetWorkingCommittee => area == AreaLevel.Street,
        PartyOrgLevel.CommunityCommittee => area == AreaLevel.Community,
        PartyOrgLevel.Branch => area is AreaLevel.Grid or AreaLevel.Compound,
        PartyOrgLevel.BuildingGroup => area == AreaLevel.Building,
        PartyOrgLevel.CentralHousehold => area is AreaLevel.Building or AreaLevel.Unit,
        _ => false,
    };

    public static PartyOrgLevel? ParentLevel(PartyOrgLevel level) =>
        level == PartyOrgLevel.StreetWorkingCommittee ? null : level - 1;
}
