using System.Diagnostics;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Requests.Features.Demo;

/// <summary>
/// Four months of plausible requests across 济阳街道 (<c>Demo:Requests</c>, default 300): every category and channel,
/// every state, some whistled to departments, some overdue, some supervised, feedback and return visits, a few
/// 书记有约 sessions with their matters and a duplicate link. Built as domain objects with their timelines and saved in
/// one batch (the demo starts fast); reproducible from <c>Demo:RandomSeed</c>; does nothing when requests exist.
/// </summary>
internal static class RequestsDemo
{
    private const string StreetCode = "370811012";
    private const string NanmenCode = "370811012007";

    private static readonly Dictionary<string, string[]> Texts = new()
    {
        ["property.leak"] = ["楼上卫生间漏水，我家天花板一直滴水，墙皮已经脱落", "楼道水管破裂漏水，地面结冰，老人出行不安全", "屋顶防水层老化，下雨天顶楼卧室漏水", "暖气管道接口渗水，物业一直没来修"],
        ["property.elevator"] = ["电梯经常停在两层之间，家里有老人不敢坐", "电梯按钮失灵，已经坏了三天", "电梯运行时异响，担心安全"],
        ["property.fee"] = ["物业费上涨没有公示，居民意见很大", "物业保洁长期不到位，楼道无人打扫", "小区门禁坏了物业不维修"],
        ["sanitation.garbage"] = ["楼道堆放杂物和废旧家具，堵塞通道", "垃圾桶满了两天没人清运，气味很大", "小区门口建筑垃圾堆放多日未清理"],
        ["sanitation.greening"] = ["绿化带树木枝条遮挡窗户，影响采光", "草坪被改成菜地，希望恢复绿化"],
        ["parking.occupied"] = ["有车辆长期占用消防通道，救护车进不来", "外来车辆占用小区车位，业主停车难", "停车纠纷：邻居车辆挡住车库出口"],
        ["parking.charging"] = ["小区没有电动车充电桩，居民只能飞线充电", "充电桩损坏无法使用"],
        ["heating.cold"] = ["供暖不热，室内温度只有十四度", "暖气片上热下凉，家里老人孩子受冻", "整栋楼供暖不热，多户反映"],
        ["facilities.lighting"] = ["路灯不亮，晚上出行不安全", "小区主干道路灯坏了一排", "楼道感应灯不亮，老人上下楼摔倒过"],
        ["facilities.road"] = ["小区路面塌陷，下雨积水", "人行道地砖松动，容易绊倒"],
        ["dispute"] = ["噪音扰民：楼上深夜装修，影响休息", "邻居在楼道养狗，气味和噪音很大", "广场舞音量太大，噪音扰民", "邻居空调外机滴水到我家窗台"],
        ["safety.fire"] = ["楼道堆物堵塞消防通道", "消防栓被杂物遮挡"],
        ["safety.wires"] = ["有住户从楼上飞线给电动车充电，存在火灾隐患", "私拉电线晾晒衣物，存在安全隐患"],
        ["services"] = ["咨询高龄津贴办理流程", "独居老人需要上门助餐服务", "希望社区开设老年人智能手机课程"],
        ["other"] = ["建议小区增设休息座椅", "希望增加便民服务点"],
    };

