using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Volunteers.Data;

internal sealed class AwardTitleConfiguration : IEntityTypeConfiguration<AwardTitle>
{
    public void Configure(EntityTypeBuilder<AwardTitle> b)
    {
        b.ToTable("award_titles");
        b.Property(t => t.Code).HasMaxLength(32);
        b.Property(t => t.Name).HasMaxLength(50);
        b.HasIndex(t => t.Code).IsUnique();
    }
}

internal sealed class AwardNominationConfiguration : IEntityTypeConfiguration<AwardNomination>
{
    public void Configure(EntityTypeBuilder<AwardNomination> b)
    {
        b.ToTable("award_nominations");
        b.Property(n => n.TitleCode).HasMaxLength(32);
        b.Property(n => n.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(n => n.NomineeName).HasMaxLength(100);
        b.Property(n => n.Reason).HasMaxLength(1000);
        b.Property(n => n.Evidence).HasMaxLength(1000);
        b.Property(n => n.NominatedBy).HasMaxLength(64);
        b.Property(n => n.NominatedByName).HasMaxLength(256);
        b.Property(n => n.DecidedBy).HasMaxLength(256);
        b.Property(n => n.DecisionNote).HasMaxLength(500);
        b.Property(n => n.AwardKey).HasMaxLength(120);
        // One award per title, nominee and year: the key is set only when awarded (NULLs do not collide).
        b.HasIndex(n => n.AwardKey).IsUnique();
        b.HasIndex(n => new { n.AreaPath, n.Year });
        b.HasIndex(n => new { n.NomineeKind, n.NomineeId });
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(n => n.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaderDutyConfiguration : IEntityTypeConfiguration<LeaderDuty>
{
    public void Configure(EntityTypeBuilder<LeaderDuty> b)
    {
        b.ToTable("leader_duties");
        b.Property(d => d.Code).HasMaxLength(32);
        b.Property(d => d.Name).HasMaxLength(50);
        b.HasIndex(d => d.Code).IsUnique();
    }
}

internal sealed class BuildingLeaderConfiguration : IEntityTypeConfiguration<BuildingLeader>
{
    public void Configure(EntityTypeBuilder<BuildingLeader> b)
    {
        b.ToTable("building_leaders");
        b.Property(x => x.VolunteerName).HasMaxLength(100);
        b.Property(x => x.BuildingName).HasMaxLength(100);
        b.Property(x => x.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(x => x.AppointedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.AreaNodeId, x.VolunteerId }).IsUnique();
        b.HasIndex(x => x.AreaPath);
        b.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(x => x.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaderDutyRecordConfiguration : IEntityTypeConfiguration<LeaderDutyRecord>
{
    public void Configure(EntityTypeBuilder<LeaderDutyRecord> b)
    {
        b.ToTable("leader_duty_records");
        b.Property(r => r.DutyCode).HasMaxLength(32);
        b.Property(r => r.DutyName).HasMaxLength(50);
        b.Property(r => r.Note).HasMaxLength(500);
        b.Property(r => r.IdempotencyKey).HasMaxLength(200);
        b.Property(r => r.RecordedBy).HasMaxLength(256);
        b.Property(r => r.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.HasIndex(r => r.IdempotencyKey).IsUnique();
        b.HasIndex(r => new { r.LeaderId, r.DoneOn });
        b.HasOne<BuildingLeader>().WithMany().HasForeignKey(r => r.LeaderId).OnDelete(DeleteBehavior.Restrict);
    }
}
