namespace Gongzhi.Infrastructure.Metrics;

/// <summary>
/// Gongzhi's meter. Modules create their instruments on it (<c>gongzhi.outbox.sent</c> …); OpenTelemetry exports it,
/// with ASP.NET Core's and the runtime's, in the Prometheus text format at <c>/metrics</c>
/// (<c>gongzhi_outbox_sent_total</c> …).
/// </summary>
public static class GongzhiMetrics
{
    public const string MeterName = "Gongzhi";
}
