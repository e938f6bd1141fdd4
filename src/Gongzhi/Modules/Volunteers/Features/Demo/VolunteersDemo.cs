using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.PointsBank.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Volunteers.Features.Demo;

/// <summary>
/// 南门社区's volunteers: a corps with a detachment and a squad, residents of the two demo grids with skills of the
/// catalogue, the demo account "volunteer" (陈晓燕) as a verified volunteer, three university students; activities
/// over the past weeks with confirmed hours (points through the bank when it is installed) and some coming up; service
/// orders open, claimed and done. Idempotent: nothing when volunteers exist.
/// </summary>
internal static class VolunteersDemo
{
    private static readonly string[][] SkillSets =
    [
        ["doctor", "escort"], ["retired-teacher", "tutoring"], ["haircut"], ["calligraphy", "singing"], ["veteran", "repair"], ["massage", "escort"],
        ["dance", "singing"], ["lawyer"], ["psychology"], ["photography", "repair"],
    ];

    private static readonly (string Title, string Category, string Place, string[] Skills, int PerHour, int PerActivity)[] Activities =
    [
        ("楼长日：楼道杂物清理", "环境整治", "南门社区玉苑小区", [], 10, 0),
        ("为民服务日：义诊与理发", "为民服务", "南门社区党群服务中心", ["doctor", "haircut"], 10, 5),
        ("四点半课堂", "关爱青少年", "南门社区活动室", ["tutoring"], 8, 0),
        ("重阳节敬老文艺演出", "文化活动", "南门社区广场", ["singing", "dance"], 0, 20),
        ("运河沿岸垃圾捡拾", "环境整治", "运河花园北门", [], 10, 0),
    ];

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.Volunteers.AnyAsync(ct)) return;
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var selector = sp.GetRequiredService<IResidentSelector>();
        var residents = sp.GetRequiredService<IResidentDirectory>();
        var accounts = sp.GetRequiredService<IAccountDirectory>();
        var ledger = sp.GetServices<IPointsLedger>().FirstOrDefault();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = BeijingTime.Date(now);
        var community = await areas.FindAsync("370811012007", ct);
        var grid1 = await areas.FindAsync("370811012007-W01", ct);
        var organizer = await accounts.StaffAsync("community", ct);
        if (community is null || grid1 is null || organizer is null) return; // not the demo tree

        var corps = new VolunteerTeam { Name = "南门社区志愿服务总队", Level = TeamLevel.Corps, AreaNodeId = community.Id, AreaPath = community.Path, CreatedAt = now, Description = "爱上门：总队+分队+小队" };
        db.VolunteerTeams.Add(corps);
        await db.SaveChangesAsync(ct);
        var detachment = new VolunteerTeam { Name = "第一网格志愿服务分队", Level = TeamLevel.Detachment, ParentId = corps.Id, AreaNodeId = grid1.Id, AreaPath = grid1.Path, CreatedAt = now };
        db.VolunteerTeams.Add(detachment);
        await db.SaveChangesAsync(ct);
        var squad = new VolunteerTeam { Name = "玉苑小区银发先锋小队", Level = TeamLevel.Squad, ParentId = detachment.Id, AreaNodeId = grid1.Id, AreaPath = grid1.Path, CreatedAt = now };
        db.VolunteerTeams.Add(squad);
        await db.SaveChangesAsync(ct);

        var volunteers = new List<Volunteer>();
        foreach (var gridCode in new[] { "370811012007-W01", "370811012007-W02" })
        {
            var grid = await areas.FindAsync(gridCode, ct);
            if (grid is null) continue;
            var selection = await selector.SelectAsync(new ResidentCriterion.Age(CriterionOperator.GreaterOrEqual, 30), today, grid.Path, ct, check: false);
            foreach (var picked in (await selector.PageAsync(selection, 2, 5, ct)).Items)
            {
                if (await residents.FindAsync(picked.Id, ct) is not { } r) continue;
                var i = volunteers.Count;
                volunteers.Add(new Volunteer
                {
                    Name = r.Name, Kind = VolunteerKind.Resident, ResidentId = r.Id, AreaNodeId = r.AreaNodeId, AreaPath = r.AreaPath,
                    Skills = Volunteer.JoinSkills(SkillSets[i % SkillSets.Length]), Availability = i % 2 == 0 ? "周末全天" : "工作日晚上",
                    TeamId = gridCode.EndsWith("W01") ? (i % 2 == 0 ? squad.Id : detachment.Id) : corps.Id,
                    Verified = i % 4 != 3, VerifiedAt = i % 4 != 3 ? now.AddDays(-60) : null, VerifiedBy = organizer.DisplayName, CreatedAt = now.AddDays(-70),
                });
            }
        }
        if (await accounts.StaffAsync("volunteer", ct) is { } account)
            volunteers.Add(new Volunteer
            {
                Name = account.DisplayName.Replace("志愿者 ", ""), Kind = VolunteerKind.Outsider, UserId = account.UserId, AreaNodeId = community.Id, AreaPath = community.Path,
                Skills = Volunteer.JoinSkills(["escort", "tutoring", "singing"]), Availability = "周末", TeamId = corps.Id, Verified = true, VerifiedAt = now.AddDays(-50),
                VerifiedBy = organizer.DisplayName, CreatedAt = now.AddDays(-55),
            });
        foreach (var (name, cls) in new[] { ("孙雨桐", "社会工作2301班"), ("周子涵", "汉语言文学2302班"), ("吴浩然", "计算机科学2301班") })
            volunteers.Add(new Volunteer
            {
                Name = name, Kind = VolunteerKind.Outsider, School = "济宁学院", College = cls.StartsWith("计算机") ? "计算机学院" : "文学院", ClassName = cls,
                AreaNodeId = community.Id, AreaPath = community.Path, Skills = Volunteer.JoinSkills(["tutoring", "photography"]), Availability = "周末",
                TeamId = corps.Id, Verified = true, VerifiedAt = now.AddDays(-30), VerifiedBy = organizer.DisplayName, CreatedAt = now.AddDays(-35),
            });
        db.Volunteers.AddRange(volunteers);
        await db.SaveChangesAsync(ct);
        squad.LeaderId = volunteers.FirstOrDefault(v => v.TeamId == squad.Id)?.Id;
        corps.LeaderId = volunteers.FirstOrDefault(v => v.UserId is not null)?.Id;

        // Past activities, weekly, with every sign-up attended and confirmed; then three coming up.
        for (var k = 0; k < Activities.Length + 3; k++)
        {
            var (title, category, place, skills, perHour, perActivity) = Activities[k % Activities.Length];
            var past = k < Activities.Length;
            var day = past ? today.AddDays(-7 * (Activities.Length - k)) : today.AddDays(2 + 3 * (k - Activities.Length));
            var starts = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), BeijingTime.Offset).ToUniversalTime();
            var activity = new VolunteerActivity
            {
                Title = title, Category = category, Place = place, StartsAt = starts, EndsAt = starts.AddHours(2), SignUpDeadline = starts.AddHours(-12),
                Capacity = 12, NeededSkills = Volunteer.JoinSkills(skills), PointsPerHour = perHour, PointsPerActivity = perActivity, AreaNodeId = community.Id,
                AreaPath = community.Path, TeamId = corps.Id, OrganizerUserId = organizer.UserId, OrganizerName = organizer.DisplayName,
                QrSecret = CheckInToken.NewSecret(), CreatedAt = starts.AddDays(-10),
            };
            db.VolunteerActivities.Add(activity);
            await db.SaveChangesAsync(ct);
            var attendees = volunteers.Where((v, i) => v.Verified && (i + k) % 3 != 0).Take(past ? 8 : 3).ToList();
            foreach (var v in attendees)
            {
                var signUp = new ActivitySignUp
                {
                    ActivityId = activity.Id, VolunteerId = v.Id, VolunteerName = v.Name, VolunteerUserId = v.UserId, AreaPath = activity.AreaPath,
                    State = SignUpState.SignedUp, SignedUpAt = starts.AddDays(-3),
                };
                if (past)
                {
                    var minutes = 120 - (v.Id % 3 == 0 ? 30 : 0);
                    (signUp.State, signUp.CheckedInAt, signUp.CheckedOutAt, signUp.Minutes, signUp.ConfirmedAt, signUp.ConfirmedBy) =
                        (SignUpState.Confirmed, starts, starts.AddMinutes(minutes), minutes, starts.AddHours(3), organizer.DisplayName);
                    v.MinutesServed += minutes;
                    v.ActivitiesServed += 1;
                    var points = perActivity + perHour * minutes / 60;
                    if (ledger is not null && points > 0)
                        signUp.Points = (await ledger.EarnAsync(new PointsEarning(new PointsHolder(v.Id, v.Name, v.AreaNodeId, v.UserId), points, "活动：" + title,
                            "activity", activity.Id.ToString(), $"activity:{activity.Id}:volunteer:{v.Id}"), ct)).Points;
                }
                db.ActivitySignUps.Add(signUp);
            }
            activity.SignedUp = attendees.Count;
            await db.SaveChangesAsync(ct);
        }

        // Service orders: two open, one claimed, one done and rated.
        var requesters = volunteers.Where(v => v.ResidentId is not null).Take(4).ToList();
        var orders = new[] { ("haircut", "老人行动不便，希望上门理发"), ("escort", "下周二去市人民医院复查，需要陪诊"), ("tutoring", "孩子初二数学需要辅导"), ("repair", "洗衣机不排水") };
        for (var i = 0; i < Math.Min(orders.Length, requesters.Count); i++)
        {
            var requester = requesters[i];
            if (await residents.FindAsync(requester.ResidentId!.Value, ct) is not { } r) continue;
            var order = new ServiceOrder
            {
                SkillCode = orders[i].Item1, Description = orders[i].Item2, ResidentId = r.Id, RequesterName = r.Name, Address = r.Address,
                AreaNodeId = r.AreaNodeId, AreaPath = r.AreaPath, State = OrderState.Open, CreatedAt = now.AddDays(-i),
            };
            var helper = volunteers.FirstOrDefault(v => v.Verified && v.Id != requester.Id && v.SkillCodes.Contains(order.SkillCode));
            if (i >= 2 && helper is not null)
            {
                (order.State, order.VolunteerId, order.VolunteerName, order.ClaimedAt) = (OrderState.Claimed, helper.Id, helper.Name, now.AddDays(-i).AddHours(2));
                if (i == 3)
                {
                    (order.State, order.DoneAt, order.Minutes, order.Rating) = (OrderState.Done, now.AddDays(-i).AddHours(26), 60, 5);
                    helper.MinutesServed += 60;
                }
            }
            db.ServiceOrders.Add(order);
        }
        await db.SaveChangesAsync(ct);
        // The done and rated order earned its helper points, as rating it in the app does.
        var orderPoints = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Pool.VolunteersOptions>>().Value.OrderPoints;
        foreach (var done in await db.ServiceOrders.Where(o => o.State == OrderState.Done && o.Rating != null && o.Points == null && o.VolunteerId != null).ToListAsync(ct))
        {
            var helper = volunteers.First(v => v.Id == done.VolunteerId);
            if (ledger is not null && orderPoints > 0)
                done.Points = (await ledger.EarnAsync(new PointsEarning(new PointsHolder(helper.Id, helper.Name, helper.AreaNodeId, helper.UserId), orderPoints,
                    "服务订单：" + done.Description, "order", done.Id.ToString(), $"order:{done.Id}:volunteer:{helper.Id}"), ct)).Points;
        }
        await db.SaveChangesAsync(ct);
    }
}
