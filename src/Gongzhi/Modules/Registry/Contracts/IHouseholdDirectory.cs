namespace Gongzhi.Modules.Registry.Contracts;

/// <summary>A household as other modules (requests) need it: where it is, and its address.</summary>
public sealed record HouseholdRef(long Id, long AreaNodeId, string AreaPath, string Address, bool IsRetired);

/// <summary>How other modules look households up; through the caller's data scope (outside it: null).</summary>
public interface IHouseholdDirectory
{
    Task<HouseholdRef?> FindAsync(long id, CancellationToken ct);

    /// <summary>The household a resident currently lives in (through the caller's scope), or null.</summary>
    Task<HouseholdRef?> OfResidentAsync(long residentId, CancellationToken ct);

    /// <summary>The current households under an area node's path (a building and its units), by address.</summary>
    Task<IReadOnlyList<HouseholdRef>> UnderAsync(string areaPath, CancellationToken ct);
}
