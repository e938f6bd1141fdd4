using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Policies.Domain;
using Gongzhi.Modules.Policies.Features.Rules;
using Gongzhi.Modules.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Policies;

/// <summary>
/// Shandong policies of the kind the seeds describe, for 任城区 and 济阳街道, with enrolments: most of those who
/// qualify, some not yet (the 政策找人 list), and a few enrolled who no longer qualify (to review). Idempotent.
/// </summary>
internal static class PoliciesDemo
{
    private sealed record DemoPolicy(string Name, string Department, string AreaCode, string Rule, string Benefit, string LegalBasis, string Description, string Lead, double Enrolled);

    private static readonly DemoPolicy[] All =
    [
        new("高龄津贴", "任城区民政局", "370811", "age >= 80 and residency = 户籍 and not tag 已故",
            "80至89周岁每人每月100元，90至99周岁每人每月200元，100周岁及以上每人每月300元，按月发放至社保卡",
            "《山东省老年人权益保障条例》；《济宁市高龄津贴发放管理办法》",
            "具有本区户籍、年满80周岁的老年人，按年龄段享受高龄津贴；每年进行一次生存认证。", "30,7", 0.7),
        new("残疾人两项补贴", "任城区残疾人联合会", "370811", "标签 残疾 且 (标签 低保 或 残疾等级 <= 2)",
            "困难残疾人生活补贴每人每月不低于80元；一、二级重度残疾人护理补贴每人每月不低于100元",
            "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
            "低保家庭中的残疾人享受生活补贴；残疾等级为一、二级的重度残疾人享受护理补贴。", "", 0.5),
        new("城乡居民医保参保补助", "任城区医疗保障局", "370811", "户籍类型 = 户籍 且 (标签 低保 或 标签 低收入 或 标签 残疾)",
            "城乡居民基本医疗保险个人缴费部分给予全额或定额资助",
            "《山东省医疗保障局等部门关于做好困难群众参加城乡居民基本医疗保险资助工作的通知》",
            "特困人员全额资助，低保对象、低收入人口和重度残疾人定额资助。", "", 0.6),
        new("独居老人关爱", "济阳街道办事处", "370811012", "age >= 70 and (living_alone or tag 独居)",
            "纳入“三三探访”关爱名单，网格员每周至少上门探访一次，提供“窗帘之约”每日平安确认",
            "《山东省养老服务条例》；兖州“三三探访”工作机制",
            "70周岁以上独居老人纳入社区关爱名单，定期探访。", "7", 0.4),
        new("低保年度复核", "任城区民政局", "370811", "tag 低保",
            "城乡居民最低生活保障金按月发放；年度复核家庭收入和财产状况",
            "《社会救助暂行办法》；《山东省最低生活保障办法》",
            "对在保家庭每年复核一次，不再符合条件的及时停保。", "", 0.9),
    ];

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.Policies.AnyAsync(ct)) return;
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var selector = sp.GetRequiredService<IResidentSelector>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var config = sp.GetRequiredService<IConfiguration>();
        var random = new Random(config.GetValue("Demo:RandomSeed", 20261122) + 11);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var street = await areas.FindAsync("370811012", ct);
        if (street is null) return; // not the demo tree
        foreach (var d in All)
        {
            var area = await areas.FindAsync(d.AreaCode, ct);
            if (area is null) continue;
            var policy = new Policy
            {
                Name = d.Name, Department = d.Department, AreaNodeId = area.Id, AreaPath = area.Path, Rule = d.Rule, Benefit = d.Benefit,
                LegalBasis = d.LegalBasis, Description = d.Description, ReminderLeadTimes = d.Lead, CreatedAt = now, UpdatedAt = now,
            };
            db.Policies.Add(policy);
            await db.SaveChangesAsync(ct);
            var qualified = await (await selector.SelectAsync(RuleCompiler.Compile(RuleParser.Parse(d.Rule)), today, street.Path, ct)).Ids.ToListAsync(ct);
            // Every n-th person who qualifies is left out, spread over every community: the 政策找人 list is never empty.
            var share = (int)Math.Round(d.Enrolled * 10);
            foreach (var id in qualified.Order().Where((_, i) => i % 10 < share))
            {
                var imported = random.NextDouble() < 0.6;
                db.PolicyEnrolments.Add(new PolicyEnrolment
                {
                    PolicyId = policy.Id, ResidentId = id, EnrolledOn = today.AddDays(-random.Next(30, 1500)),
                    Source = imported ? EnrolmentSource.Import : EnrolmentSource.Manual, SourceNote = imported ? $"{d.Department}发放名单.xlsx" : null,
                    RecordedBy = "demo", RecordedAt = now,
                });
            }
            // A few enrolled who no longer qualify, in 南门社区 where the demo accounts work: the review list.
            var nanmen = await areas.FindAsync("370811012007", ct);
            var others = await (await selector.SelectAsync(new ResidentCriterion.Age(CriterionOperator.Less, 60), today, nanmen?.Path ?? street.Path, ct)).Ids.OrderBy(i => i).Take(200).ToListAsync(ct);
            foreach (var id in others.Where(id => !qualified.Contains(id)).OrderBy(_ => random.Next()).Take(2))
                db.PolicyEnrolments.Add(new PolicyEnrolment
                {
                    PolicyId = policy.Id, ResidentId = id, EnrolledOn = today.AddDays(-random.Next(400, 1500)), Source = EnrolmentSource.Manual,
                    SourceNote = "历史名单", RecordedBy = "demo", RecordedAt = now,
                });
            await db.SaveChangesAsync(ct);
        }
        // The nightly 双提醒 once now, so the grid workers' /today lists and the residents' pages show reminders at once.
        await ActivatorUtilities.CreateInstance<Features.Reminders.PolicyReminders>(sp).RunAsync(null, ct);
    }
}
