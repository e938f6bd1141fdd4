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

    public async Task<HouseholdRef?> OfResidentAsync(long residentId, CancellationToken ct)
    {
        var householdId = await db.Residents.AsNoTracking().Where(r => r.Id == residentId && r.Status == Domain.ResidentStatus.Active)
            .Select(r => r.HouseholdId).FirstOrDefaultAsync(ct);
        return householdId is { } id ? await FindAsync(id, ct) : null;
    }

    public async Task<IReadOnlyList<HouseholdRef>> UnderAsync(string areaPath, CancellationToken ct) =>
        await db.Households.AsNoTracking().Under(h => h.AreaPath, areaPath).Where(h => h.RetiredAt == null)
            .OrderBy(h => h.AreaPath).ThenBy(h => h.Floor).ThenBy(h => h.Room).ThenBy(h => h.Id)
            .Select(h => new HouseholdRef(h.Id, h.AreaNodeId, h.AreaPath, h.Address, false)).ToListAsync(ct);
}
