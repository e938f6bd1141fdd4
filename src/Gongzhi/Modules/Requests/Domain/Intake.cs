using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Requests.Domain;

/// <summary>
/// A household's door-plate code (数字门牌码): the QR code on the door leads to <c>/r/{token}</c>. The token is 26
/// characters drawn from a CSPRNG (31^26 ≈ 2^129), so it cannot be guessed. The table keeps its SHA-256 (how a
/// scanned token is found) and the token encrypted with the personal-data key (so staff can print the same code
/// again). A database reader therefore cannot make a code that works: a plain hash suffices because the token has
/// 129 bits of entropy (no dictionary to try), and the readable copy needs the key file. An HMAC-derived token was
/// rejected: printed plates would die with every rotation of the lookup key. Revoking sets <see cref="RevokedAt"/>;
/// reissuing adds a new row, so every code ever printed stays explained.
/// </summary>
[Display(Name = "Door-plate codes")]
public sealed class HouseholdCode : IAreaScoped
{
    public long Id { get; set; }
    public long HouseholdId { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public required string TokenHash { get; set; }
    public required string TokenCipher { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string IssuedByName { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedByName { get; set; }
}

/// <summary>
/// A one-time code sent by SMS to confirm a phone before a public submission. Only the SHA-256 of phone hash and code
/// is kept (a six-digit code alone would be trivial to reverse); it expires, counts wrong attempts and is used once.
/// The rows of a phone are also its send count for the per-phone cap.
/// </summary>
public sealed class PhoneOtp
{
    public long Id { get; set; }
    public required string PhoneHash { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

public enum PhotoKind
{
    /// <summary>Sent with the request by its submitter.</summary>
    Submission = 1,
    /// <summary>Attached by staff when resolving.</summary>
    Resolution = 2,
    /// <summary>A 随手拍 report's own picture.</summary>
    Snapshot = 3,
}

/// <summary>
/// A request's photo, always re-encoded by the app (JPEG, bounded size, no metadata) before it is stored. The bytes
/// live in the database: a few hundred KB per photo at most, one backup holds everything, both databases handle it,
/// and serving goes through the same data-scope checks as the request, with no second store to keep in step.
/// </summary>
public sealed class RequestPhoto
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    /// <summary>Set instead of <see cref="RequestId"/> when the photo is saved with its new request.</summary>
    public Request? Request { get; set; }
    public PhotoKind Kind { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public required byte[] Jpeg { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
