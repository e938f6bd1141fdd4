using System.Security.Cryptography;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Accounts.Features.Passwords;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Accounts.Features.Administration;

public sealed record LockAccount(string? Reason);

public sealed record TemporaryPasswordRequest(string? Password);

public sealed record TemporaryPassword(string UserName, string Password);

/// <summary>A reset link: the path to hand over (the token is in it and nowhere else) and when it stops working.</summary>
public sealed record ResetLink(string UserName, string Path, DateTimeOffset ExpiresAt);

public sealed record SignInAttemptView(long Id, DateTimeOffset At, string UserName, string? UserId, string? IpAddress, SignInFailure Failure);

/// <summary>
/// What admins do to accounts beyond creating them: lock and unlock, reset a password (a one-time link or a
/// temporary password), sign an account out everywhere, read the failed sign-ins. Each action is audited in the
/// same save as the change; each one that takes a session away changes the security stamp, which both the cookie
/// (every <c>Accounts:SessionCheckSeconds</c>) and bearer tokens are checked against.
/// </summary>
public sealed class AccountAdministration(
    GongzhiDb db, PasswordPolicy policy, IPasswordHasher<GongzhiUser> hasher, AuditLog audit, CurrentUser current,
    TimeProvider clock, IConfiguration config, IStringLocalizer<SharedResource> l)
{
    /// <summary>Locked by an admin: until unlocked (Identity's convention for "no end").</summary>
    public static readonly DateTimeOffset Indefinitely = DateTimeOffset.MaxValue;

    public async Task<string> LockAsync(string id, LockAccount input, CancellationToken ct)
    {
        var user = await AdministeredAsync(id, ct);
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 500) throw AppProblem.Invalid("reason", l["Give a reason (1 to 500 characters)."]);
        if (user.Id == current.Id) throw AppProblem.Conflict(l["You cannot lock your own account."]);
        user.LockoutEnabled = true;
        user.LockoutEnd = Indefinitely;
        user.LockReason = reason;
        Renew(user); // signs it out of every browser and API client
        audit.Record("user.lock", "user", user.Id, $"{user.UserName}: {reason}");
        await db.SaveChangesAsync(ct);
        return user.UserName!;
    }

    public async Task<string> UnlockAsync(string id, LockAccount input, CancellationToken ct)
    {
        var user = await AdministeredAsync(id, ct);
        var reason = input.Reason?.Trim();
        if (reason is { Length: > 500 }) throw AppProblem.Invalid("reason", l["Give a reason (1 to 500 characters)."]);
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        user.LockReason = null;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Record("user.unlock", "user", user.Id, string.IsNullOrEmpty(reason) ? user.UserName : $"{user.UserName}: {reason}");
        await db.SaveChangesAsync(ct);
        return user.UserName!;
    }

    /// <summary>Signs the account out everywhere: its cookies and tokens stop working at their next check.</summary>
    public async Task<string> SignOutEverywhereAsync(string id, CancellationToken ct)
    {
        var user = await AdministeredAsync(id, ct);
        Renew(user);
        audit.Record("user.sign-out", "user", user.Id, user.UserName);
        await db.SaveChangesAsync(ct);
        return user.UserName!;
    }

    /// <summary>
    /// Sets a temporary password (the admin's, or a generated one) that the account must change at its next sign-in;
    /// its sessions end now. The password is answered once and stored only hashed.
    /// </summary>
    public async Task<TemporaryPassword> SetTemporaryPasswordAsync(string id, TemporaryPasswordRequest input, CancellationToken ct)
    {
        var user = await AdministeredAsync(id, ct);
        if (user.Id == current.Id) throw AppProblem.Conflict(l["Change your own password on the password page."]);
        var password = string.IsNullOrEmpty(input.Password) ? policy.Generate() : input.Password;
        var problems = await policy.CheckAsync(user, password);
        if (problems.Count > 0) throw new AppProblem(400, string.Join(" ", problems), new Dictionary<string, string[]> { ["password"] = [.. problems] });
        user.PasswordHash = hasher.HashPassword(user, password);
        user.MustChangePassword = true;
        Renew(user);
        audit.Record("user.temporary-password", "user", user.Id, user.UserName);
        await db.SaveChangesAsync(ct);
        return new TemporaryPassword(user.UserName!, password);
    }

    /// <summary>
    /// Makes a one-time reset link (valid <c>Accounts:ResetLinkHours</c>, default 24). Earlier unused links of the
    /// account stop working: only the newest one handed over counts.
    /// </summary>
    public async Task<ResetLink> CreateResetLinkAsync(string id, CancellationToken ct)
    {
        var user = await AdministeredAsync(id, ct);
        var now = clock.GetUtcNow();
        db.PasswordResetLinks.RemoveRange(await db.PasswordResetLinks.Where(r => r.UserId == user.Id && r.UsedAt == null).ToListAsync(ct));
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expires = now.AddHours(Math.Clamp(config.GetValue("Accounts:ResetLinkHours", 24), 1, 24 * 14));
        db.PasswordResetLinks.Add(new PasswordResetLink { UserId = user.Id, TokenHash = Hash(token), CreatedAt = now, ExpiresAt = expires, CreatedBy = current.UserName });
        audit.Record("user.reset-link", "user", user.Id, $"{user.UserName} → {expires:u}");
        await db.SaveChangesAsync(ct);
        return new ResetLink(user.UserName!, $"/account/reset?token={token}", expires);
    }

    public async Task<PagedList<SignInAttemptView>> FailedSignInsAsync(string? userName, string? ip, SignInFailure? failure,
        DateOnly? from, DateOnly? to, int page, int pageSize, CancellationToken ct)
    {
        RequireAdmin();
        var query = db.SignInAttempts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(userName)) query = query.Where(a => a.UserName.Contains(userName.Trim()));
        if (!string.IsNullOrWhiteSpace(ip)) query = query.Where(a => a.IpAddress != null && a.IpAddress.StartsWith(ip.Trim()));
        if (failure is { } f) query = query.Where(a => a.Failure == f);
        // Days are Beijing days, as staff read them (given to the database in UTC, which PostgreSQL insists on).
        var beijing = TimeSpan.FromHours(8);
        if (from is { } start) { var s = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), beijing).ToUniversalTime(); query = query.Where(a => a.At >= s); }
        if (to is { } end) { var e = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), beijing).ToUniversalTime(); query = query.Where(a => a.At < e); }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new SignInAttemptView(a.Id, a.At, a.UserName, a.UserId, a.IpAddress, a.Failure)).ToListAsync(ct);
        return new PagedList<SignInAttemptView>(items, total);
    }

    /// <summary>Upper-case hex, as reset links were first stored: links already sent keep working.</summary>
    internal static string Hash(string token) => TokenDigest.Sha256Hex(token).ToUpperInvariant();

    /// <summary>A new security stamp: every cookie and token issued before no longer passes its next check.</summary>
    internal static void Renew(GongzhiUser user)
    {
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    private void RequireAdmin()
    {
        if (!current.IsAdmin) throw AppProblem.Forbidden(l["Only admins administer accounts."]);
    }

    private async Task<GongzhiUser> AdministeredAsync(string id, CancellationToken ct)
    {
        RequireAdmin();
        return await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct)
               ?? throw AppProblem.NotFound(l["No account {0} is within your reach.", id]);
    }
}
