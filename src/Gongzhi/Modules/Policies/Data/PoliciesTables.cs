using Gongzhi.Modules.Policies.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Policies module's tables.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<Policy> Policies => Set<Policy>();
    public DbSet<PolicyEnrolment> PolicyEnrolments => Set<PolicyEnrolment>();
    public DbSet<PolicyReminder> PolicyReminders => Set<PolicyReminder>();
}
