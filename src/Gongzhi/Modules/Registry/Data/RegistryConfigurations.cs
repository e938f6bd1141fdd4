using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Registry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Registry.Data;

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.ToTable("households");
        b.Property(h => h.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(h => h.Room).HasMaxLength(20);
        b.Property(h => h.Address).HasMaxLength(200);
        b.Property(h => h.Note).HasMaxLength(500);
        b.HasIndex(h => h.AreaPath);
        b.HasIndex(h => h.AreaNodeId);
        b.HasOne<AreaNode>().WithMany().HasForeignKey(h => h.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> b)
    {
        b.ToTable("residents");
        b.Property(r => r.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(r => r.Name).HasMaxLength(50);
        b.Property(r => r.IdNumberCipher).HasMaxLength(200);
        b.Property(r => r.IdNumberHash).HasMaxLength(64);
        b.Property(r => r.IdNumberMasked).HasMaxLength(18);
        b.Property(r => r.PhoneCipher).HasMaxLength(200);
        b.Property(r => r.PhoneHash).HasMaxLength(64);
        b.Property(r => r.PhoneMasked).HasMaxLength(20);
        b.HasIndex(r => r.AreaPath);
        b.HasIndex(r => r.HouseholdId);
        b.HasIndex(r => r.IdNumberHash).IsUnique();
        b.HasIndex(r => r.PhoneHash);
        b.HasOne<Household>().WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}
