using Gongzhi.Modules.Volunteers.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Volunteers module's tables: the skills catalogue, the pool, teams, activities with their sign-ups, service orders and certificates.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<VolunteerSkill> VolunteerSkills => Set<VolunteerSkill>();
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<VolunteerTeam> VolunteerTeams => Set<VolunteerTeam>();
    public DbSet<VolunteerActivity> VolunteerActivities => Set<VolunteerActivity>();
    public DbSet<ActivitySignUp> ActivitySignUps => Set<ActivitySignUp>();
    public DbSet<ServiceOrder> ServiceOrders => Set<ServiceOrder>();
    public DbSet<ServiceCertificate> ServiceCertificates => Set<ServiceCertificate>();
}
