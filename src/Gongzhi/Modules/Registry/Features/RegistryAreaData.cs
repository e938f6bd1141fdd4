using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Registry.Features;

/// <summary>What the registry hangs on the area tree: households and their residents.</summary>
public sealed class RegistryAreaData(GongzhiDb db) : IAreaDataHolder
{
    public async Task<IReadOnlyDictionary<string, AreaDataCounts>> CountUnderAsync(IReadOnlyCollection<string> paths, CancellationToken ct)
    {
        var result = new Dictionary<string, AreaDataCounts>();
        foreach (var path in paths.Distinct())
        {
            var households = await db.Households.Under(h => h.AreaPath, path).CountAsync(h => h.RetiredAt == null, ct);
            var residents = await db.Residents.Under(r => r.AreaPath, path).CountAsync(r => r.HouseholdId != null, ct);
            result[path] = new AreaDataCounts(households, residents);
        }
        return result;
    }
}
