namespace Gongzhi.Modules.Requests.Features.Intake;

/// <summary>Settings under <c>Requests:Public</c>: the door-plate form, phone confirmation, rate limits and photos.</summary>
public sealed class IntakeOptions
{
    /// <summary>Minutes a one-time code stays valid.</summary>
    public int OtpMinutes { get; set; } = 10;
    /// <summary>Wrong codes allowed before a code is dead (a new one must be asked for).</summary>
    public int OtpMaxAttempts { get; set; } = 5;
    /// <summary>Codes sent to one phone per hour.</summary>
    public int OtpPerPhonePerHour { get; set; } = 5;
    /// <summary>Days a confirmed phone stays confirmed in the browser (signed cookie).</summary>
    public int ConfirmedPhoneDays { get; set; } = 30;
    /// <summary>Public submissions per phone per 24 hours.</summary>
    public int SubmissionsPerPhonePerDay { get; set; } = 10;
    /// <summary>Public submissions per door-plate code (household) per 24 hours.</summary>
    public int SubmissionsPerHouseholdPerDay { get; set; } = 20;
    /// <summary>Public page and API calls per client address per minute (ASP.NET Core rate limiter).</summary>
    public int PerAddressPerMinute { get; set; } = 60;
    /// <summary>Length limit of the public description.</summary>
    public int DescriptionMax { get; set; } = 500;
    public int MaxPhotos { get; set; } = 3;
    /// <summary>Largest upload accepted, in bytes (before re-encoding).</summary>
    public int PhotoMaxBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Largest image accepted, in pixels (checked from the header before decoding).</summary>
    public long PhotoMaxPixels { get; set; } = 50_000_000;
    /// <summary>Longest edge of the stored JPEG.</summary>
    public int PhotoMaxEdge { get; set; } = 1600;
    /// <summary>The public address for links in SMS (e.g. https://gongzhi.example.cn); empty: the address the request came in on.</summary>
    public string BaseUrl { get; set; } = "";

    public const string Section = "Requests:Public";
    public const string AddressRateLimit = "requests-public";
}
