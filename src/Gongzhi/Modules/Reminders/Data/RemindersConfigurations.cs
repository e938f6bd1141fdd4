using Gongzhi.Modules.Reminders.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Reminders.Data;

internal sealed class DueItemConfiguration : IEntityTypeConfiguration<DueItem>
{
    public void Configure(EntityTypeBuilder<DueItem> b)
    {
        b.ToTable("due_items");
        b.Property(e => e.SourceKey).HasMaxLength(200);
        b.Property(e => e.Title).HasMaxLength(200);
        b.Property(e => e.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(e => e.OwnerUserId).HasMaxLength(64);
        b.Property(e => e.OwnerRole).HasMaxLength(32);
        b.Property(e => e.DaysBefore).HasMaxLength(100);
        b.Property(e => e.Link).HasMaxLength(300);
        b.Property(e => e.Note).HasMaxLength(1000);
        b.Property(e => e.ClosedNote).HasMaxLength(1000);
        b.Property(e => e.ClosedByName).HasMaxLength(256);
        b.Ignore(e => e.Rule);
        b.HasIndex(e => e.SourceKey).IsUnique();
        // The area's list of open items by due date; the job's walk over open items.
        b.HasIndex(e => new { e.AreaPath, e.DueOn });
        b.HasIndex(e => new { e.ClosedAt, e.DueOn });
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(e => e.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DueReminderConfiguration : IEntityTypeConfiguration<DueReminder>
{
    public void Configure(EntityTypeBuilder<DueReminder> b)
    {
        b.ToTable("due_reminders");
        b.Property(r => r.Point).HasMaxLength(32);
        // Exactly once per item, due date and point: a concurrent second run fails on this index.
        b.HasIndex(r => new { r.DueItemId, r.DueOn, r.Point }).IsUnique();
        b.HasOne<DueItem>().WithMany().HasForeignKey(r => r.DueItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
