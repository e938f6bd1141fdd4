using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Registry.Features.Households;

/// <summary><see cref="IHouseholdDirectory"/> over the registry's households, filtered by the caller's scope.</summary>
internal sealed class HouseholdDirectory(GongzhiDb db) : IHouseholdDirectory
{
    public async Task<HouseholdRef?> FindAsync(long id, CancellationToken ct) =>
        await db.Households.AsNoTracking().Where(h => h.Id == id)
            .Select(h => new HouseholdRef(h.Id, h.AreaNodeId, h.AreaPath, h.Address, h.RetiredAt != null)).FirstOrDefaultAsync(ct);
}
