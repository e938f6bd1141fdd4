using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Areas.Features.Browse;

public sealed class AreaDirectory(GongzhiDb db) : IAreaDirectory, IDepartmentDirectory
{
    public async Task<AreaRef?> FindAsync(string code, CancellationToken ct) =>
        (await db.AreaNodes.AsNoTracking().Where(n => n.Code == code).ToListAsync(ct)).Select(Ref).FirstOrDefault();

    public async Task<IReadOnlyList<AreaRef>> FindManyAsync(IReadOnlyCollection<string> codes, CancellationToken ct) =>
        (await db.AreaNodes.AsNoTracking().Where(n => codes.Contains(n.Code)).ToListAsync(ct)).Select(Ref).ToList();

    public async Task<IReadOnlyList<AreaRef>> ChildrenAsync(long parentId, CancellationToken ct) =>
        (await db.AreaNodes.AsNoTracking().Where(n => n.ParentId == parentId).ToListAsync(ct)).Select(Ref).ToList();

    public async Task<IReadOnlyList<AreaRef>> NamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        (await db.AreaNodes.AsNoTracking().IgnoreQueryFilters().Where(n => ids.Contains(n.Id)).ToListAsync(ct)).Select(Ref).ToList();

    public async Task<IReadOnlyList<AreaRef>> LineageAsync(string path, CancellationToken ct)
    {
        var codes = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nodes = await db.AreaNodes.AsNoTracking().IgnoreQueryFilters().Where(n => codes.Contains(n.Code)).ToListAsync(ct);
        return nodes.OrderBy(n => n.Depth).Select(Ref).ToList();
    }

    public IQueryable<long> VisibleNodeIds() => db.AreaNodes.Select(n => n.Id);

    public async Task<long?> ActiveIdAsync(string? code, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(code) ? null
            : await db.Departments.Where(d => d.Code == code.Trim() && d.RetiredAt == null).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyDictionary<long, string>> CodesAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Code, ct);

    public async Task<IReadOnlyList<DepartmentRef>> ListActiveAsync(CancellationToken ct) =>
        await db.Departments.AsNoTracking().Where(d => d.RetiredAt == null).OrderBy(d => d.Code)
            .Select(d => new DepartmentRef(d.Id, d.Code, d.Name)).ToListAsync(ct);

    internal static AreaRef Ref(AreaNode n) => new(n.Id, n.Code, n.Name, n.Level, n.Path, n.IsRetired, n.Floors, n.RoomsPerFloor);
}
