using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Accounts.Data;

internal sealed class GongzhiUserConfiguration : IEntityTypeConfiguration<GongzhiUser>
{
    public void Configure(EntityTypeBuilder<GongzhiUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.Property(u => u.Culture).HasMaxLength(10);
    }
}

internal sealed class UserAreaAssignmentConfiguration : IEntityTypeConfiguration<UserAreaAssignment>
{
    public void Configure(EntityTypeBuilder<UserAreaAssignment> b)
    {
        b.ToTable("user_area_assignments");
        b.Property(a => a.AssignedBy).HasMaxLength(256);
        b.HasIndex(a => new { a.UserId, a.AreaNodeId }).IsUnique();
        b.HasIndex(a => a.AreaNodeId);
        b.HasOne<GongzhiUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AreaNode>().WithMany().HasForeignKey(a => a.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}
