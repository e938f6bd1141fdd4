using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Gongzhi.Infrastructure.Metrics;

/// <summary>
/// Collects counters and histograms published through System.Diagnostics.Metrics (ASP.NET Core's own
/// <c>http.server.request.duration</c> and Gongzhi's meter) and writes them in the Prometheus text format.
/// OpenTelemetry's exporter is not obtainable here; this covers the two instrument kinds Gongzhi uses.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    public const string MeterName = "Gongzhi";
    private static readonly string[] Meters = ["Microsoft.AspNetCore.Hosting", MeterName];
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Series> _series = new();
    private readonly ConcurrentDictionary<string, (string Kind, string? Description)> _kinds = new();

    private sealed class Series
    {
        public double Sum;
        public long Count;
        public readonly long[] BucketCounts = new long[Buckets.Length];
    }

    public PrometheusMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!Meters.Contains(instrument.Meter.Name)) return;
            _kinds[PromName(instrument)] = (Kind(instrument), instrument.Description);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new StringBuilder();
        foreach (var tag in tags)
        {
            if (labels.Length > 0) labels.Append(',');
            labels.Append(tag.Key.Replace('.', '_')).Append("=\"").Append(Escape(tag.Value?.ToString() ?? "")).Append('"');
        }
        var series = _series.GetOrAdd((PromName(instrument), labels.ToString()), _ => new Series());
        lock (series)
        {
            series.Count++;
            series.Sum += value;
            if (instrument is Histogram<double>)
                for (var b = 0; b < Buckets.Length; b++)
                    if (value <= Buckets[b]) series.BucketCounts[b]++;
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        foreach (var group in _series.GroupBy(s => s.Key.Name).OrderBy(g => g.Key))
        {
            var (kind, description) = _kinds.GetValueOrDefault(group.Key, ("counter", null));
            if (description is not null) text.Append("# HELP ").Append(group.Key).Append(' ').Append(description).Append('\n');
            text.Append("# TYPE ").Append(group.Key).Append(' ').Append(kind).Append('\n');
            foreach (var (key, series) in group.OrderBy(s => s.Key.Labels))
            {
                lock (series)
                {
                    if (kind == "histogram")
                    {
                        for (var b = 0; b < Buckets.Length; b++)
                            Line(text, group.Key + "_bucket", Join(key.Labels, $"le=\"{Buckets[b].ToString(CultureInfo.InvariantCulture)}\""), series.BucketCounts[b]);
                        Line(text, group.Key + "_bucket", Join(key.Labels, "le=\"+Inf\""), series.Count);
                        Line(text, group.Key + "_sum", key.Labels, series.Sum);
                        Line(text, group.Key + "_count", key.Labels, series.Count);
                    }
                    else
                    {
                        Line(text, group.Key, key.Labels, series.Sum);
                    }
                }
            }
        }
        return text.ToString();
    }

    /// <summary><c>http.server.request.duration</c> in seconds → <c>http_server_request_duration_seconds</c>.</summary>
    internal static string PromName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        if (instrument.Unit == "s" && !name.EndsWith("_seconds")) name += "_seconds";
        if (instrument is Counter<long> or Counter<int> or Counter<double> && !name.EndsWith("_total")) name += "_total";
        return name;
    }

    /// <summary>Counters only go up; up-down counters (active requests) are gauges in Prometheus terms.</summary>
    internal static string Kind(Instrument instrument) => instrument switch
    {
        Histogram<double> => "histogram",
        UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> => "gauge",
        _ => "counter",
    };

    private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels.Length > 0 ? "{" + labels + "}" : "").Append(' ')
            .Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    public void Dispose() => _listener.Dispose();
}