    private static readonly string[] Names = ["张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马", "朱", "胡", "郭"];

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.Requests.IgnoreQueryFilters().AnyAsync(ct) || await db.SecretarySessions.IgnoreQueryFilters().AnyAsync(ct)) return;
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var street = await areas.FindAsync(StreetCode, ct);
        if (street is null) return; // not the demo tree
        var watch = Stopwatch.StartNew();
        var config = sp.GetRequiredService<IConfiguration>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var protector = sp.GetRequiredService<PersonalDataProtector>();
        var accounts = sp.GetRequiredService<IAccountDirectory>();
        var departments = await sp.GetRequiredService<IDepartmentDirectory>().ListActiveAsync(ct);
        var random = new Random(config.GetValue("Demo:RandomSeed", 20261122) + 9);
        var total = Math.Clamp(config.GetValue("Demo:Requests", 300), 0, 5000);

        // Places: the buildings under the street's compounds, each with its grid and community.
        var places = new List<(AreaRef Community, AreaRef Grid, AreaRef Compound, AreaRef Building)>();
        var communities = await areas.ChildrenAsync(street.Id, ct);
        foreach (var community in communities)
            foreach (var grid in await areas.ChildrenAsync(community.Id, ct))
                foreach (var compound in (await areas.ChildrenAsync(grid.Id, ct)).Where(n => n.Level == AreaLevel.Compound))
                    foreach (var building in (await areas.ChildrenAsync(compound.Id, ct)).Where(n => n.Level == AreaLevel.Building).Take(6))
                        places.Add((community, grid, compound, building));
        if (places.Count == 0) return;
        var nanmenPlaces = places.Where(p => p.Community.Code == NanmenCode).ToList();
        var staff = new Dictionary<string, StaffAccount>();
        foreach (var name in new[] { "street", "community", "grid1", "grid2" })
            if (await accounts.StaffAsync(name, ct) is { } s) staff[name] = s;
        var categories = await db.RequestCategories.AsNoTracking().Where(c => c.RetiredAt == null).ToListAsync(ct);
        var byCode = categories.ToDictionary(c => c.Code);
        var codes = Texts.Keys.Where(byCode.ContainsKey).ToArray();

        var now = clock.GetUtcNow();
        var sessions = new List<SecretarySession>();
        if (staff.TryGetValue("community", out var secretary))
        {
            var nanmen = communities.FirstOrDefault(c => c.Code == NanmenCode) ?? communities[0];
            for (var m = 3; m >= 0; m--)
            {
                var held = DateOnly.FromDateTime(now.AddMonths(-m).ToOffset(TimeSpan.FromHours(8)).DateTime);
                held = new DateOnly(held.Year, held.Month, Math.Min(10, held.Day));
                sessions.Add(new SecretarySession
                {
                    HeldOn = held, Place = "南门社区党群服务中心", SecretaryUserId = secretary.UserId, SecretaryName = secretary.DisplayName, AreaNodeId = nanmen.Id,
                    AreaPath = nanmen.Path, Notes = "每月十日书记有约，现场收集居民诉求。", CreatedAt = now, CreatedByUserId = secretary.UserId,
                });
            }
            db.SecretarySessions.AddRange(sessions);
            await db.SaveChangesAsync(ct);
        }

        var requests = new List<Request>();
        for (var i = 0; i < total; i++)
        {
            // The community of the seed reports (南门社区) gets a third of them, so its staff's lists are lively.
            var place = nanmenPlaces.Count > 0 && i % 3 == 0 ? nanmenPlaces[random.Next(nanmenPlaces.Count)] : places[random.Next(places.Count)];
            var code = codes[random.Next(codes.Length)];
            var category = byCode[code];
            var submitted = now.AddMinutes(-random.Next(30, 120 * 24 * 60));
            var channel = (RequestChannel)new[] { 1, 1, 1, 2, 3, 3, 4, 4, 6 }[random.Next(9)];
            SecretarySession? session = null;
            if (sessions.Count > 0 && place.Community.Code == NanmenCode && random.Next(8) == 0)
            {
                session = sessions[random.Next(sessions.Count)];
                channel = RequestChannel.SecretarySession;
                submitted = new DateTimeOffset(session.HeldOn.ToDateTime(new TimeOnly(9 + random.Next(3), random.Next(60))), TimeSpan.FromHours(8)).ToUniversalTime();
                if (submitted > now) submitted = now.AddHours(-1);
            }
            var phone = "13" + random.Next(100_000_000, 999_999_999);
            var r = new Request
            {
                TrackingCode = RequestFactory.NewTrackingCode(), Channel = channel, CategoryId = category.Id, AreaNodeId = place.Building.Id, AreaPath = place.Building.Path,
                Address = $"{place.Compound.Name}{place.Building.Name}", Description = Texts[code][random.Next(Texts[code].Length)],
                SubmitterName = channel == RequestChannel.Snapshot ? null : Names[random.Next(Names.Length)] + (random.Next(2) == 0 ? "先生" : "女士"),
                SubmittedAt = submitted, AcceptDueAt = submitted.AddHours(category.AcceptWithinHours), ResolveDueAt = submitted.AddHours(category.ResolveWithinHours),
                SessionId = session?.Id,
            };
            if (channel != RequestChannel.Snapshot)
            {
                r.SubmitterPhoneCipher = protector.Encrypt(phone);
                r.SubmitterPhoneHash = protector.LookupHash(phone);
                r.SubmitterPhoneMasked = Masking.Phone(phone);
            }
            var reporter = place.Community.Code == NanmenCode && staff.TryGetValue("community", out var c0) ? c0 : staff.GetValueOrDefault("street");
            r.CreatedByUserId = channel is RequestChannel.Window or RequestChannel.Phone or RequestChannel.SecretarySession or RequestChannel.Snapshot ? reporter?.UserId : null;
            Add(r, RequestEventKind.Submitted, submitted, "居民", null, channel.ToString());
            Walk(r, place, staff, departments, random, now);
            requests.Add(r);
        }
        // One batch; the graph is new, so change detection has nothing to find and is skipped.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Requests.AddRange(requests);
        await db.SaveChangesAsync(ct);

        // A few duplicates: a later open request of a category at a building that already has one.
        var links = requests.Where(r => r.IsOpen).GroupBy(r => (r.CategoryId, r.AreaNodeId)).Where(g => g.Count() > 1).Take(3)
            .Select(g => g.OrderBy(r => r.SubmittedAt).ToList())
            .Select(g => new RequestLink
            {
                RequestId = g[1].Id, OtherRequestId = g[0].Id, Reason = "同一楼栋同一问题，已有诉求在办", LinkedAt = g[1].SubmittedAt.AddHours(1),
                LinkedByUserId = staff.GetValueOrDefault("community")?.UserId, LinkedByName = staff.GetValueOrDefault("community")?.DisplayName ?? "社区",
            }).ToList();
        db.RequestLinks.AddRange(links);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gongzhi.Demo").LogInformation(
            "Demo requests: {Count} requests, {Sessions} sessions in {Elapsed} ms", requests.Count, sessions.Count, watch.ElapsedMilliseconds);
    }

    /// <summary>Takes the request along the loop as far as its age makes plausible, stamping each step with who and when.</summary>
    private static void Walk(Request r, (AreaRef Community, AreaRef Grid, AreaRef Compound, AreaRef Building) place, Dictionary<string, StaffAccount> staff,
        IReadOnlyList<DepartmentRef> departments, Random random, DateTimeOffset now)
    {
        var age = now - r.SubmittedAt;
        // Older requests are further along; a few are left behind, so that every state and some overdue ones show.
        var stage = random.Next(100) switch
        {
            < 4 => 0,
            < 8 => 1,
            < 12 => 2,
            < 18 => 3,
            < 25 => 4,
            < 33 => 5,
            _ => 6,
        };
        if (age < TimeSpan.FromDays(3)) stage = Math.Min(stage, random.Next(0, 5));
        var nanmen = place.Community.Code == NanmenCode;
        var acceptor = nanmen && staff.TryGetValue("community", out var c) ? c : staff.GetValueOrDefault("street");
        if (acceptor is null || stage == 0) { Overdue(r, now); return; }
        var name = Name(acceptor);
        var late = random.Next(10) == 0;
        var t = late ? r.AcceptDueAt.AddHours(random.Next(1, 12)) : r.SubmittedAt.AddMinutes(random.Next(5, (int)Math.Max(6, (r.AcceptDueAt - r.SubmittedAt).TotalMinutes)));
        if (t > now) { Overdue(r, now); return; }
        r.Status = RequestStatus.Accepted;
        r.AcceptedAt = t;
        r.FirstResponsibleUserId = r.HandlerUserId = acceptor.UserId;
        r.FirstResponsibleName = r.HandlerName = name;
        if (late) { r.AcceptOverdueAt = r.AcceptDueAt; r.OverdueMinutes = (int)(t - r.AcceptDueAt).TotalMinutes; }
        Add(r, RequestEventKind.Accepted, t, name, acceptor.UserId, null);
        if (stage == 1) { Overdue(r, now); return; }

        // Dispatch: to the grid worker in 南门, to a department for department-level matters, else the acceptor keeps it.
        t = t.AddHours(random.Next(1, 6));
        var whistle = random.Next(6) == 0 && departments.Count > 0;
        if (nanmen && staff.TryGetValue(place.Grid.Code.EndsWith("-W02") ? "grid2" : "grid1", out var worker) && random.Next(2) == 0)
        {
            r.Status = RequestStatus.Assigned;
            r.AssignedAt = t;
            r.HandlerUserId = worker.UserId;
            r.HandlerName = Name(worker);
            Add(r, RequestEventKind.Assigned, t, name, acceptor.UserId, r.HandlerName, "请尽快上门查看");
        }
        else if (random.Next(8) == 0 && departments.Count > 0)
        {
            var d = departments[random.Next(departments.Count)];
            r.Status = RequestStatus.Assigned;
            r.AssignedAt = t;
            r.HandlerUserId = null;
            r.HandlerDepartmentId = d.Id;
            r.HandlerName = d.Name;
            Add(r, RequestEventKind.Assigned, t, name, acceptor.UserId, d.Name, "涉及部门职责，请协助办理");
        }
        if (whistle)
        {
            var d = departments[random.Next(departments.Count)];
            var reported = random.Next(5) != 0;
            r.Whistles.Add(new RequestWhistle
            {
                DepartmentId = d.Id, DepartmentName = d.Name, Reason = "问题涉及多个部门，需联合处置", WhistledAt = t, WhistledByUserId = acceptor.UserId, WhistledByName = name,
                ReportDueAt = t.AddHours(24), ReportedAt = reported ? t.AddHours(random.Next(1, 30)) : null, ReportedByName = reported ? d.Name : null,
                ActedAt = reported ? t.AddHours(40) : null, ActedByName = reported ? d.Name : null, ActionNote = reported ? "已派员到现场联合处置" : null,
            });
            Add(r, RequestEventKind.Whistled, t, name, acceptor.UserId, d.Name, "问题涉及多个部门，需联合处置");
        }
        if (stage == 2) { Overdue(r, now); Supervise(r, staff, random, t); return; }

        t = t.AddHours(random.Next(1, 12));
        if (t > now) { Overdue(r, now); return; }
        r.Status = RequestStatus.InProgress;
        r.StartedAt = t;
        Add(r, RequestEventKind.Started, t, r.HandlerName ?? name, r.HandlerUserId, null);
        if (stage == 3) { Overdue(r, now); Supervise(r, staff, random, t); return; }

        var resolveLate = random.Next(8) == 0;
        t = resolveLate ? r.ResolveDueAt.AddHours(random.Next(2, 48)) : r.SubmittedAt.AddMinutes(random.Next(60, (int)Math.Max(61, (r.ResolveDueAt - r.SubmittedAt).TotalMinutes)));
        if (t <= r.StartedAt) t = r.StartedAt.Value.AddHours(1);
        if (t > now) { Overdue(r, now); return; }
        Resolve(r, t, name);
        if (resolveLate) { r.ResolveOverdueAt = r.ResolveDueAt; r.OverdueMinutes += (int)(t - r.ResolveDueAt).TotalMinutes; }
        if (stage == 4) return;

        // Feedback: mostly satisfied; one in eight not, which reopens it and is then resolved again.
        t = t.AddHours(random.Next(2, 48));
        if (t > now) return;
        if (random.Next(8) == 0)
        {
            r.FeedbackAt = t;
            r.Satisfied = false;
            r.SatisfactionScore = random.Next(1, 3);
            r.ReopenCount = 1;
            r.Status = RequestStatus.InProgress;
            r.ResolvedAt = null;
            Add(r, RequestEventKind.Feedback, t, name, null, $"not satisfied ({r.SatisfactionScore}/5)", "问题没有彻底解决");
            Add(r, RequestEventKind.Reopened, t, name, null, null, "问题没有彻底解决");
            t = t.AddHours(random.Next(4, 30));
            if (t > now) return;
            Resolve(r, t, name);
            t = t.AddHours(random.Next(2, 24));
            if (t > now) return;
        }
        r.FeedbackAt = t;
        r.Satisfied = true;
        r.SatisfactionScore = random.Next(100) < 70 ? 5 : 4;
        r.Status = RequestStatus.AwaitingReturnVisit;
        Add(r, RequestEventKind.Feedback, t, name, null, $"satisfied ({r.SatisfactionScore}/5)", null);
        if (stage == 5) return;
        t = t.AddHours(random.Next(4, 72));
        if (t > now) return;
        r.ReturnVisitAt = r.ClosedAt = t;
        r.Status = RequestStatus.Closed;
        Add(r, RequestEventKind.ReturnVisit, t, name, acceptor.UserId, null, "电话回访，居民表示满意");
        Add(r, RequestEventKind.Closed, t, name, acceptor.UserId, null, null);
    }

    private static void Resolve(Request r, DateTimeOffset t, string name)
    {
        r.Status = RequestStatus.Resolved;
        r.ResolvedAt = t;
        r.ResolutionNote = "已到现场处理完毕，并向居民说明情况";
        Add(r, RequestEventKind.Resolved, t, r.HandlerName ?? name, r.HandlerUserId, null, r.ResolutionNote);
    }

    /// <summary>A request left open past its deadline carries the marks the SLA job would have set.</summary>
    private static void Overdue(Request r, DateTimeOffset now)
    {
        if (r.Status == RequestStatus.Submitted && r.AcceptDueAt < now)
        {
            r.AcceptOverdueAt = r.AcceptDueAt;
            Add(r, RequestEventKind.Overdue, r.AcceptDueAt, "system", null, null, "accept");
        }
        if (r.Status <= RequestStatus.InProgress && r.ResolveDueAt < now)
        {
            r.ResolveOverdueAt = r.ResolveDueAt;
            Add(r, RequestEventKind.Overdue, r.ResolveDueAt, "system", null, null, "resolve");
        }
        r.OverdueMinutes = Sla.RequestSla.OverdueMinutes(r, now);
    }

    /// <summary>Street staff supervise (督办) a third of what is stuck.</summary>
    private static void Supervise(Request r, Dictionary<string, StaffAccount> staff, Random random, DateTimeOffset after)
    {
        if (r.ResolveOverdueAt is null || random.Next(3) != 0 || !staff.TryGetValue("street", out var street)) return;
        var at = r.ResolveDueAt > after ? r.ResolveDueAt : after;
        r.SupervisedAt = at.AddHours(2);
        r.SupervisedByName = Name(street);
        r.SupervisionNote = "超期未办结，请加快办理并反馈进展";
        Add(r, RequestEventKind.Supervised, r.SupervisedAt.Value, r.SupervisedByName, street.UserId, null, r.SupervisionNote);
    }

    private static string Name(StaffAccount s) => s.DisplayName.Length > 0 ? s.DisplayName : s.UserName;

    private static void Add(Request r, RequestEventKind kind, DateTimeOffset at, string actor, string? actorId, string? target, string? note = null) =>
        r.Events.Add(new RequestEvent { At = at, Kind = kind, ActorName = actor, ActorUserId = actorId, Target = target, Note = note });
}
