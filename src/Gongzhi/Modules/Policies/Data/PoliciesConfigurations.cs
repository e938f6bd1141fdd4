using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Registry.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Policies.Data;

internal sealed class PolicyConfiguration : IEntityTypeConfiguration<Policy>
{
    public void Configure(EntityTypeBuilder<Policy> b)
    {
        b.ToTable("policies");
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.Department).HasMaxLength(100);
        b.Property(p => p.Description).HasMaxLength(2000);
        b.Property(p => p.LegalBasis).HasMaxLength(500);
        b.Property(p => p.Benefit).HasMaxLength(500);
        b.Property(p => p.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(p => p.Rule).HasMaxLength(RuleParser.MaxLength);
        b.Property(p => p.ReminderLeadTimes).HasMaxLength(40).HasDefaultValue(""); // the column was added to existing rows (migration 0023)
        b.HasIndex(p => p.AreaPath);
        b.HasOne<AreaNode>().WithMany().HasForeignKey(p => p.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PolicyEnrolmentConfiguration : IEntityTypeConfiguration<PolicyEnrolment>
{
    public void Configure(EntityTypeBuilder<PolicyEnrolment> b)
    {
        b.ToTable("policy_enrolments");
        b.Property(e => e.SourceNote).HasMaxLength(200);
        b.Property(e => e.EndReason).HasMaxLength(200);
        b.Property(e => e.RecordedBy).HasMaxLength(256);
        // One row per policy and resident; the lists ask "is this resident enrolled in this policy" from it.
        b.HasIndex(e => new { e.PolicyId, e.ResidentId }).IsUnique();
        b.HasIndex(e => e.ResidentId);
        b.HasOne<Policy>().WithMany().HasForeignKey(e => e.PolicyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Resident>().WithMany().HasForeignKey(e => e.ResidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PolicyReminderConfiguration : IEntityTypeConfiguration<PolicyReminder>
{
    public void Configure(EntityTypeBuilder<PolicyReminder> b)
    {
        b.ToTable("policy_reminders");
        b.Property(r => r.AreaPath).HasMaxLength(AreaLevels.PathMaxLength);
        b.Property(r => r.TaskKey).HasMaxLength(100);
        b.Property(r => r.SmsKey).HasMaxLength(100);
        // Rows written before the household-contact fallback (migration 0028) went to the resident.
        b.Property(r => r.SmsToHouseholdContact).HasDefaultValue(false);
        // Exactly once per policy, resident, eligibility date and lead time: the job's dedup and a race's backstop.
        b.HasIndex(r => new { r.PolicyId, r.ResidentId, r.EligibleOn, r.LeadDays }).IsUnique();
        b.HasIndex(r => r.ResidentId);
        b.HasIndex(r => r.AreaPath);
        b.HasOne<Policy>().WithMany().HasForeignKey(r => r.PolicyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Resident>().WithMany().HasForeignKey(r => r.ResidentId).OnDelete(DeleteBehavior.Restrict);
    }
}
