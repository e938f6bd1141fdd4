using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Audit.Domain;
using Gongzhi.Modules.Registry.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// The one DbContext. Every entity that hangs on the area tree carries a materialized <c>Path</c> and is filtered
/// by <see cref="DataScope"/> here, so no page, API route, search or export can forget the data-scope rule.
/// </summary>
public sealed class GongzhiDb(DbContextOptions<GongzhiDb> options, DataScope scope)
    : IdentityDbContext<GongzhiUser, GongzhiRole, string>(options)
{
    public DataScope Scope { get; } = scope;

    public DbSet<AreaNode> AreaNodes => Set<AreaNode>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<PartyOrganization> PartyOrganizations => Set<PartyOrganization>();
    public DbSet<UserAreaAssignment> UserAreaAssignments => Set<UserAreaAssignment>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        if (Database.IsSqlite()) DatabaseSetup.SqliteConventions(conventions);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(GongzhiDb).Assembly);

        // Data scope: unrestricted (admin, system tasks) or inside one of the granted subtrees.
        b.Entity<AreaNode>().HasQueryFilter(n => Scope.IsUnrestricted || Scope.Paths.Any(p => n.Path.StartsWith(p)));
        b.Entity<PartyOrganization>().HasQueryFilter(o => Scope.IsUnrestricted || Scope.Paths.Any(p => o.AreaPath.StartsWith(p)));
        b.Entity<Household>().HasQueryFilter(h => Scope.IsUnrestricted || Scope.Paths.Any(p => h.AreaPath.StartsWith(p)));
        b.Entity<Resident>().HasQueryFilter(r => Scope.IsUnrestricted || Scope.Paths.Any(p => r.AreaPath.StartsWith(p)));
    }
}

/// <summary>Data-protection keys live in the database so that every app node behind a load balancer shares them.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}
