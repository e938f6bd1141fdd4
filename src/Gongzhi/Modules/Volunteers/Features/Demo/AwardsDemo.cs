using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Volunteers.Features.Demo;

/// <summary>
/// 南门社区's awards of last year (最美志愿者 and 社区服务之星 awarded and one declined, the corps a 十佳志愿服务项目,
/// 12号楼 a 和谐楼栋) and two 楼长 of 玉苑小区 with duties done over the past weeks, their points earned through the
/// bank when it is installed. Runs after the volunteers' demo; nothing when nominations exist.
/// </summary>
internal static class AwardsDemo
{
    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.AwardNominations.AnyAsync(ct) || await db.BuildingLeaders.AnyAsync(ct)) return;
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var ledger = sp.GetServices<IPointsLedger>().FirstOrDefault();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = BeijingTime.Date(now);
        var lastYear = today.Year - 1;
        var community = await areas.FindAsync("370811012007", ct);
        var yuyuan = await areas.FindAsync("370811012007-W01-X01", ct);
        var building12 = await areas.FindAsync("370811012007-W01-X01-B12", ct);
        var volunteers = await db.Volunteers.Where(v => v.Verified).OrderBy(v => v.Id).Take(6).ToListAsync(ct);
        var corps = await db.VolunteerTeams.Where(t => t.Level == TeamLevel.Corps).OrderBy(t => t.Id).FirstOrDefaultAsync(ct);
        if (community is null || yuyuan is null || building12 is null || volunteers.Count < 4 || corps is null) return; // not the demo tree

        AwardNomination Nomination(string title, AwardNomineeKind kind, long id, string name, string reason, string evidence, bool? awarded) => new()
        {
            TitleCode = title, Year = lastYear, AreaNodeId = community.Id, AreaPath = community.Path, NomineeKind = kind, NomineeId = id, NomineeName = name,
            Reason = reason, Evidence = evidence, NominatedByName = "社区工作人员", NominatedAt = now.AddDays(-330),
            State = awarded switch { true => NominationState.Awarded, false => NominationState.Declined, null => NominationState.Pending },
            DecidedBy = awarded is null ? null : "社区工作人员", DecidedAt = awarded is null ? null : now.AddDays(-320),
            AwardKey = awarded == true ? AwardNomination.KeyOf(title, lastYear, kind, id) : null,
        };
        var finest = Nomination("finest-volunteer", AwardNomineeKind.Volunteer, volunteers[0].Id, volunteers[0].Name, "常年为独居老人上门服务，风雨无阻",
            $"{lastYear} 年：参加 24 次活动、完成 6 个服务订单，共 86 小时", true);
        var star = Nomination("service-star", AwardNomineeKind.Volunteer, volunteers[1].Id, volunteers[1].Name, "四点半课堂的主讲老师", $"{lastYear} 年：参加 18 次活动，共 40 小时", true);
        var declined = Nomination("service-star", AwardNomineeKind.Volunteer, volunteers[2].Id, volunteers[2].Name, "积极参加环境整治", $"{lastYear} 年：参加 3 次活动，共 6 小时", false);
        var project = Nomination("top-ten-project", AwardNomineeKind.Team, corps.Id, corps.Name, "爱上门：总队+分队+小队全年为民服务", $"{lastYear} 年：开展活动 48 次", true);
        var building = Nomination("harmonious-building", AwardNomineeKind.Building, building12.Id, building12.Name, "楼长带头，邻里和睦，楼道整洁", $"{lastYear} 年：楼长获得 420 积分", true);
        db.AwardNominations.AddRange(finest, star, declined, project, building);
        await db.SaveChangesAsync(ct);
        if (ledger is not null)
        {
            var v = volunteers[0];
            finest.BonusPoints = (await ledger.EarnAsync(new PointsEarning(new PointsHolder(v.Id, v.Name, v.AreaNodeId, v.UserId), 100, $"表彰：最美志愿者 {lastYear}",
                "award", finest.Id.ToString(), $"award:{finest.Id}"), ct)).Points;
            await db.SaveChangesAsync(ct);
        }

        // Two building leaders of 玉苑小区: 12号楼 and the compound's first other building.
        var other = (await areas.ChildrenAsync(yuyuan.Id, ct)).FirstOrDefault(n => n.Level == AreaLevel.Building && n.Id != building12.Id);
        var duties = await db.LeaderDuties.Where(d => d.Active).OrderBy(d => d.SortOrder).ToListAsync(ct);
        var pairs = new List<(Volunteer Volunteer, AreaRef Building)> { (volunteers[3], building12) };
        if (other is not null && volunteers.Count > 4) pairs.Add((volunteers[4], other));
        foreach (var (volunteer, node) in pairs)
        {
            var leader = new BuildingLeader
            {
                VolunteerId = volunteer.Id, VolunteerName = volunteer.Name, AreaNodeId = node.Id, BuildingName = node.Name, AreaPath = node.Path,
                Since = now.AddDays(-200), AppointedBy = "社区工作人员",
            };
            db.BuildingLeaders.Add(leader);
            await db.SaveChangesAsync(ct);
            for (var week = 6; week >= 1; week--)
            {
                var duty = duties[week % duties.Count];
                var doneOn = today.AddDays(-7 * week);
                var record = new LeaderDutyRecord
                {
                    LeaderId = leader.Id, VolunteerId = volunteer.Id, DutyCode = duty.Code, DutyName = duty.Name, DoneOn = doneOn, PointsAsked = duty.Points,
                    IdempotencyKey = $"demo:{leader.Id}:{duty.Code}:{doneOn:yyyy-MM-dd}", RecordedBy = "社区工作人员", RecordedAt = now.AddDays(-7 * week), AreaPath = leader.AreaPath,
                };
                db.LeaderDutyRecords.Add(record);
                await db.SaveChangesAsync(ct);
                record.PointsCredited = ledger is null ? 0 : (await ledger.EarnAsync(new PointsEarning(new PointsHolder(volunteer.Id, volunteer.Name, volunteer.AreaNodeId, volunteer.UserId),
                    duty.Points, "楼长：" + duty.Name, "leader-duty", record.Id.ToString(), "leader-duty:" + record.IdempotencyKey), ct)).Points;
                await db.SaveChangesAsync(ct);
            }
        }
    }
}
