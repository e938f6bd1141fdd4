namespace Gongzhi.Modules.Open311.Features;

/// <summary>Settings of the <c>Open311</c> section.</summary>
public sealed class Open311Options
{
    /// <summary>
    /// The area node an Open311 request (and a hotline case without an area code) is placed on: Gongzhi cannot
    /// geocode lat/long or address_string, so the node's staff take it and move it on. Unset: POST requests answers 503.
    /// </summary>
    public string? DefaultAreaCode { get; set; }

    /// <summary>jurisdiction_id → area code: a client naming a jurisdiction puts its requests on that node. An unknown id is a 404.</summary>
    public Dictionary<string, string> Jurisdictions { get; set; } = [];

    /// <summary>Anonymous GETs per client address and minute.</summary>
    public int ReadsPerMinute { get; set; } = 120;

    /// <summary>The most requests one GET requests answers (the specification suggests 1000).</summary>
    public int MaxResults { get; set; } = 1000;

    /// <summary>The widest start_date–end_date window, and the default one (the specification's 90 days).</summary>
    public int WindowDays { get; set; } = 90;

    /// <summary>The discovery document's contact line.</summary>
    public string Contact { get; set; } = "";
}
