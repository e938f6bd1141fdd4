using Gongzhi.Modules.ServiceGuide.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.ServiceGuide.Data;

internal sealed class ServiceMatterConfiguration : IEntityTypeConfiguration<ServiceMatter>
{
    public void Configure(EntityTypeBuilder<ServiceMatter> b)
    {
        b.ToTable("service_matters");
        b.Property(m => m.Code).HasMaxLength(64);
        b.Property(m => m.Name).HasMaxLength(100);
        b.Property(m => m.Department).HasMaxLength(100);
        b.Property(m => m.LifeEvents).HasMaxLength(300);
        b.Property(m => m.Summary).HasMaxLength(1000);
        b.Property(m => m.Eligibility).HasMaxLength(4000);
        b.Property(m => m.Fees).HasMaxLength(500);
        b.Property(m => m.Window).HasMaxLength(500);
        b.Property(m => m.Hours).HasMaxLength(500);
        b.Property(m => m.OnlineUrl).HasMaxLength(500);
        b.Property(m => m.Basis).HasMaxLength(2000);
        b.HasIndex(m => m.Code).IsUnique();
        b.HasIndex(m => m.Name).IsUnique();
        b.HasIndex(m => m.Department);
        b.Ignore(m => m.Materials);
        b.Ignore(m => m.Steps);
        b.Ignore(m => m.Faqs);
        b.Ignore(m => m.LifeEventCodes);
    }
}

internal sealed class MaterialSampleConfiguration : IEntityTypeConfiguration<MaterialSample>
{
    public void Configure(EntityTypeBuilder<MaterialSample> b)
    {
        b.ToTable("service_material_samples");
        b.Property(s => s.MaterialName).HasMaxLength(100);
        b.Property(s => s.FileName).HasMaxLength(200);
        b.Property(s => s.ContentType).HasMaxLength(100);
        b.HasIndex(s => new { s.MatterId, s.MaterialName }).IsUnique();
        b.HasOne<ServiceMatter>().WithMany().HasForeignKey(s => s.MatterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WindowApplicationConfiguration : IEntityTypeConfiguration<WindowApplication>
{
    public void Configure(EntityTypeBuilder<WindowApplication> b)
    {
        b.ToTable("window_applications");
        b.Property(a => a.MatterName).HasMaxLength(100);
        b.Property(a => a.Department).HasMaxLength(100);
        b.Property(a => a.ResidentName).HasMaxLength(100);
        b.Property(a => a.ResidentPhoneMasked).HasMaxLength(32);
        b.Property(a => a.Address).HasMaxLength(300);
        b.Property(a => a.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(a => a.ProxyName).HasMaxLength(100);
        b.Property(a => a.Note).HasMaxLength(2000);
        b.Property(a => a.RecordedByUserId).HasMaxLength(64);
        b.Property(a => a.RecordedByName).HasMaxLength(256);
        b.Property(a => a.ReturnReason).HasMaxLength(2000);
        b.Ignore(a => a.Checklist);
        b.Ignore(a => a.IsOpen);
        // The area's list, newest first, and its overdue filter.
        b.HasIndex(a => new { a.AreaPath, a.RecordedAt });
        b.HasIndex(a => new { a.Status, a.DueOn });
        b.HasIndex(a => a.ResidentId);
        b.HasOne<ServiceMatter>().WithMany().HasForeignKey(a => a.MatterId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(a => a.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Registry.Domain.Household>().WithMany().HasForeignKey(a => a.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Registry.Domain.Resident>().WithMany().HasForeignKey(a => a.ResidentId).OnDelete(DeleteBehavior.Restrict);
    }
}
