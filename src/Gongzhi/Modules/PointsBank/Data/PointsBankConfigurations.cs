using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.PointsBank.Data;

internal sealed class BankNodeConfiguration : IEntityTypeConfiguration<BankNode>
{
    public void Configure(EntityTypeBuilder<BankNode> b)
    {
        b.ToTable("points_bank_nodes");
        b.Property(n => n.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(n => n.Name).HasMaxLength(200);
        b.HasIndex(n => n.AreaNodeId).IsUnique();
        b.HasIndex(n => n.AreaPath);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(n => n.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<BankNode>().WithMany().HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsAccountConfiguration : IEntityTypeConfiguration<PointsAccount>
{
    public void Configure(EntityTypeBuilder<PointsAccount> b)
    {
        // The database refuses a negative balance too, whatever code path wrote it; issuing accounts (Kind 1) are
        // negative by design (they are where points come from).
        b.ToTable("points_accounts", t => t.HasCheckConstraint("CK_points_accounts_balance", "\"Kind\" = 1 OR \"Balance\" >= 0"));
        b.Property(a => a.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(a => a.HolderName).HasMaxLength(200);
        b.Property(a => a.HolderUserId).HasMaxLength(64);
        // One account per volunteer; one issuing and one shop account per bank node (volunteer accounts carry their id).
        b.HasIndex(a => a.VolunteerId).IsUnique();
        b.HasIndex(a => new { a.BankNodeId, a.Kind });
        b.HasIndex(a => a.HolderUserId);
        b.HasIndex(a => new { a.AreaPath, a.Kind });
        b.HasOne<BankNode>().WithMany().HasForeignKey(a => a.BankNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsTransactionConfiguration : IEntityTypeConfiguration<PointsTransaction>
{
    public void Configure(EntityTypeBuilder<PointsTransaction> b)
    {
        b.ToTable("points_transactions");
        b.Property(t => t.IdempotencyKey).HasMaxLength(200);
        b.Property(t => t.Reason).HasMaxLength(500);
        b.Property(t => t.SourceKind).HasMaxLength(50);
        b.Property(t => t.SourceId).HasMaxLength(100);
        b.Property(t => t.PostedByUserId).HasMaxLength(64);
        b.Property(t => t.PostedByName).HasMaxLength(256);
        // The same request twice posts once: the second insert meets this index and the first transaction is returned.
        b.HasIndex(t => t.IdempotencyKey).IsUnique();
        // A transaction is reversed at most once.
        b.HasIndex(t => t.ReversesId).IsUnique();
        b.HasIndex(t => t.PostedAt);
        b.HasOne<PointsTransaction>().WithMany().HasForeignKey(t => t.ReversesId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsMovementConfiguration : IEntityTypeConfiguration<PointsMovement>
{
    public void Configure(EntityTypeBuilder<PointsMovement> b)
    {
        b.ToTable("points_movements");
        // The passbook (an account's movements in order) and the caps (an account's earnings in a day or a year).
        b.HasIndex(m => new { m.AccountId, m.Id });
        b.HasIndex(m => new { m.AccountId, m.Kind, m.PostedAt });
        b.HasIndex(m => m.TransactionId);
        b.HasOne<PointsTransaction>().WithMany().HasForeignKey(m => m.TransactionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PointsAccount>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsYearTotalConfiguration : IEntityTypeConfiguration<PointsYearTotal>
{
    public void Configure(EntityTypeBuilder<PointsYearTotal> b)
    {
        b.ToTable("points_year_totals");
        b.HasKey(t => new { t.AccountId, t.Year });
        b.HasOne<PointsAccount>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ShopItemConfiguration : IEntityTypeConfiguration<ShopItem>
{
    public void Configure(EntityTypeBuilder<ShopItem> b)
    {
        b.ToTable("points_shop_items", t => t.HasCheckConstraint("CK_points_shop_items_stock", "\"Stock\" >= 0"));
        b.Property(i => i.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(i => i.Name).HasMaxLength(200);
        b.Property(i => i.Description).HasMaxLength(2000);
        b.Property(i => i.PhotoUrl).HasMaxLength(500);
        b.HasIndex(i => new { i.AreaPath, i.Name });
        b.HasOne<BankNode>().WithMany().HasForeignKey(i => i.BankNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> b)
    {
        b.ToTable("points_redemptions");
        b.Property(r => r.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(r => r.ItemName).HasMaxLength(200);
        b.Property(r => r.IdempotencyKey).HasMaxLength(200);
        b.HasIndex(r => r.IdempotencyKey).IsUnique();
        b.HasIndex(r => new { r.AccountId, r.CreatedAt });
        b.HasIndex(r => new { r.AreaPath, r.Status });
        b.HasOne<ShopItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PointsAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PointsTransaction>().WithMany().HasForeignKey(r => r.TransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsAdjustmentConfiguration : IEntityTypeConfiguration<PointsAdjustment>
{
    public void Configure(EntityTypeBuilder<PointsAdjustment> b)
    {
        b.ToTable("points_adjustments");
        b.Property(a => a.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(a => a.Reason).HasMaxLength(500);
        b.Property(a => a.IdempotencyKey).HasMaxLength(200);
        b.Property(a => a.RequestedByUserId).HasMaxLength(64);
        b.Property(a => a.RequestedByName).HasMaxLength(256);
        b.Property(a => a.DecidedByUserId).HasMaxLength(64);
        b.Property(a => a.DecidedByName).HasMaxLength(256);
        b.HasIndex(a => a.IdempotencyKey).IsUnique();
        b.HasIndex(a => new { a.AreaPath, a.Status });
        b.HasOne<PointsAccount>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ShopItemPhotoConfiguration : IEntityTypeConfiguration<ShopItemPhoto>
{
    public void Configure(EntityTypeBuilder<ShopItemPhoto> b)
    {
        b.ToTable("points_shop_item_photos");
        b.HasIndex(p => p.ItemId).IsUnique();
        b.HasOne<ShopItem>().WithMany().HasForeignKey(p => p.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
