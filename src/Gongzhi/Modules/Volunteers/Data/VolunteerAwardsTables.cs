using Gongzhi.Modules.Volunteers.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Database;

/// <summary>The Volunteers module's award and building-leader tables: titles, nominations, duties, leaders and the duties they did.</summary>
public sealed partial class GongzhiDb
{
    public DbSet<AwardTitle> AwardTitles => Set<AwardTitle>();
    public DbSet<AwardNomination> AwardNominations => Set<AwardNomination>();
    public DbSet<LeaderDuty> LeaderDuties => Set<LeaderDuty>();
    public DbSet<BuildingLeader> BuildingLeaders => Set<BuildingLeader>();
    public DbSet<LeaderDutyRecord> LeaderDutyRecords => Set<LeaderDutyRecord>();
}
