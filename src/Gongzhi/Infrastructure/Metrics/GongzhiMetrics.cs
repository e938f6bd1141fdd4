using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Gongzhi.Infrastructure.Metrics;

/// <summary>
/// Gongzhi's meter. Modules create their instruments on it through <see cref="IMeterFactory"/>
/// (<c>gongzhi.outbox.sent</c> …); OpenTelemetry exports it, with ASP.NET Core's, HttpClient's and the runtime's, in
/// the Prometheus text format at <c>/metrics</c> (<c>gongzhi_outbox_sent_total</c> …).
/// </summary>
public static class GongzhiMetrics
{
    public const string MeterName = "Gongzhi";
}

/// <summary>
/// One meter per name, version and tags for the whole process, never disposed: the host's <see cref="IMeterFactory"/>.
/// </summary>
/// <remarks>
/// OpenTelemetry identifies a metric stream by meter and instrument name across every meter in the process, and when
/// any meter of that name is disposed it ends the stream for all of them (open-telemetry/opentelemetry-dotnet#6412).
/// A process runs one Gongzhi host in production, but tests and maintenance verbs start and stop further hosts beside
/// a running one; with per-host meters each stop silenced the others' <c>/metrics</c>. Sharing the meters (and so
/// the instruments) process-wide keeps every host's streams alive; the meters hold no state of a host. Their owners
/// (ASP.NET Core's hosting metrics among them) still dispose them when a host stops, so disposing one does nothing.
/// </remarks>
public sealed class ProcessMeterFactory : IMeterFactory
{
    public static readonly ProcessMeterFactory Instance = new();
    private readonly ConcurrentDictionary<string, Meter> _meters = new();

    private ProcessMeterFactory() { }

    public Meter Create(MeterOptions options)
    {
        var tags = options.Tags is null ? "" : string.Join(",", options.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
        return _meters.GetOrAdd($"{options.Name}|{options.Version}|{tags}",
            _ => new ProcessMeter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this }));
    }

    private sealed class ProcessMeter(MeterOptions options) : Meter(options)
    {
        protected override void Dispose(bool disposing) { } // see the remarks on ProcessMeterFactory
    }

    /// <summary>Nothing: the meters live as long as the process (see remarks).</summary>
    public void Dispose() { }
}
