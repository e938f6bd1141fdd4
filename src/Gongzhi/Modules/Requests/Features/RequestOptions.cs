namespace Gongzhi.Modules.Requests.Features;

/// <summary>Settings under <c>Requests</c>.</summary>
public sealed class RequestOptions
{
    /// <summary>Hours a department has to report in (报到) after being whistled.</summary>
    public int ReportInWithinHours { get; set; } = 24;
}
