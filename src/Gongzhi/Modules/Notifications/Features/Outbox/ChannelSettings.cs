using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Senders;

namespace Gongzhi.Modules.Notifications.Features.Outbox;

/// <summary>One channel as configured: who sends, whether a repeat is safe, the provider's limit, what cannot work.</summary>
public sealed record ChannelStatus(DeliveryChannel Channel, string Sender, bool Idempotent, string? RateLimit, IReadOnlyList<string> Problems);

/// <summary>
/// Checks every channel's settings without calling a provider: at start-up (each problem is logged, and the app starts
/// anyway: a channel that cannot work leaves its deliveries failing visibly, not the app down) and on the outbox page.
/// </summary>
public sealed class ChannelSettings(IEnumerable<IChannelSender> senders)
{
    public IReadOnlyList<ChannelStatus> Check() => senders
        .GroupBy(s => s.Channel).Select(g => g.Last()) // the last registration of a channel is the one the dispatcher uses
        .OrderBy(s => s.Channel)
        .Select(s => new ChannelStatus(s.Channel, s.Describe(), s.Idempotent, Describe(s.Limit(Sample(s.Channel))), Problems(s)))
        .ToList();

    private static IReadOnlyList<string> Problems(IChannelSender sender)
    {
        try { return sender.SettingsProblems(); }
        catch (Exception ex) { return [ex.GetType().Name + ": " + ex.Message]; }
    }

    private static ChannelMessage Sample(DeliveryChannel channel) => new(0, channel == DeliveryChannel.WeCom ? "robot" : "", "", "", null, "", "");

    private static string? Describe(RateLimit? limit) => limit switch
    {
        null => null,
        _ when limit.Key.StartsWith("wecom:", StringComparison.Ordinal) => $"{limit.Count} / {Span(limit.Per)} per robot",
        _ => $"{limit.Count} / {Span(limit.Per)}",
    };

    private static string Span(TimeSpan per) => per == TimeSpan.FromSeconds(1) ? "s" : per == TimeSpan.FromMinutes(1) ? "min" : per.ToString();
}

/// <summary>Logs at start-up what in the channels' settings cannot work.</summary>
public sealed class ChannelSettingsCheck(ChannelSettings settings, ILogger<ChannelSettingsCheck> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var channel in settings.Check())
        {
            if (channel.Problems.Count == 0) log.LogInformation("Channel {Channel}: {Sender}.", channel.Channel, channel.Sender);
            foreach (var problem in channel.Problems)
                log.LogWarning("Channel {Channel} ({Sender}) cannot work: {Problem} Its messages fail until the setting is corrected.", channel.Channel, channel.Sender, problem);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
