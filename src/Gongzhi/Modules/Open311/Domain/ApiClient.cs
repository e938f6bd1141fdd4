namespace Gongzhi.Modules.Open311.Domain;

/// <summary>What a key may do: post Open311 requests, or import 12345 hotline cases. One key, one kind.</summary>
public enum ApiClientKind
{
    Open311 = 1,
    Hotline = 2,
}

/// <summary>
/// A system that posts to Gongzhi with an API key an admin issued (an Open311 client app, the 12345 hotline system).
/// Only the key's SHA-256 is kept: the key itself is shown once, when it is issued. Revoked clients stay for the record.
/// </summary>
public sealed class ApiClient
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public ApiClientKind Kind { get; set; } = ApiClientKind.Open311;
    /// <summary>Hex SHA-256 of the key: the key has 238 bits of entropy, so no slow hash is needed.</summary>
    public required string KeyHash { get; set; }
    /// <summary>The key's first characters, for admins to tell keys apart.</summary>
    public required string KeyPrefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>
/// What an Open311 POST carried beyond the request itself: the token, the client's own account and device ids, the
/// photo link, the <c>attribute[…]</c> answers and the submitter's e-mail (encrypted). Keyed by the request's public id.
/// </summary>
public sealed class Open311Submission
{
    public long Id { get; set; }
    public required string ServiceRequestId { get; set; }
    public required string Token { get; set; }
    public long ApiClientId { get; set; }
    public string? JurisdictionId { get; set; }
    public string? AccountId { get; set; }
    public string? DeviceId { get; set; }
    public string? MediaUrl { get; set; }
    public string? EmailCipher { get; set; }
    public string? Attributes { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}
