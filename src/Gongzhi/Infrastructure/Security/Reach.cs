using System.Security.Claims;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// Work outside an HTTP request says whose reach it runs with: the system's (everything, audited as "system") or a
/// given account's (that account's subtree and roles, audited under its name). Each call gets its own DI scope, so
/// its DbContext and <see cref="DataScope"/> are its own.
/// </summary>
public static class Reach
{
    /// <summary>Runs <paramref name="work"/> seeing the whole tree.</summary>
    public static async Task<T> AsSystemAsync<T>(this IServiceProvider services, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().GrantAll();
        return await work(scope.ServiceProvider);
    }

    public static Task AsSystemAsync(this IServiceProvider services, Func<IServiceProvider, Task> work) =>
        services.AsSystemAsync<bool>(async sp => { await work(sp); return true; });

    /// <summary>Runs <paramref name="work"/> as the account would in a request: its roles, its subtree, its name in the audit.</summary>
    public static async Task<T> AsAccountAsync<T>(this IServiceProvider services, string userId, Func<IServiceProvider, Task<T>> work, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<GongzhiUser>>().FindByIdAsync(userId)
                   ?? throw new InvalidOperationException($"No account {userId}.");
        var principal = await sp.GetRequiredService<IUserClaimsPrincipalFactory<GongzhiUser>>().CreateAsync(user);
        sp.GetRequiredService<CurrentUser>().RunAs(principal);
        await DataScopeMiddleware.FillAsync(sp.GetRequiredService<DataScope>(), sp.GetRequiredService<GongzhiDb>(), principal, ct);
        return await work(sp);
    }
}
