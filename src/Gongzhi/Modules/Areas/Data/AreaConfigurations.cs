using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Areas.Data;

internal sealed class AreaNodeConfiguration : IEntityTypeConfiguration<AreaNode>
{
    public void Configure(EntityTypeBuilder<AreaNode> b)
    {
        b.ToTable("area_nodes");
        b.Property(n => n.Code).HasMaxLength(AreaNode.CodeMaxLength);
        b.Property(n => n.Name).HasMaxLength(100);
        b.Property(n => n.Path).HasMaxLength(AreaNode.PathMaxLength);
        b.Property(n => n.Note).HasMaxLength(500);
        b.HasIndex(n => n.Code).IsUnique();
        b.HasIndex(n => n.Path);
        b.HasIndex(n => n.ParentId);
        b.HasOne(n => n.Parent).WithMany().HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.ToTable("departments");
        b.Property(d => d.Code).HasMaxLength(32);
        b.Property(d => d.Name).HasMaxLength(100);
        b.HasIndex(d => d.Code).IsUnique();
        b.HasOne<AreaNode>().WithMany().HasForeignKey(d => d.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartyOrganizationConfiguration : IEntityTypeConfiguration<PartyOrganization>
{
    public void Configure(EntityTypeBuilder<PartyOrganization> b)
    {
        b.ToTable("party_organizations");
        b.Property(o => o.Name).HasMaxLength(100);
        b.Property(o => o.Secretary).HasMaxLength(50);
        b.Property(o => o.AreaPath).HasMaxLength(AreaNode.PathMaxLength);
        b.HasIndex(o => o.AreaPath);
        b.HasOne<PartyOrganization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AreaNode>().WithMany().HasForeignKey(o => o.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}
