using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features.Enqueue;
using Gongzhi.Modules.Notifications.Features.Templates;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications.Features.Outbox;

public sealed record SelfTestInput(DeliveryChannel? Channel, string? To);

public sealed record SelfTestResult(DeliveryChannel Channel, string To, SendStatus Status, string? Response);

/// <summary>
/// "Send a test message" per channel: calls the configured sender at once (not through the outbox) and answers what
/// the provider said, so a setting that cannot work shows its message here instead of stopping anything.
/// </summary>
public sealed class ChannelSelfTest(IEnumerable<IChannelSender> senders, Gongzhi.Infrastructure.Database.GongzhiDb db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<SelfTestResult> RunAsync(SelfTestInput input, CancellationToken ct)
    {
        var to = input.To?.Trim() ?? "";
        var v = new Validation();
        v.Require(input.Channel is DeliveryChannel.Sms or DeliveryChannel.Email or DeliveryChannel.WeCom, "channel", l["Choose SMS, e-mail or WeCom."]);
        if (input.Channel == DeliveryChannel.Sms) v.Require(Notifier.IsMobile(to), "to", l["{0} is not a mobile phone number.", Masking.Phone(to)]);
        if (input.Channel == DeliveryChannel.Email) v.Require(to.Contains('@') && to.Length <= 200, "to", l["An e-mail address is required."]);
        if (input.Channel == DeliveryChannel.WeCom) v.Require(to.Length is > 0 and <= 100, "to", l["A robot name is required."]);
        v.ThrowIfInvalid();
        var channel = input.Channel!.Value;
        var sender = senders.LastOrDefault(s => s.Channel == channel) ?? throw AppProblem.Conflict(l["No sender is configured for this channel."]);
        var kind = NotificationsModule.Test;
        var values = new Dictionary<string, string> { ["channel"] = channel.ToString(), ["time"] = clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'") };
        var message = new ChannelMessage(0, to, TemplateText.Render(kind.TitleZh, values), TemplateText.Render(kind.BodyZh, values), null, kind.Code, "self-test");
        SendResult result;
        try { result = await sender.SendAsync(message, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException) { result = new SendResult(SendStatus.Retry, ex.GetType().Name + ": " + ex.Message); }
        var shown = channel == DeliveryChannel.Sms ? Masking.Phone(to) : channel == DeliveryChannel.Email ? Notifier.MaskEmail(to) : to;
        audit.Record("notification.self-test", "Channel", channel.ToString(), $"{shown}: {result.Status}");
        await db.SaveChangesAsync(ct);
        return new SelfTestResult(channel, shown, result.Status, result.Response);
    }
}
