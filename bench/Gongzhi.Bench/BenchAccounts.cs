using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.Bench;

/// <summary>The accounts the benchmarks sign in as: a role and, for area staff, the node they hold.</summary>
internal static class BenchAccounts
{
    public const string Password = "Bench#2026";

    public static async Task<Dictionary<string, string>> CreateAsync(IServiceProvider sp, params (string Name, string Role, string? AreaCode)[] accounts)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var users = sp.GetRequiredService<UserManager<GongzhiUser>>();
        var ids = new Dictionary<string, string>();
        foreach (var (name, role, area) in accounts)
        {
            var user = new GongzhiUser { UserName = name, DisplayName = name, LockoutEnabled = false, CreatedAt = DateTimeOffset.UtcNow };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            if (area is not null)
            {
                var node = await db.AreaNodes.IgnoreQueryFilters().FirstAsync(n => n.Code == area);
                db.UserAreaAssignments.Add(new UserAreaAssignment { UserId = user.Id, AreaNodeId = node.Id, AssignedAt = DateTimeOffset.UtcNow });
            }
            ids[name] = user.Id;
        }
        await db.SaveChangesAsync();
        return ids;
    }
}
