namespace Gongzhi.Modules.Areas.Contracts;

/// <summary>
/// Implemented by modules that hang data on area nodes (the registry's households and residents, later requests,
/// facilities …), so that the area tree can count it, refuse to delete over it, and carry it along when a node moves.
/// </summary>
public interface IAreaDataHolder
{
    /// <summary>Counts of what hangs under each path (a subtree each), keyed by path.</summary>
    Task<IReadOnlyDictionary<string, AreaDataCounts>> CountUnderAsync(IReadOnlyCollection<string> paths, CancellationToken ct);

    /// <summary>Rewrites stored path copies when a subtree moves (inside the caller's transaction).</summary>
    Task MovePathsAsync(string oldPrefix, string newPrefix, CancellationToken ct);
}

/// <summary>Implemented by modules whose records point at a node (staff bindings …): such a node may be retired, not deleted.</summary>
public interface IAreaDeletionGuard
{
    Task<bool> IsReferencedAsync(long nodeId, CancellationToken ct);
}

public sealed record AreaDataCounts(int Households, int Residents)
{
    public static readonly AreaDataCounts Zero = new(0, 0);
    public bool IsEmpty => Households == 0 && Residents == 0;
    public AreaDataCounts Add(AreaDataCounts other) => new(Households + other.Households, Residents + other.Residents);
}
