using Gongzhi.Modules.Care.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Care module's tables: the roster of residents under care and their visits.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<CareEntry> CareEntries => Set<CareEntry>();
    public DbSet<CareVisit> CareVisits => Set<CareVisit>();
}
