using Gongzhi.Modules.Registry.Domain;
using Microsoft.EntityFrameworkCore;

// A part of GongzhiDb so that every unit of work reaches the tables as db.X (and inside queries, which extension
// members cannot be); which module owns a table is where it is declared, and a codebase test keeps other modules
// from querying it.
namespace Gongzhi.Infrastructure.Database;

/// <summary>The Registry module's tables.</summary>
public sealed partial class GongzhiDb
{
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
}
