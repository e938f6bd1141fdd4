using Gongzhi.Modules.Care.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Care module's tables: the roster of residents under care, their visits, and the 窗帘之约 daily marks and alerts.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<CareEntry> CareEntries => Set<CareEntry>();
    public DbSet<CareVisit> CareVisits => Set<CareVisit>();
    public DbSet<CareCheckIn> CareCheckIns => Set<CareCheckIn>();
    public DbSet<CareAlert> CareAlerts => Set<CareAlert>();
    public DbSet<CareDoorToken> CareDoorTokens => Set<CareDoorToken>();
    public DbSet<CareCheckInPhone> CareCheckInPhones => Set<CareCheckInPhone>();
}
