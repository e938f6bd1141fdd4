using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.PointsBank.Features.Ledger;

/// <summary>
/// The bank nodes along an area's lineage (总行 on the district, 分行 on the street, 储蓄所 on the community), created
/// with their issuing and shop accounts the first time something needs them, nearest first.
/// </summary>
public sealed class BankNodes(GongzhiDb db, IAreaDirectory areas, TimeProvider clock)
{
    public static BankTier? TierOf(AreaLevel level) => level switch
    {
        AreaLevel.District => BankTier.HeadBank,
        AreaLevel.Street => BankTier.Branch,
        AreaLevel.Community => BankTier.SavingsOffice,
        _ => null,
    };

    /// <summary>The area node itself (path), and the bank nodes above or on it, nearest first. Null when the node does not exist.</summary>
    public async Task<(AreaRef Area, IReadOnlyList<BankNode> NearestFirst)?> ForAreaAsync(long areaNodeId, CancellationToken ct)
    {
        var area = (await areas.NamesAsync([areaNodeId], ct)).SingleOrDefault();
        if (area is null) return null;
        var lineage = (await areas.LineageAsync(area.Path, ct)).Where(n => TierOf(n.Level) is not null).ToList();
        if (lineage.Count == 0) return (area, []);
        var ids = lineage.Select(n => n.Id).ToList();
        var existing = await db.BankNodes.IgnoreQueryFilters().Where(b => ids.Contains(b.AreaNodeId)).ToDictionaryAsync(b => b.AreaNodeId, ct);
        BankNode? parent = null;
        var added = new List<BankNode>();
        foreach (var node in lineage) // root first, so each new node knows its parent
        {
            if (!existing.TryGetValue(node.Id, out var bank))
            {
                bank = new BankNode
                {
                    AreaNodeId = node.Id, AreaPath = node.Path, Name = node.Name, Tier = TierOf(node.Level)!.Value,
                    ParentId = parent?.Id, CreatedAt = clock.GetUtcNow(),
                };
                db.BankNodes.Add(bank);
                await db.SaveChangesAsync(ct);
                db.PointsAccounts.Add(new PointsAccount { Kind = PointsAccountKind.Issuing, BankNodeId = bank.Id, AreaPath = node.Path, CreatedAt = clock.GetUtcNow() });
                if (bank.Tier == BankTier.SavingsOffice)
                    db.PointsAccounts.Add(new PointsAccount { Kind = PointsAccountKind.Shop, BankNodeId = bank.Id, AreaPath = node.Path, CreatedAt = clock.GetUtcNow() });
                await db.SaveChangesAsync(ct);
                added.Add(bank);
            }
            parent = bank;
            existing[node.Id] = bank;
        }
        return (area, lineage.Select(n => existing[n.Id]).Reverse().ToList());
    }

    public Task<long> AccountIdAsync(long bankNodeId, PointsAccountKind kind, CancellationToken ct) =>
        db.PointsAccounts.IgnoreQueryFilters().Where(a => a.BankNodeId == bankNodeId && a.Kind == kind && a.VolunteerId == null)
            .Select(a => a.Id).FirstAsync(ct);
}
