using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Modules.Notices.Features.Publishing;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Notices;

/// <summary>
/// Three notices of 南门社区: two published in-app (so the demo's outbox holds no SMS nobody asked for) and one
/// scheduled for three days on, for the job. Idempotent.
/// </summary>
internal static class NoticesDemo
{
    private const string Community = "370811012007";

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.Notices.AnyAsync(ct)) return;
        if (await sp.GetRequiredService<IAreaDirectory>().FindAsync(Community, ct) is not { } node) return;
        var service = sp.GetRequiredService<NoticeService>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        Notice Make(string title, string body, NoticeUrgency urgency, string? tags, int? minAge, DateTimeOffset at) => new()
        {
            Title = title, Body = body, Urgency = urgency, Channels = NoticeChannels.InApp, AreaCodes = Community, Tags = tags, MinAge = minAge,
            AreaNodeId = node.Id, AreaPath = node.Path, State = NoticeState.Scheduled, PublishAt = at, CreatedBy = "community", CreatedAt = now.AddDays(-2),
        };
        var published = new[]
        {
            Make("关于小区二次供水设施清洗的通知", "各位居民：\n本周六上午8:00至12:00，玉苑小区进行二次供水水箱清洗消毒，届时将暂停供水，请提前储水。\n给您带来的不便，敬请谅解。\n南门社区居委会",
                NoticeUrgency.Important, null, null, now.AddDays(-2)),
            Make("高龄老人免费健康体检通知", "社区卫生服务站为辖区65周岁及以上老年人提供免费健康体检，请携带身份证于下周一至周五上午空腹前往。\n咨询电话：0537-2345678",
                NoticeUrgency.Normal, null, 65, now.AddDays(-1)),
        };
        db.Notices.AddRange(published);
        db.Notices.Add(Make("冬季消防安全提示", "天干物燥，请勿在楼道内堆放杂物、为电动车充电；发现火情请立即拨打119。", NoticeUrgency.Normal, null, null, now.AddDays(3)));
        await db.SaveChangesAsync(ct);
        foreach (var n in published) await service.PublishAsync(n, ct);
    }
}
