namespace Gongzhi.Modules.Requests.Features;

/// <summary>Settings under <c>Requests</c>.</summary>
public sealed class RequestOptions
{
    /// <summary>Hours a department has to report in (报到) after being whistled.</summary>
    public int ReportInWithinHours { get; set; } = 24;

    /// <summary>How long before a deadline the responsible person is warned.</summary>
    public int SlaWarnBeforeMinutes { get; set; } = 60;

    /// <summary>How often the SLA job looks.</summary>
    public int SlaCheckMinutes { get; set; } = 5;
}
