using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Notifications.Features;

/// <summary>The nightly job: read in-app messages older than 180 days go (deliveries and attempts with them), as do job runs older than 90 days.</summary>
internal static class Cleanup
{
    public static async Task RunAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var messagesBefore = now.AddDays(-180);
        var runsBefore = now.AddDays(-90);
        var old = db.Notifications.Where(n => n.ReadAt != null && n.CreatedAt < messagesBefore
                                              && n.Deliveries.All(d => d.State == Domain.DeliveryState.Sent || d.State == Domain.DeliveryState.Dead || d.State == Domain.DeliveryState.Cancelled));
        await db.DeliveryAttempts.Where(a => old.SelectMany(n => n.Deliveries).Any(d => d.Id == a.DeliveryId)).ExecuteDeleteAsync(ct);
        await db.NotificationDeliveries.Where(d => old.Any(n => n.Id == d.NotificationId)).ExecuteDeleteAsync(ct);
        await old.ExecuteDeleteAsync(ct);
        await db.JobRuns.Where(r => r.FinishedAt != null && r.StartedAt < runsBefore).ExecuteDeleteAsync(ct);
    }
}
