using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Areas.Features.Browse;

public sealed record AreaNodeView(
    long Id, string Code, string Name, AreaLevel Level, string? ParentCode, string Path, bool IsOfficial, bool IsRetired,
    int? Floors, int? RoomsPerFloor, string? Note, int ChildCount, int Households, int Residents);

/// <summary>Reads of the area tree, always through the data-scope filter: a node outside the caller's subtree is "not found".</summary>
public sealed class AreaQueries(GongzhiDb db, IEnumerable<IAreaDataHolder> holders, IStringLocalizer<SharedResource> l)
{
    public async Task<AreaNode> GetNodeAsync(string code, CancellationToken ct) =>
        await db.AreaNodes.AsNoTracking().FirstOrDefaultAsync(n => n.Code == code, ct)
        ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", code]);

    public async Task<AreaNodeView> GetAsync(string code, CancellationToken ct)
    {
        var node = await GetNodeAsync(code, ct);
        return (await ViewsAsync([node], ct))[0];
    }

    public async Task<PagedList<AreaNodeView>> ChildrenAsync(string code, string? search, bool includeRetired, int page, int pageSize, CancellationToken ct)
    {
        var parent = await GetNodeAsync(code, ct);
        var query = db.AreaNodes.AsNoTracking().Where(n => n.ParentId == parent.Id);
        if (!includeRetired) query = query.Where(n => n.RetiredAt == null);
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(n => n.Name.Contains(search.Trim()) || n.Code.Contains(search.Trim()));
        var total = await query.CountAsync(ct);
        var nodes = await query.OrderBy(n => n.Code).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<AreaNodeView>(await ViewsAsync(nodes, ct), total);
    }

    /// <summary>The chain from the caller's highest visible ancestor down to the node (for breadcrumbs).</summary>
    public async Task<IReadOnlyList<AreaNode>> VisibleAncestorsAsync(AreaNode node, CancellationToken ct)
    {
        var codes = node.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).ToList();
        var found = await db.AreaNodes.AsNoTracking().Where(n => codes.Contains(n.Code)).ToListAsync(ct);
        return [.. found.OrderBy(n => n.Depth)];
    }

    /// <summary>The nodes the caller is bound to (all of its subtree roots); the tree's root for unrestricted callers.</summary>
    public async Task<IReadOnlyList<AreaNodeView>> RootsAsync(CancellationToken ct)
    {
        List<AreaNode> roots;
        if (db.Scope.IsUnrestricted)
        {
            roots = await db.AreaNodes.AsNoTracking().Where(n => n.ParentId == null).OrderBy(n => n.Code).ToListAsync(ct);
        }
        else
        {
            var paths = db.Scope.Paths;
            roots = await db.AreaNodes.AsNoTracking().Where(n => paths.Contains(n.Path)).OrderBy(n => n.Code).ToListAsync(ct);
        }
        return await ViewsAsync(roots, ct);
    }

    public async Task<PagedList<AreaNodeView>> SearchAsync(string? under, string q, int page, int pageSize, CancellationToken ct)
    {
        var query = db.AreaNodes.AsNoTracking().Where(n => n.RetiredAt == null && (n.Name.Contains(q) || n.Code.StartsWith(q)));
        if (!string.IsNullOrEmpty(under))
        {
            var root = await GetNodeAsync(under, ct);
            query = query.Under(n => n.Path, root.Path);
        }
        var total = await query.CountAsync(ct);
        var nodes = await query.OrderBy(n => n.Depth).ThenBy(n => n.Code).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<AreaNodeView>(await ViewsAsync(nodes, ct), total);
    }

    private async Task<IReadOnlyList<AreaNodeView>> ViewsAsync(IReadOnlyList<AreaNode> nodes, CancellationToken ct)
    {
        if (nodes.Count == 0) return [];
        var ids = nodes.Select(n => n.Id).ToList();
        var childCounts = await db.AreaNodes.AsNoTracking()
            .Where(n => n.ParentId != null && ids.Contains(n.ParentId.Value) && n.RetiredAt == null)
            .GroupBy(n => n.ParentId!.Value)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var paths = nodes.Select(n => n.Path).ToList();
        var counts = new Dictionary<string, AreaDataCounts>();
        foreach (var holder in holders)
        {
            foreach (var (path, c) in await holder.CountUnderAsync(paths, ct))
                counts[path] = counts.TryGetValue(path, out var sum) ? sum.Add(c) : c;
        }
        return nodes.Select(n =>
        {
            var c = counts.GetValueOrDefault(n.Path, AreaDataCounts.Zero);
            return new AreaNodeView(n.Id, n.Code, n.Name, n.Level, ParentCode(n.Path), n.Path, n.IsOfficial, n.IsRetired,
                n.Floors, n.RoomsPerFloor, n.Note, childCounts.GetValueOrDefault(n.Id), c.Households, c.Residents);
        }).ToList();
    }

    public static string? ParentCode(string path)
    {
        var codes = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return codes.Length >= 2 ? codes[^2] : null;
    }
}
