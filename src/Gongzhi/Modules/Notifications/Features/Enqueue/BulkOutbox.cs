using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Notifications.Domain;

namespace Gongzhi.Modules.Notifications.Features.Enqueue;

/// <summary>
/// Writes many notifications and their deliveries without the change tracker (<see cref="BulkInsert"/>), inside the
/// transaction of the save that commits their cause (see <see cref="GongzhiDb.WithNextSave"/>). EF would send two round
/// trips' worth of <c>INSERT … RETURNING</c> per ~40 rows and track 200,000 entities for a street-wide notice. Ids are
/// taken up front so deliveries can name their notification.
/// </summary>
internal static class BulkOutbox
{
    public static async Task WriteAsync(GongzhiDb db, IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        if (notifications.Count == 0) return;
        var deliveries = notifications.SelectMany(n => n.Deliveries).ToList();
        var nIds = await BulkInsert.TakeIdsAsync(db, "notifications", notifications.Count, ct);
        var dIds = await BulkInsert.TakeIdsAsync(db, "notification_deliveries", deliveries.Count, ct);
        for (var i = 0; i < notifications.Count; i++) notifications[i].Id = nIds[i];
        for (var i = 0; i < deliveries.Count; i++) deliveries[i].Id = dIds[i];
        foreach (var n in notifications) foreach (var d in n.Deliveries) d.NotificationId = n.Id;
        await BulkInsert.InsertAsync(db, notifications, ct);
        await BulkInsert.InsertAsync(db, deliveries, ct);
    }
}
