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
        b.Property(h => h.Tenure).HasDefaultValue(Tenure.OwnerOccupied).HasSentinel(0);
        // A count and a bit set start at zero; the database says so too (rows written by SQL, e.g. imports).
        b.Property(h => h.MemberCount).HasDefaultValue(0);
        b.HasIndex(h => h.AreaPath);
        b.HasIndex(h => new { h.AreaNodeId, h.Room });
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
        b.Property(r => r.IdNumberTailHash).HasMaxLength(64);
        b.Property(r => r.PhoneTailHash).HasMaxLength(64);
        b.Property(r => r.Ethnicity).HasMaxLength(20);
        b.Property(r => r.Note).HasMaxLength(500);
        b.Property(r => r.Status).HasDefaultValue(ResidentStatus.Active).HasSentinel(0);
        b.Property(r => r.SystemTagBits).HasDefaultValue(0L);
        // One index serves the search: a subtree range, then age, tags, status, sex and residency inside it,
        // so that counts are answered from the index alone.
        b.HasIndex(r => new { r.AreaPath, r.BirthDate, r.SystemTagBits, r.Status, r.Sex, r.ResidencyType }).HasDatabaseName("IX_residents_search");
        // Searches over a whole district with an age floor (the elderly) start from the birth date instead.
        b.HasIndex(r => new { r.BirthDate, r.Status, r.SystemTagBits, r.AreaPath, r.Sex, r.ResidencyType }).HasDatabaseName("IX_residents_age");
        b.HasIndex(r => r.HouseholdId);
        b.HasIndex(r => r.IdNumberHash).IsUnique();
        b.HasIndex(r => r.PhoneHash);
        b.HasIndex(r => r.IdNumberTailHash);
        b.HasIndex(r => r.PhoneTailHash);
        b.HasOne<Household>().WithMany().HasForeignKey(r => r.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HouseholdMembershipConfiguration : IEntityTypeConfiguration<HouseholdMembership>
{
    public void Configure(EntityTypeBuilder<HouseholdMembership> b)
    {
        b.ToTable("household_memberships");
        b.HasIndex(m => m.ResidentId);
        b.HasIndex(m => m.HouseholdId);
        b.HasOne(m => m.Resident).WithMany().HasForeignKey(m => m.ResidentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Household>().WithMany().HasForeignKey(m => m.HouseholdId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TagDefinitionConfiguration : IEntityTypeConfiguration<TagDefinition>
{
    public void Configure(EntityTypeBuilder<TagDefinition> b)
    {
        b.ToTable("tag_definitions");
        b.Property(t => t.Code).HasMaxLength(40);
        b.Property(t => t.Name).HasMaxLength(40);
        b.Property(t => t.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.HasIndex(t => t.Code).IsUnique();
    }
}

internal sealed class ResidentTagConfiguration : IEntityTypeConfiguration<ResidentTag>
{
    public void Configure(EntityTypeBuilder<ResidentTag> b)
    {
        b.ToTable("resident_tags");
        b.HasKey(t => new { t.ResidentId, t.TagId });
        b.Property(t => t.SetBy).HasMaxLength(256);
        b.HasIndex(t => new { t.TagId, t.ResidentId });
        b.HasOne(t => t.Resident).WithMany().HasForeignKey(t => t.ResidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TagDefinition>().WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MerchantConfiguration : IEntityTypeConfiguration<Merchant>
{
    public void Configure(EntityTypeBuilder<Merchant> b)
    {
        b.ToTable("merchants");
        b.Property(m => m.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(m => m.Name).HasMaxLength(100);
        b.Property(m => m.LicenceNumber).HasMaxLength(40);
        b.Property(m => m.OwnerName).HasMaxLength(50);
        b.Property(m => m.OwnerPhoneCipher).HasMaxLength(200);
        b.Property(m => m.OwnerPhoneHash).HasMaxLength(64);
        b.Property(m => m.OwnerPhoneMasked).HasMaxLength(20);
        b.Property(m => m.Address).HasMaxLength(200);
        b.Property(m => m.Note).HasMaxLength(500);
        b.HasIndex(m => m.AreaPath);
        b.HasOne<AreaNode>().WithMany().HasForeignKey(m => m.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HealthCertificateConfiguration : IEntityTypeConfiguration<HealthCertificate>
{
    public void Configure(EntityTypeBuilder<HealthCertificate> b)
    {
        b.ToTable("health_certificates");
        b.Property(c => c.HolderName).HasMaxLength(50);
        b.Property(c => c.CertificateNumber).HasMaxLength(40);
        b.HasIndex(c => c.MerchantId);
        b.HasIndex(c => c.ExpiresOn);
        b.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> b)
    {
        b.ToTable("facilities");
        b.Property(f => f.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(f => f.Name).HasMaxLength(100);
        b.Property(f => f.Location).HasMaxLength(200);
        b.Property(f => f.Note).HasMaxLength(500);
        b.HasIndex(f => f.AreaPath);
        b.HasIndex(f => f.ExpiresOn);
        b.HasIndex(f => f.NextInspectionOn);
        b.HasOne<AreaNode>().WithMany().HasForeignKey(f => f.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> b)
    {
        b.ToTable("saved_searches");
        b.Property(s => s.UserId).HasMaxLength(64);
        b.Property(s => s.Name).HasMaxLength(50);
        b.Property(s => s.Query).HasMaxLength(2000);
        b.HasIndex(s => s.UserId);
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.ToTable("import_runs");
        b.Property(r => r.UserId).HasMaxLength(64);
        b.Property(r => r.FileName).HasMaxLength(200);
        b.HasIndex(r => r.UserId);
    }
}
