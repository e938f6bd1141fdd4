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
        b.Property(u => u.LockReason).HasMaxLength(500);
        b.Property(u => u.MustChangePassword).HasDefaultValue(false);
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

internal sealed class SignInAttemptConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> b)
    {
        b.ToTable("sign_in_attempts");
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.IpAddress).HasMaxLength(64);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.UserName, a.At });
    }
}

internal sealed class PasswordResetLinkConfiguration : IEntityTypeConfiguration<PasswordResetLink>
{
    public void Configure(EntityTypeBuilder<PasswordResetLink> b)
    {
        b.ToTable("password_reset_links");
        b.Property(r => r.TokenHash).HasMaxLength(64);
        b.Property(r => r.CreatedBy).HasMaxLength(256);
        b.HasIndex(r => r.TokenHash).IsUnique();
        b.HasIndex(r => r.UserId);
        b.HasOne<GongzhiUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
