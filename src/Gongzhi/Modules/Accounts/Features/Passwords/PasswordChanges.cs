using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Accounts.Features.Administration;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Accounts.Features.Passwords;

public sealed record ChangePassword(string? CurrentPassword, string? NewPassword, string? ConfirmPassword);

public sealed record RedeemResetLink(string? Token, string? NewPassword, string? ConfirmPassword);

/// <summary>
/// An account sets its own password: with its current one (the account menu, and the page a temporary password
/// leads to), or with a one-time reset link an admin handed over.
/// </summary>
public sealed class PasswordChanges(
    GongzhiDb db, PasswordPolicy policy, IPasswordHasher<GongzhiUser> hasher, AuditLog audit, CurrentUser current,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>Changes the signed-in account's password; its other sessions end (the caller re-issues its own).</summary>
    public async Task<GongzhiUser> ChangeOwnAsync(ChangePassword input, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == current.Id, ct) ?? throw new AppProblem(401, l["Sign in first."]);
        var v = new Validation();
        v.Require(!string.IsNullOrEmpty(input.CurrentPassword), "currentPassword", l["Enter your current password."]);
        await CheckNewAsync(v, user, input.NewPassword, input.ConfirmPassword);
        v.ThrowIfInvalid();
        if (user.PasswordHash is null || hasher.VerifyHashedPassword(user, user.PasswordHash, input.CurrentPassword!) == PasswordVerificationResult.Failed)
            throw AppProblem.Invalid("currentPassword", l["The current password is wrong."]);
        if (input.NewPassword == input.CurrentPassword)
            throw AppProblem.Invalid("newPassword", l["The new password must differ from the current one."]);
        Set(user, input.NewPassword!);
        audit.Record("user.password-change", "user", user.Id, user.UserName);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Whether a reset link can still be used (for the page that asks for the new password).</summary>
    public async Task CheckLinkAsync(string? token, CancellationToken ct) => Usable(await FindAsync(token, ct));

    /// <summary>
    /// Sets the password through a reset link. The link is claimed with a conditional update inside the same
    /// transaction as the new password, so two uses at once cannot both succeed and a refused password uses nothing.
    /// </summary>
    public async Task<string> RedeemAsync(RedeemResetLink input, CancellationToken ct)
    {
        var link = Usable(await FindAsync(input.Token, ct));
        var user = await db.Users.FirstAsync(u => u.Id == link.UserId, ct);
        var v = new Validation();
        await CheckNewAsync(v, user, input.NewPassword, input.ConfirmPassword);
        v.ThrowIfInvalid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var claimed = await db.PasswordResetLinks.Where(r => r.Id == link.Id && r.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.UsedAt, now), ct);
        if (claimed == 0) throw new AppProblem(StatusCodes.Status410Gone, l["This reset link has already been used. Ask an admin for a new one."]);
        Set(user, input.NewPassword!);
        // A lockout from failed guesses ends with the new password; an admin's lock stays until an admin lifts it.
        if (user.LockReason is null) { user.LockoutEnd = null; user.AccessFailedCount = 0; }
        audit.Record("user.password-reset", "user", user.Id, user.UserName, userName: user.UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user.UserName!;
    }

    private async Task<PasswordResetLink?> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = AccountAdministration.Hash(token.Trim());
        return await db.PasswordResetLinks.AsNoTracking().FirstOrDefaultAsync(r => r.TokenHash == hash, ct);
    }

    private PasswordResetLink Usable(PasswordResetLink? link)
    {
        if (link is null) throw AppProblem.NotFound(l["This reset link is not valid. Ask an admin for a new one."]);
        if (link.UsedAt is not null) throw new AppProblem(StatusCodes.Status410Gone, l["This reset link has already been used. Ask an admin for a new one."]);
        if (link.ExpiresAt <= clock.GetUtcNow()) throw new AppProblem(StatusCodes.Status410Gone, l["This reset link has expired. Ask an admin for a new one."]);
        return link;
    }

    private async Task CheckNewAsync(Validation v, GongzhiUser user, string? password, string? confirm)
    {
        if (string.IsNullOrEmpty(password)) { v.Add("newPassword", l["Enter a new password."]); return; }
        if (password.Length > 128) { v.Add("newPassword", l["A password has at most 128 characters."]); return; }
        foreach (var problem in await policy.CheckAsync(user, password)) v.Add("newPassword", problem);
        v.Require(password == confirm, "confirmPassword", l["The two new passwords differ."]);
    }

    private void Set(GongzhiUser user, string password)
    {
        user.PasswordHash = hasher.HashPassword(user, password);
        user.MustChangePassword = false;
        AccountAdministration.Renew(user);
    }
}
