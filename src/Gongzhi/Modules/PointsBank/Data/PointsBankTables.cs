using Gongzhi.Modules.PointsBank.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The points bank's tables: bank nodes, accounts, the double-entry transactions and movements, the shop, adjustments.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<BankNode> BankNodes => Set<BankNode>();
    public DbSet<PointsAccount> PointsAccounts => Set<PointsAccount>();
    public DbSet<PointsTransaction> PointsTransactions => Set<PointsTransaction>();
    public DbSet<PointsMovement> PointsMovements => Set<PointsMovement>();
    public DbSet<PointsYearTotal> PointsYearTotals => Set<PointsYearTotal>();
    public DbSet<ShopItem> ShopItems => Set<ShopItem>();
    public DbSet<Redemption> Redemptions => Set<Redemption>();
    public DbSet<PointsAdjustment> PointsAdjustments => Set<PointsAdjustment>();
    public DbSet<ShopItemPhoto> ShopItemPhotos => Set<ShopItemPhoto>();
}
