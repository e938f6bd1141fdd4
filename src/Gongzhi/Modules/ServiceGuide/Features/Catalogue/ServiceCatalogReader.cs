using System.Globalization;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.ServiceGuide.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.ServiceGuide.Features.Catalogue;

/// <summary>The guide's matters for other modules (<see cref="IServiceCatalog"/>).</summary>
public sealed class ServiceCatalogReader(GongzhiDb db) : IServiceCatalog
{
    public async Task<IReadOnlyList<CatalogMatter>> MattersAsync(CancellationToken ct) =>
        (await db.ServiceMatters.AsNoTracking().OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Code, m.Name, m.Department, m.Summary, m.SearchText }).ToListAsync(ct))
        .Select(m => new CatalogMatter(m.Id, m.Code, m.Name, m.Department, m.Summary, m.SearchText, $"/guide/matters/{m.Id}"))
        .ToList();

    public async Task<string> VersionAsync(CancellationToken ct)
    {
        // Count and latest change together: an added, changed or deleted matter moves one of them.
        var stamps = await db.ServiceMatters.AsNoTracking().Select(m => new { m.Id, m.UpdatedAt }).ToListAsync(ct);
        var latest = stamps.Count == 0 ? 0 : stamps.Max(s => s.UpdatedAt.UtcTicks);
        var ids = stamps.Count == 0 ? 0 : stamps.Sum(s => s.Id);
        return string.Create(CultureInfo.InvariantCulture, $"{stamps.Count}:{ids}:{latest}");
    }
}
