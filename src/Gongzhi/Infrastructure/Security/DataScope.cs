namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// What the current caller may see of the area tree: nothing (the default), everything (admins and system tasks),
/// or the subtrees under a set of materialized paths. Set once per request by <see cref="DataScopeMiddleware"/>;
/// read by the query filters of <see cref="Database.GongzhiDb"/>.
/// </summary>
public sealed class DataScope
{
    private List<string> _paths = [];

    public bool IsUnrestricted { get; private set; }

    /// <summary>Path prefixes (e.g. <c>/37/3708/370811/</c>) of the subtrees the caller may see.</summary>
    public List<string> Paths => _paths;

    public bool IsSet { get; private set; }

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

    public bool Covers(string path) => IsUnrestricted || _paths.Any(path.StartsWith);
}
