using Gongzhi.Modules.Reminders.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Reminders module's tables: due items and the reminders sent for them.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<DueItem> DueItems => Set<DueItem>();
    public DbSet<DueReminder> DueReminders => Set<DueReminder>();
}
