using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Areas.Domain;

/// <summary>
/// A node of the area tree. Province down to community are official (National Bureau of Statistics codes, loaded by
/// division import); grids, compounds, buildings and units are created by the community.
/// <see cref="Path"/> is the materialized chain of codes from the root (<c>/37/3708/370811/</c>): subtree queries are
/// prefix matches and data scope is a prefix test.
/// </summary>
[Display(Name = "Child nodes")]
public sealed class AreaNode
{
    public const int CodeMaxLength = 64;
    public const int PathMaxLength = AreaLevels.PathMaxLength;

    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public AreaLevel Level { get; set; }
    public long? ParentId { get; set; }
    public AreaNode? Parent { get; set; }
    public required string Path { get; set; }
    public int Depth { get; set; }
    public bool IsOfficial { get; set; }
    /// <summary>Buildings: number of floors above ground. Units: floors of that unit.</summary>
    public int? Floors { get; set; }
    /// <summary>Units: rooms on each floor (for the floors × rooms view).</summary>
    public int? RoomsPerFloor { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>A retired node stays (with its history and data) but takes no new children.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    public bool IsRetired => RetiredAt is not null;

    public static string ChildPath(string parentPath, string code) => $"{parentPath}{code}/";

    /// <summary>Which level may hang under which: the community-made levels are flexible where real places are.</summary>
    public static bool CanHoldChild(AreaLevel parent, AreaLevel child) => (parent, child) switch
    {
        (AreaLevel.Province, AreaLevel.City) => true,
        (AreaLevel.City, AreaLevel.District) => true,
        (AreaLevel.District, AreaLevel.Street) => true,
        (AreaLevel.Street, AreaLevel.Community) => true,
        (AreaLevel.Community, AreaLevel.Grid) => true,
        (AreaLevel.Grid, AreaLevel.Compound) => true,
        (AreaLevel.Grid, AreaLevel.Building) => true,
        (AreaLevel.Compound, AreaLevel.Building) => true,
        (AreaLevel.Building, AreaLevel.Unit) => true,
        _ => false,
    };

    /// <summary>Levels that communities create and manage; the levels above come from division import only.</summary>
    public static bool IsCommunityManaged(AreaLevel level) => level >= AreaLevel.Grid;

}
