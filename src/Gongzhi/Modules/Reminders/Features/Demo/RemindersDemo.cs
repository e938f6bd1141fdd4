using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Reminders.Contracts;
using Gongzhi.Modules.Reminders.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Reminders.Features.Demo;

/// <summary>
/// Due items of several kinds in 南门社区's demo grids, some coming up, some due today, some overdue (one past its
/// escalation), so the list, the home counts and the grid workers' today page have something in them. Idempotent.
/// </summary>
internal static class RemindersDemo
{
    private static readonly (string Grid, DueKind Kind, string Title, int DaysFromToday, string? Owner)[] Items =
    [
        ("370811012007-W01", DueKind.FireExtinguisher, "3号楼楼道灭火器年检", 5, "grid1"),
        ("370811012007-W01", DueKind.HealthCertificate, "好邻居便利店店员健康证到期", 25, null),
        ("370811012007-W01", DueKind.MerchantLicence, "老王修车铺营业执照年报", -4, "grid1"),
        ("370811012007-W01", DueKind.FacilityInspection, "小区消防栓季度检查", 0, "grid1"),
        ("370811012007-W01", DueKind.AllowanceVerification, "高龄津贴年度资格认证（第一网格）", 60, null),
        ("370811012007-W02", DueKind.FireExtinguisher, "社区活动室灭火器更换", -12, "grid2"),
        ("370811012007-W02", DueKind.FacilityInspection, "电动车集中充电棚安全检查", 12, "grid2"),
        ("370811012007-W02", DueKind.Other, "老旧小区加装电梯维保合同续签", 40, null),
    ];

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.DueItems.AnyAsync(e => e.SourceKey == null, ct)) return;
        var areas = sp.GetRequiredService<IAreaDirectory>();
        var accounts = sp.GetRequiredService<IAccountDirectory>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = BeijingTime.Date(now);
        foreach (var (gridCode, kind, title, days, owner) in Items)
        {
            if (await areas.FindAsync(gridCode, ct) is not { } grid) continue; // not the demo tree
            var staff = owner is null ? null : await accounts.StaffAsync(owner, ct);
            db.DueItems.Add(new DueItem
            {
                Kind = kind, Title = title, AreaNodeId = grid.Id, AreaPath = grid.Path, DueOn = today.AddDays(days),
                OwnerUserId = staff?.UserId, OwnerRole = staff is null ? Roles.Grid : null,
                DaysBefore = "30,7", OnTheDay = true, OverdueEveryDays = 7, EscalateAfterDays = 7, CreatedAt = now, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
