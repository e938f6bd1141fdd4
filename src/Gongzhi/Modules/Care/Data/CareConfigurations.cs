using Gongzhi.Modules.Care.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Care.Data;

internal sealed class CareEntryConfiguration : IEntityTypeConfiguration<CareEntry>
{
    public void Configure(EntityTypeBuilder<CareEntry> b)
    {
        b.ToTable("care_entries");
        b.Property(e => e.ResidentName).HasMaxLength(100);
        b.Property(e => e.ResidentPhoneMasked).HasMaxLength(32);
        b.Property(e => e.Address).HasMaxLength(300);
        b.Property(e => e.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(e => e.VisitorsJson).HasMaxLength(4000);
        b.Property(e => e.ContactsJson).HasMaxLength(4000);
        b.Property(e => e.Note).HasMaxLength(1000);
        b.Property(e => e.CheckInWatchersJson).HasMaxLength(4000);
        b.Property(e => e.SmsReplyCode).HasMaxLength(8);
        b.HasIndex(e => e.SmsReplyCode).IsUnique();
        b.Ignore(e => e.CheckInWatchers);
        b.Ignore(e => e.Visitors);
        b.Ignore(e => e.Contacts);
        // One entry per resident; the area's list by due date.
        b.HasIndex(e => e.ResidentId).IsUnique();
        b.HasIndex(e => new { e.AreaPath, e.NextDueOn });
        b.HasOne<Areas.Domain.AreaNode>().WithMany().HasForeignKey(e => e.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Registry.Domain.Household>().WithMany().HasForeignKey(e => e.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Registry.Domain.Resident>().WithMany().HasForeignKey(e => e.ResidentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CareVisitConfiguration : IEntityTypeConfiguration<CareVisit>
{
    public void Configure(EntityTypeBuilder<CareVisit> b)
    {
        b.ToTable("care_visits");
        b.Property(v => v.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(v => v.VisitorUserId).HasMaxLength(64);
        b.Property(v => v.VisitorName).HasMaxLength(256);
        b.Property(v => v.ChecklistJson).HasMaxLength(8000);
        b.Property(v => v.Notes).HasMaxLength(2000);
        b.Property(v => v.RequestTrackingCode).HasMaxLength(32);
        b.Ignore(v => v.Checklist);
        b.HasIndex(v => new { v.EntryId, v.VisitedAt });
        b.HasOne<CareEntry>().WithMany().HasForeignKey(v => v.EntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CareCheckInConfiguration : IEntityTypeConfiguration<CareCheckIn>
{
    public void Configure(EntityTypeBuilder<CareCheckIn> b)
    {
        b.ToTable("care_checkins");
        b.Property(c => c.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(c => c.MarkedByName).HasMaxLength(256);
        b.Property(c => c.Channel).HasDefaultValue(CheckInChannel.App).HasSentinel((CheckInChannel)0);
        b.HasIndex(c => new { c.EntryId, c.Day }).IsUnique();
        b.HasOne<CareEntry>().WithMany().HasForeignKey(c => c.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CareAlertConfiguration : IEntityTypeConfiguration<CareAlert>
{
    public void Configure(EntityTypeBuilder<CareAlert> b)
    {
        b.ToTable("care_alerts");
        b.Property(a => a.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(a => a.ResidentName).HasMaxLength(100);
        b.Property(a => a.Address).HasMaxLength(300);
        b.Property(a => a.Finding).HasMaxLength(2000);
        b.Property(a => a.ClosedByName).HasMaxLength(256);
        b.HasIndex(a => new { a.EntryId, a.Day }).IsUnique();
        b.HasIndex(a => new { a.AreaPath, a.ClosedAt });
        b.HasOne<CareEntry>().WithMany().HasForeignKey(a => a.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CareDoorTokenConfiguration : IEntityTypeConfiguration<CareDoorToken>
{
    public void Configure(EntityTypeBuilder<CareDoorToken> b)
    {
        b.ToTable("care_door_tokens");
        b.Property(t => t.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.Property(t => t.TokenCipher).HasMaxLength(200);
        b.Property(t => t.IssuedByName).HasMaxLength(256);
        b.Property(t => t.RevokedByName).HasMaxLength(256);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => new { t.EntryId, t.RevokedAt });
        b.HasOne<CareEntry>().WithMany().HasForeignKey(t => t.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CareCheckInPhoneConfiguration : IEntityTypeConfiguration<CareCheckInPhone>
{
    public void Configure(EntityTypeBuilder<CareCheckInPhone> b)
    {
        b.ToTable("care_checkin_phones");
        b.Property(p => p.AreaPath).HasMaxLength(Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(p => p.PhoneHash).HasMaxLength(64);
        b.Property(p => p.PhoneCipher).HasMaxLength(200);
        b.Property(p => p.PhoneMasked).HasMaxLength(32);
        b.HasIndex(p => p.PhoneHash);
        b.HasIndex(p => new { p.EntryId, p.PhoneHash }).IsUnique();
        b.HasOne<CareEntry>().WithMany().HasForeignKey(p => p.EntryId).OnDelete(DeleteBehavior.Cascade);
    }
}
