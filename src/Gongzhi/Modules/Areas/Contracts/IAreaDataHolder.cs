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

public sealed record AreaDataCounts(int Households, int Residents)
{
    public static readonly AreaDataCounts Zero = new(0, 0);
    public bool IsEmpty => Households == 0 && Residents == 0;
    public AreaDataCounts Add(AreaDataCounts other) => new(Households + other.Households, Residents + other.Residents);
}

/// <summary>A node as other modules see it.</summary>
public sealed record AreaRef(long Id, string Code, string Name, string Level, string Path, bool IsRetired, int? Floors, int? RoomsPerFloor);
