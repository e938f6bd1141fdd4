using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Notifications.Features;

/// <summary>A few messages in every account's inbox (idempotent through the deduplication keys).</summary>
internal static class DemoInbox
{
    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.Notifications.AnyAsync(n => n.DedupKey.StartsWith("demo:"), ct)) return;
        var notifier = sp.GetRequiredService<INotifier>();
        foreach (var account in await sp.GetRequiredService<IAccountDirectory>().AllAsync(ct))
        {
            var to = new Recipient[] { new Recipient.Account(account.UserId) };
            await notifier.EnqueueAsync(new OutgoingMessage(NotificationsModule.Welcome.Code, "demo:welcome", to,
                new Dictionary<string, string> { ["name"] = string.IsNullOrWhiteSpace(account.DisplayName) ? account.UserName : account.DisplayName, ["app"] = "共治" }, Link: "/inbox"), ct);
            await notifier.EnqueueAsync(new OutgoingMessage(NotificationsModule.Notice.Code, "demo:notice-1", to,
                new Dictionary<string, string> { ["title"] = "冬季消防安全提示", ["text"] = "天气转冷，请检查楼道消防通道，不要在楼道内给电动自行车充电。" }), ct);
            await notifier.EnqueueAsync(new OutgoingMessage(NotificationsModule.Notice.Code, "demo:notice-2", to,
                new Dictionary<string, string> { ["title"] = "本周五社区议事会", ["text"] = "本周五下午三点在社区党群服务中心召开议事会，欢迎参加。" }, Link: "/"), ct);
        }
        await db.SaveChangesAsync(ct);
    }
}
