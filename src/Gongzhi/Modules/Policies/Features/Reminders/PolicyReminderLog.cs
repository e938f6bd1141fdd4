using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Notifications.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Policies.Features.Reminders;

/// <summary>How far the resident's SMS got (the outbox's report for its key).</summary>
public enum SmsState { NoPhone, Pending, Sent, Failed, Cancelled }

public sealed record PolicyReminderView(long PolicyId, string PolicyName, int LeadDays, DateOnly EligibleOn, DateTimeOffset SentAt, SmsState Sms);

/// <summary>
/// The 双提醒 sent for one resident, for the registry's resident page. Rows are area-scoped by the resident's node, so
/// the caller sees them only when the resident is in their reach; delivery comes from the outbox through
/// <see cref="IDeliveryTracking"/>, never from its tables.
/// </summary>
public sealed class PolicyReminderLog(GongzhiDb db, IDeliveryTracking delivery)
{
    public async Task<IReadOnlyList<PolicyReminderView>> ForResidentAsync(long residentId, CancellationToken ct)
    {
        var rows = await db.PolicyReminders.AsNoTracking().Where(r => r.ResidentId == residentId)
            .Join(db.Policies, r => r.PolicyId, p => p.Id, (r, p) => new { r.PolicyId, p.Name, r.LeadDays, r.EligibleOn, r.SentAt, r.SmsKey })
            .ToListAsync(ct);
        var views = new List<PolicyReminderView>();
        foreach (var r in rows.OrderByDescending(r => r.SentAt).ThenBy(r => r.LeadDays))
            views.Add(new PolicyReminderView(r.PolicyId, r.Name, r.LeadDays, r.EligibleOn, r.SentAt, r.SmsKey is null ? SmsState.NoPhone : await SmsAsync(r.SmsKey, ct)));
        return views;
    }

    private async Task<SmsState> SmsAsync(string key, CancellationToken ct)
    {
        var sms = (await delivery.ReportAsync(key, ct)).FirstOrDefault(c => c.Channel == Channels.Sms);
        return sms switch
        {
            null => SmsState.NoPhone, // refused at enqueue (not a mobile number): nothing was queued
            { Sent: > 0 } => SmsState.Sent,
            { Pending: > 0 } => SmsState.Pending,
            { Failed: > 0 } => SmsState.Failed,
            _ => SmsState.Cancelled,
        };
    }
}
