namespace Gongzhi.Modules.Areas.Contracts;

/// <summary>
/// An entity hung on the area tree: it keeps a copy of its node's materialized path. Saying so is all a module does;
/// <c>GongzhiDb</c> then filters it by the caller's data scope, compares its path bytewise on PostgreSQL, rewrites
/// the path when a subtree moves and refuses to delete a node that still holds it (naming it by its
/// <see cref="System.ComponentModel.DataAnnotations.DisplayAttribute"/>). A model test fails when an entity has an
/// <c>AreaPath</c> and neither this nor <see cref="AreaPathNotScopedAttribute"/>.
/// </summary>
public interface IAreaScoped
{
    string AreaPath { get; }
}

/// <summary>
/// For an <c>AreaPath</c> that does not mean "belongs to this subtree" (e.g. a district's tag catalogue, seen from
/// every node below it). The reason is for the reader; the model test only checks that one was given.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AreaPathNotScopedAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;

    /// <summary>The path is still a copy of a node's path, rewritten when that node's subtree moves (a policy's or a tag's area).</summary>
    public bool FollowsMoves { get; set; }
}
