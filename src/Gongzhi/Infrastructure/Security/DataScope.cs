namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// What the current caller may see of the area tree: nothing (the default), everything (admins and system tasks),
/// or the subtrees under a set of materialized paths. Set once per request by <see cref="DataScopeMiddleware"/>;
/// read by the query filters of <see cref="Database.GongzhiDb"/>. Work outside a request (jobs, start-up tasks,
/// CLI verbs) states its reach through <see cref="Reach"/>; a filtered query with no reach set throws rather than
/// silently seeing nothing (or, worse, everything).
/// </summary>
public sealed class DataScope
{
    private List<string> _paths = [];

    public bool IsUnrestricted { get; private set; }

    /// <summary>Path prefixes (e.g. <c>/37/3708/370811/</c>) of the subtrees the caller may see.</summary>
    public List<string> Paths => _paths;

    public bool IsSet { get; private set; }

    // The query filters read these three. EF Core builds its SQL per null/non-null combination of parameters, so
    // each caller gets only its own branch: no filter for admins, an index range for one subtree (the usual case),
    // a list test for several subtrees.
    public string? UnrestrictedMarker => EnsureSet().IsUnrestricted ? "*" : null;
    public string? SingleFrom => !IsUnrestricted && _paths.Count == 1 ? _paths[0] : null;
    public string? SingleTo => SingleFrom is null ? null : Database.PathRange.End(SingleFrom);

    private DataScope EnsureSet() => IsSet ? this : throw new InvalidOperationException(
        "A query on area-scoped data ran with no reach set. Outside an HTTP request, run the work through "
        + "Reach.AsSystemAsync or Reach.AsAccountAsync (or call DataScope.GrantAll/Restrict explicitly).");

    public void GrantAll()
    {
        IsUnrestricted = true;
        _paths = [];
        IsSet = true;
    }

    public void Restrict(IEnumerable<string> paths)
    {
        IsUnrestricted = false;
        _paths = [.. paths.Distinct()];
        IsSet = true;
    }

    /// <summary>Gives a second unit of work (another DI scope) the same reach as this one.</summary>
    public void CopyFrom(DataScope other)
    {
        IsUnrestricted = other.IsUnrestricted;
        _paths = [.. other._paths];
        IsSet = other.IsSet;
    }

    public bool Covers(string path) => IsUnrestricted || _paths.Any(path.StartsWith);
}
