using System.ComponentModel.DataAnnotations;

namespace Gongzhi.Modules.Accounts.Domain;

public enum SignInFailure
{
    /// <summary>The password did not match.</summary>
    WrongPassword,
    /// <summary>No account has the name tried.</summary>
    UnknownUser,
    /// <summary>The account was locked (by too many failures, possibly this one, or by an admin).</summary>
    LockedOut,
    /// <summary>Identity refused the account (not confirmed or disabled).</summary>
    NotAllowed,
}

/// <summary>A refused sign-in: when, the name typed, from where. Admins read them to spot guessing and lockouts.</summary>
[Display(Name = "Failed sign-ins")]
public sealed class SignInAttempt
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string UserName { get; set; }
    /// <summary>The account the name belongs to, when one does.</summary>
    public string? UserId { get; set; }
    public string? IpAddress { get; set; }
    public SignInFailure Failure { get; set; }
}

/// <summary>
/// A one-time password reset link an admin made. Only a hash of its token is kept, so a database reader cannot use
/// it; it works once, until it expires.
/// </summary>
[Display(Name = "Password reset links")]
public sealed class PasswordResetLink
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public string? CreatedBy { get; set; }
}
