using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Accounts.Features.Administration;

/// <summary>
/// The nightly job: failed sign-ins older than <c>Accounts:SignInAttemptDays</c> (default 180) go, so that a long
/// password-guessing run cannot grow the table without end; reset links a week past their expiry or use go too.
/// </summary>
public static class AccountsCleanup
{
    public const string JobName = "accounts.cleanup";

    public static async Task RunAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        var days = Math.Max(1, sp.GetRequiredService<IConfiguration>().GetValue("Accounts:SignInAttemptDays", 180));
        var attemptsBefore = now.AddDays(-days);
        var linksBefore = now.AddDays(-7);
        await db.SignInAttempts.Where(a => a.At < attemptsBefore).ExecuteDeleteAsync(ct);
        await db.PasswordResetLinks.Where(r => r.ExpiresAt < linksBefore || r.UsedAt < linksBefore).ExecuteDeleteAsync(ct);
    }
}
