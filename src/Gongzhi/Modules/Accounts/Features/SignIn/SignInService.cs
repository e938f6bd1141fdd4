using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Accounts.Features.SignIn;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] long ExpiresIn);

public enum SignInOutcome { Succeeded, Invalid, LockedOut, Disabled, LockedByAdmin }

/// <summary>Password checks with lockout for both doors: the cookie sign-in of the pages and bearer tokens of the API.</summary>
public sealed class SignInService(
    UserManager<GongzhiUser> users, SignInManager<GongzhiUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer,
    GongzhiDb db, AuditLog audit, CurrentUser current, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<(SignInOutcome Outcome, GongzhiUser? User)> CheckAsync(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return (SignInOutcome.Invalid, null);
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            audit.Record("auth.login-failed", "user", null, "unknown user", userName.Trim());
            Attempt(userName.Trim(), null, SignInFailure.UnknownUser);
            await db.SaveChangesAsync();
            return (SignInOutcome.Invalid, null);
        }
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded
            : result.IsLockedOut ? (user.LockReason is not null ? SignInOutcome.LockedByAdmin : SignInOutcome.LockedOut)
            : result.IsNotAllowed ? SignInOutcome.Disabled : SignInOutcome.Invalid;
        audit.Record(outcome == SignInOutcome.Succeeded ? "auth.login" : "auth.login-failed", "user", user.Id,
            outcome == SignInOutcome.Succeeded ? null : outcome.ToString(), user.UserName);
        if (outcome == SignInOutcome.Succeeded) user.LastSignInAt = clock.GetUtcNow();
        else Attempt(user.UserName!, user.Id, outcome switch
        {
            SignInOutcome.LockedOut or SignInOutcome.LockedByAdmin => SignInFailure.LockedOut,
            SignInOutcome.Disabled => SignInFailure.NotAllowed,
            _ => SignInFailure.WrongPassword,
        });
        await db.SaveChangesAsync();
        return (outcome, outcome == SignInOutcome.Succeeded ? user : null);
    }

    private void Attempt(string userName, string? userId, SignInFailure failure) =>
        db.SignInAttempts.Add(new SignInAttempt
        {
            At = clock.GetUtcNow(), UserName = userName.Length > 256 ? userName[..256] : userName, UserId = userId,
            IpAddress = current.IpAddress, Failure = failure,
        });

    public string Message(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.LockedByAdmin => l["This account is locked by an admin. Ask an admin to unlock it."],
        SignInOutcome.LockedOut => l["Too many failed attempts: the account is locked for a while. Try again later or ask an admin."],
        SignInOutcome.Disabled => l["This account is disabled."],
        _ => l["The user name or password is wrong."],
    };

    public async Task<TokenResponse> IssueTokenAsync(GongzhiUser user)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var options = bearer.Get(IdentityConstants.BearerScheme);
        var expires = clock.GetUtcNow() + options.BearerTokenExpiration;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = expires }, IdentityConstants.BearerScheme);
        return new TokenResponse(options.BearerTokenProtector.Protect(ticket), "Bearer", (long)options.BearerTokenExpiration.TotalSeconds);
    }
}
