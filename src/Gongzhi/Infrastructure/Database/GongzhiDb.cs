using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Audit.Domain;
using Gongzhi.Modules.Registry.Domain;
using System.Linq.Expressions;
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
    public DbSet<HouseholdMembership> HouseholdMemberships => Set<HouseholdMembership>();
    public DbSet<TagDefinition> TagDefinitions => Set<TagDefinition>();
    public DbSet<ResidentTag> ResidentTags => Set<ResidentTag>();
    public DbSet<Merchant> Merchants => Set<Merchant>();
    public DbSet<HealthCertificate> HealthCertificates => Set<HealthCertificate>();
    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<SavedSearch> SavedSearches => Set<SavedSearch>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
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

        // Data scope on everything hung on the area tree.
        ScopeFilter<AreaNode>(b, n => n.Path);
        ScopeFilter<PartyOrganization>(b, o => o.AreaPath);
        ScopeFilter<Household>(b, h => h.AreaPath);
        ScopeFilter<Resident>(b, r => r.AreaPath);
        ScopeFilter<Merchant>(b, m => m.AreaPath);
        ScopeFilter<Facility>(b, f => f.AreaPath);

        if (Database.IsNpgsql())
        {
            // Paths compare bytewise (prefix ranges, see PathRange), whatever the database's locale.
            b.Entity<AreaNode>().Property(n => n.Path).UseCollation("C");
            foreach (var type in new[] { typeof(PartyOrganization), typeof(Household), typeof(Resident), typeof(Merchant), typeof(Facility), typeof(TagDefinition) })
                b.Entity(type).Property<string>("AreaPath").UseCollation("C");
        }
    }

    /// <summary>
    /// Unrestricted (admins, system tasks), one subtree (an index range on the path), or several subtrees.
    /// The rule is written once and applied to each entity's path.
    /// </summary>
    private void ScopeFilter<T>(ModelBuilder b, Expression<Func<T, string>> path) where T : class
    {
        Expression<Func<string, bool>> rule = p => Scope.UnrestrictedMarker != null
            || (Scope.SingleFrom != null && p.CompareTo(Scope.SingleFrom) >= 0 && p.CompareTo(Scope.SingleTo) < 0)
            || (Scope.SingleFrom == null && Scope.Paths.Any(s => p.StartsWith(s)));
        var body = new ParameterReplacer(rule.Parameters[0], path.Body).Visit(rule.Body);
        b.Entity<T>().HasQueryFilter(Expression.Lambda<Func<T, bool>>(body, path.Parameters));
    }

}

/// <summary>Data-protection keys live in the database so that every app node behind a load balancer shares them.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public string Xml { get; set; } = "";
}
