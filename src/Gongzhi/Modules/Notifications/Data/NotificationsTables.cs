using Gongzhi.Modules.Notifications.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Notifications module's tables: the outbox (messages, deliveries, attempts) and templates.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();
    public DbSet<NotificationTemplate> NotificationTemplates => Set<NotificationTemplate>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<WeComRobot> WeComRobots => Set<WeComRobot>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<ChannelRateKey> ChannelRateKeys => Set<ChannelRateKey>();
    public DbSet<ChannelRateSend> ChannelRateSends => Set<ChannelRateSend>();
}
