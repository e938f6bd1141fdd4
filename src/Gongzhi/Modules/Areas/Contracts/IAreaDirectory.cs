namespace Gongzhi.Modules.Areas.Contracts;

/// <summary>A node as other modules see it.</summary>
public sealed record AreaRef(long Id, string Code, string Name, AreaLevel Level, string Path, bool IsRetired, int? Floors, int? RoomsPerFloor);

/// <summary>
/// How other modules look up area nodes. Lookups by code go through the caller's data scope (outside it: null);
/// <see cref="NamesAsync"/> and <see cref="LineageAsync"/> give names only, for display of records already in reach.
/// </summary>
public interface IAreaDirectory
{
    Task<AreaRef?> FindAsync(string code, CancellationToken ct);
    Task<IReadOnlyList<AreaRef>> FindManyAsync(IReadOnlyCollection<string> codes, CancellationToken ct);
    Task<IReadOnlyList<AreaRef>> ChildrenAsync(long parentId, CancellationToken ct);
    Task<IReadOnlyList<AreaRef>> NamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct);
    /// <summary>The nodes along a path, root first.</summary>
    Task<IReadOnlyList<AreaRef>> LineageAsync(string path, CancellationToken ct);
    /// <summary>Ids of the nodes in the caller's scope, to compose into a query.</summary>
    IQueryable<long> VisibleNodeIds();
}

/// <summary>The district departments, as other modules (accounts, later requests) need them.</summary>
public interface IDepartmentDirectory
{
    Task<long?> ActiveIdAsync(string? code, CancellationToken ct);
    Task<IReadOnlyDictionary<long, string>> CodesAsync(CancellationToken ct);
    Task<IReadOnlyList<DepartmentRef>> ListActiveAsync(CancellationToken ct);
}

public sealed record DepartmentRef(long Id, string Code, string Name);

/// <summary>
/// Who works for a department, as the department list needs to know before retiring one. Implemented by the
/// module that keeps accounts.
/// </summary>
public interface IDepartmentStaff
{
    /// <summary>The user names of the accounts of the department that can still sign in (not locked), sorted.</summary>
    Task<IReadOnlyList<string>> ActiveAsync(long departmentId, CancellationToken ct);
}
