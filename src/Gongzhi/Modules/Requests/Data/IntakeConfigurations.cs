using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Requests.Data;

internal sealed class HouseholdCodeConfiguration : IEntityTypeConfiguration<HouseholdCode>
{
    public void Configure(EntityTypeBuilder<HouseholdCode> b)
    {
        b.ToTable("household_codes");
        b.Property(c => c.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(c => c.TokenHash).HasMaxLength(64);
        b.Property(c => c.TokenCipher).HasMaxLength(200);
        b.Property(c => c.IssuedByName).HasMaxLength(256);
        b.Property(c => c.RevokedByName).HasMaxLength(256);
        b.HasIndex(c => c.TokenHash).IsUnique();
        b.HasIndex(c => new { c.HouseholdId, c.RevokedAt });
        b.HasIndex(c => c.AreaPath);
        b.HasOne<Registry.Domain.Household>().WithMany().HasForeignKey(c => c.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(c => c.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PhoneOtpConfiguration : IEntityTypeConfiguration<PhoneOtp>
{
    public void Configure(EntityTypeBuilder<PhoneOtp> b)
    {
        b.ToTable("phone_otps");
        b.Property(o => o.PhoneHash).HasMaxLength(64);
        b.Property(o => o.CodeHash).HasMaxLength(64);
        b.HasIndex(o => new { o.PhoneHash, o.CreatedAt });
    }
}

internal sealed class RequestPhotoConfiguration : IEntityTypeConfiguration<RequestPhoto>
{
    public void Configure(EntityTypeBuilder<RequestPhoto> b)
    {
        b.ToTable("request_photos");
        b.HasIndex(p => new { p.RequestId, p.Kind });
        b.HasOne(p => p.Request).WithMany().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
