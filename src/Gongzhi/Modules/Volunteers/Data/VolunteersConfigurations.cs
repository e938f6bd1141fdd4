using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Volunteers.Data;

internal sealed class VolunteerSkillConfiguration : IEntityTypeConfiguration<VolunteerSkill>
{
    public void Configure(EntityTypeBuilder<VolunteerSkill> b)
    {
        b.ToTable("volunteer_skills");
        b.Property(s => s.Code).HasMaxLength(32);
        b.Property(s => s.Name).HasMaxLength(50);
        b.HasIndex(s => s.Code).IsUnique();
    }
}

internal sealed class VolunteerConfiguration : IEntityTypeConfiguration<Volunteer>
{
    public void Configure(EntityTypeBuilder<Volunteer> b)
    {
        b.ToTable("volunteers");
        b.Property(v => v.Name).HasMaxLength(100);
        b.Property(v => v.School).HasMaxLength(100);
        b.Property(v => v.College).HasMaxLength(100);
        b.Property(v => v.ClassName).HasMaxLength(100);
        b.Property(v => v.UserId).HasMaxLength(64);
        b.Property(v => v.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(v => v.Skills).HasMaxLength(500);
        b.Property(v => v.Availability).HasMaxLength(200);
        b.Property(v => v.ServiceAreas).HasMaxLength(500);
        b.Property(v => v.VerifiedBy).HasMaxLength(256);
        b.Ignore(v => v.SkillCodes);
        // One profile per account and per resident; the pool by area and hours.
        b.HasIndex(v => v.UserId).IsUnique();
        b.HasIndex(v => v.ResidentId).IsUnique();
        b.HasIndex(v => new { v.AreaPath, v.MinutesServed });
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(v => v.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(v => v.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class VolunteerTeamConfiguration : IEntityTypeConfiguration<VolunteerTeam>
{
    public void Configure(EntityTypeBuilder<VolunteerTeam> b)
    {
        b.ToTable("volunteer_teams");
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(t => t.Description).HasMaxLength(1000);
        b.HasIndex(t => t.AreaPath);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(t => t.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class VolunteerActivityConfiguration : IEntityTypeConfiguration<VolunteerActivity>
{
    public void Configure(EntityTypeBuilder<VolunteerActivity> b)
    {
        b.ToTable("volunteer_activities");
        b.Property(a => a.Title).HasMaxLength(200);
        b.Property(a => a.Category).HasMaxLength(50);
        b.Property(a => a.Place).HasMaxLength(200);
        b.Property(a => a.Description).HasMaxLength(2000);
        b.Property(a => a.NeededSkills).HasMaxLength(500);
        b.Property(a => a.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(a => a.OrganizerUserId).HasMaxLength(64);
        b.Property(a => a.OrganizerName).HasMaxLength(256);
        b.Property(a => a.QrSecret).HasMaxLength(64);
        b.HasIndex(a => new { a.AreaPath, a.StartsAt });
        b.HasIndex(a => a.StartsAt);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(a => a.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<VolunteerTeam>().WithMany().HasForeignKey(a => a.TeamId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ActivitySignUpConfiguration : IEntityTypeConfiguration<ActivitySignUp>
{
    public void Configure(EntityTypeBuilder<ActivitySignUp> b)
    {
        b.ToTable("activity_signups");
        b.Property(s => s.VolunteerName).HasMaxLength(100);
        b.Property(s => s.VolunteerUserId).HasMaxLength(64);
        b.Property(s => s.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(s => s.ConfirmedBy).HasMaxLength(256);
        b.HasIndex(s => new { s.ActivityId, s.VolunteerId }).IsUnique();
        b.HasIndex(s => new { s.VolunteerId, s.State });
        b.HasOne<VolunteerActivity>().WithMany().HasForeignKey(s => s.ActivityId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(s => s.VolunteerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceOrderConfiguration : IEntityTypeConfiguration<ServiceOrder>
{
    public void Configure(EntityTypeBuilder<ServiceOrder> b)
    {
        b.ToTable("service_orders");
        b.Property(o => o.SkillCode).HasMaxLength(32);
        b.Property(o => o.Description).HasMaxLength(1000);
        b.Property(o => o.RequesterName).HasMaxLength(100);
        b.Property(o => o.RequesterUserId).HasMaxLength(64);
        b.Property(o => o.Address).HasMaxLength(300);
        b.Property(o => o.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(o => o.VolunteerName).HasMaxLength(100);
        b.HasIndex(o => new { o.AreaPath, o.State });
        b.HasIndex(o => o.VolunteerId);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(o => o.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(o => o.VolunteerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceCertificateConfiguration : IEntityTypeConfiguration<ServiceCertificate>
{
    public void Configure(EntityTypeBuilder<ServiceCertificate> b)
    {
        b.ToTable("service_certificates");
        b.Property(c => c.Code).HasMaxLength(32);
        b.Property(c => c.VolunteerName).HasMaxLength(100);
        b.Property(c => c.School).HasMaxLength(100);
        b.Property(c => c.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(c => c.IssuedBy).HasMaxLength(256);
        b.HasIndex(c => c.Code).IsUnique();
        b.HasOne<Volunteer>().WithMany().HasForeignKey(c => c.VolunteerId).OnDelete(DeleteBehavior.Restrict);
    }
}
