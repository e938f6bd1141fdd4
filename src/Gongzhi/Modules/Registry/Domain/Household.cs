using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;
namespace Gongzhi.Modules.Registry.Domain;

public enum Tenure { OwnerOccupied = 1, Rented = 2, Vacant = 3, Other = 9 }

/// <summary>A household (户) registered at a unit, a building, or (bungalows, villages) directly at a grid.</summary>
[Display(Name = "Households")]
public sealed class Household : IAreaScoped
{
    public long Id { get; set; }
    public long AreaNodeId { get; set; }
    /// <summary>Copy of the area node's path, for subtree queries and the data-scope filter.</summary>
    public required string AreaPath { get; set; }
    public int? Floor { get; set; }
    public string? Room { get; set; }
    /// <summary>Full address, e.g. 玉苑小区12号楼2单元301室, or a free address for bungalows and villages.</summary>
    public required string Address { get; set; }
    public Tenure Tenure { get; set; } = Tenure.OwnerOccupied;
    /// <summary>Current members (kept with every membership change): searches and the building view read it.</summary>
    public int MemberCount { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
}
