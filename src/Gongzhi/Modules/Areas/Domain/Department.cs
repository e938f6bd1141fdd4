using System.ComponentModel.DataAnnotations;
namespace Gongzhi.Modules.Areas.Domain;

/// <summary>A district department (区直部门: 城管, 住建, 民政, 公安 …) that takes requests escalated to it (吹哨报到).</summary>
[Display(Name = "Departments")]
public sealed class Department
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>The district it serves.</summary>
    public long? AreaNodeId { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
}
