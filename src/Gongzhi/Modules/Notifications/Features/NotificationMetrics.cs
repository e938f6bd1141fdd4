using System.Diagnostics.Metrics;
using Gongzhi.Infrastructure.Metrics;
using Gongzhi.Modules.Notifications.Domain;

namespace Gongzhi.Modules.Notifications.Features;

/// <summary>The outbox's instruments on Gongzhi's meter (exported at /metrics as <c>gongzhi_outbox_*</c>).</summary>
public sealed class NotificationMetrics
{
    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _dead;
    private readonly Histogram<double> _latency;
    private readonly UpDownCounter<long> _depth;
    private readonly Dictionary<(DeliveryChannel, DeliveryState), long> _lastDepth = [];

    // The meter comes from the host's factory, which owns and disposes it: a meter created with `new` would be seen by
    // every host in the process, and disposing one would stop the others' streams of the same name.
    public NotificationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(GongzhiMetrics.MeterName);
        _enqueued = meter.CreateCounter<long>("gongzhi.outbox.enqueued", description: "Deliveries added to the outbox, per channel.");
        _attempts = meter.CreateCounter<long>("gongzhi.outbox.attempts", description: "Provider calls, per channel.");
        _failures = meter.CreateCounter<long>("gongzhi.outbox.failures", description: "Failed provider calls, per channel.");
        _sent = meter.CreateCounter<long>("gongzhi.outbox.sent", description: "Deliveries sent, per channel.");
        _dead = meter.CreateCounter<long>("gongzhi.outbox.dead", description: "Deliveries given up, per channel.");
        _depth = meter.CreateUpDownCounter<long>("gongzhi.outbox.queue.depth", description: "Deliveries queued, being sent and dead, per channel and state (refreshed by each node's dispatcher).");
        _latency = meter.CreateHistogram<double>("gongzhi.outbox.send.duration", unit: "s", description: "Duration of provider calls, per channel.");
    }

    private static KeyValuePair<string, object?> Tag(DeliveryChannel channel) => new("channel", channel.ToString().ToLowerInvariant());

    public void Enqueued(DeliveryChannel channel) => _enqueued.Add(1, Tag(channel));
    public void Attempted(DeliveryChannel channel, double seconds, bool ok)
    {
        _attempts.Add(1, Tag(channel));
        _latency.Record(seconds, Tag(channel));
        if (!ok) _failures.Add(1, Tag(channel));
    }
    public void Sent(DeliveryChannel channel) => _sent.Add(1, Tag(channel));
    public void Dead(DeliveryChannel channel) => _dead.Add(1, Tag(channel));

    /// <summary>Sets the depth gauges to the counts given (missing pairs are zero).</summary>
    public void SetDepth(IReadOnlyDictionary<(DeliveryChannel Channel, DeliveryState State), long> counts)
    {
        lock (_lastDepth)
        {
            foreach (var channel in Enum.GetValues<DeliveryChannel>().Where(c => c != DeliveryChannel.InApp))
                foreach (var state in new[] { DeliveryState.Queued, DeliveryState.Sending, DeliveryState.Dead })
                {
                    var now = counts.GetValueOrDefault((channel, state));
                    var delta = now - _lastDepth.GetValueOrDefault((channel, state));
                    _lastDepth[(channel, state)] = now;
                    _depth.Add(delta, Tag(channel), new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));
                }
        }
    }

}
