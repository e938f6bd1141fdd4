using Gongzhi.Modules.Notifications.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Modules.Notifications.Data;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.DedupKey).HasMaxLength(300);
        b.Property(n => n.Kind).HasMaxLength(64);
        b.Property(n => n.Module).HasMaxLength(64);
        b.Property(n => n.RecipientUserId).HasMaxLength(64);
        b.Property(n => n.Culture).HasMaxLength(8);
        b.Property(n => n.Title).HasMaxLength(200);
        b.Property(n => n.Body).HasMaxLength(4000);
        b.Property(n => n.Link).HasMaxLength(500);
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.HasIndex(n => new { n.RecipientUserId, n.CreatedAt });
        b.HasMany(n => n.Deliveries).WithOne(d => d.Notification).HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.ToTable("notification_deliveries");
        b.Property(d => d.Address).HasMaxLength(500);
        b.Property(d => d.AddressMasked).HasMaxLength(200);
        b.Property(d => d.Options).HasMaxLength(2000);
        b.Property(d => d.ClaimedBy).HasMaxLength(100);
        b.Property(d => d.LastError).HasMaxLength(1000);
        b.HasIndex(d => new { d.State, d.NextAttemptAt });
        b.HasIndex(d => d.NotificationId);
        b.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> b)
    {
        b.ToTable("notification_attempts");
        b.Property(a => a.Response).HasMaxLength(1000);
        b.Property(a => a.Worker).HasMaxLength(100);
        b.HasIndex(a => a.DeliveryId);
    }
}

internal sealed class NotificationTemplateConfiguration : IEntityTypeConfiguration<NotificationTemplate>
{
    public void Configure(EntityTypeBuilder<NotificationTemplate> b)
    {
        b.ToTable("notification_templates");
        b.Property(t => t.Kind).HasMaxLength(64);
        b.Property(t => t.Culture).HasMaxLength(8);
        b.Property(t => t.Title).HasMaxLength(200);
        b.Property(t => t.Body).HasMaxLength(4000);
        b.Property(t => t.UpdatedBy).HasMaxLength(256);
        b.HasIndex(t => new { t.Kind, t.Culture }).IsUnique();
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.ToTable("job_leases");
        b.HasKey(j => j.Name);
        b.Property(j => j.Name).HasMaxLength(100);
        b.Property(j => j.Holder).HasMaxLength(100);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("job_runs");
        b.Property(j => j.Name).HasMaxLength(100);
        b.Property(j => j.Error).HasMaxLength(2000);
        b.Property(j => j.Node).HasMaxLength(100);
        b.HasIndex(j => new { j.Name, j.StartedAt });
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.ToTable("notification_preferences");
        b.Property(p => p.UserId).HasMaxLength(64);
        b.Property(p => p.Kind).HasMaxLength(64);
        b.HasIndex(p => new { p.UserId, p.Kind }).IsUnique();
    }
}

internal sealed class WeComRobotConfiguration : IEntityTypeConfiguration<WeComRobot>
{
    public void Configure(EntityTypeBuilder<WeComRobot> b)
    {
        b.ToTable("wecom_robots");
        b.Property(r => r.Name).HasMaxLength(64);
        b.Property(r => r.AreaPath).HasMaxLength(Gongzhi.Modules.Areas.Contracts.AreaLevels.PathMaxLength);
        b.Property(r => r.UrlCipher).HasMaxLength(1000);
        b.Property(r => r.UrlMasked).HasMaxLength(300);
        b.HasIndex(r => r.Name).IsUnique();
        b.HasIndex(r => r.AreaPath);
        b.HasOne<Gongzhi.Modules.Areas.Domain.AreaNode>().WithMany().HasForeignKey(r => r.AreaNodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChannelRateKeyConfiguration : IEntityTypeConfiguration<ChannelRateKey>
{
    public void Configure(EntityTypeBuilder<ChannelRateKey> b)
    {
        b.ToTable("channel_rate_keys");
        b.HasKey(k => k.Key);
        b.Property(k => k.Key).HasMaxLength(200);
    }
}

internal sealed class ChannelRateSendConfiguration : IEntityTypeConfiguration<ChannelRateSend>
{
    public void Configure(EntityTypeBuilder<ChannelRateSend> b)
    {
        b.ToTable("channel_rate_sends");
        b.Property(s => s.Key).HasMaxLength(200);
        b.HasIndex(s => new { s.Key, s.At });
    }
}
