namespace Gongzhi.Modules.Areas.Contracts;

/// <summary>
/// Implemented by modules that hang data on area nodes, so that the area tree can show counts of it (households and
/// residents on every node). Moving and the delete guard need nothing from modules: see <see cref="IAreaScoped"/>.
/// </summary>
public interface IAreaDataHolder
{
    /// <summary>Counts of what hangs under each path (a subtree each), keyed by path.</summary>
    Task<IReadOnlyDictionary<string, AreaDataCounts>> CountUnderAsync(IReadOnlyCollection<string> paths, CancellationToken ct);
}

public sealed record AreaDataCounts(int Households, int Residents)
{
    public static readonly AreaDataCounts Zero = new(0, 0);
    public bool IsEmpty => Households == 0 && Residents == 0;
    public AreaDataCounts Add(AreaDataCounts other) => new(Households + other.Households, Residents + other.Residents);
}
