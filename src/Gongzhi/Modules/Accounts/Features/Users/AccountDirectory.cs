using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Accounts.Features.Users;

/// <summary><see cref="IAccountDirectory"/> over Identity's tables and the staff bindings.</summary>
internal sealed class AccountDirectory(GongzhiDb db) : IAccountDirectory
{
    public async Task<IReadOnlyList<AccountContact>> FindAsync(IReadOnlyCollection<string> userIds, CancellationToken ct) =>
        await db.Users.Where(u => userIds.Contains(u.Id))
            .Select(u => new AccountContact(u.Id, u.UserName!, u.Culture, u.PhoneNumber, u.Email, u.DisplayName)).ToListAsync(ct);

    public async Task<IReadOnlyList<AccountContact>> WithRoleAtAsync(string role, long areaNodeId, CancellationToken ct)
    {
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (roleId is null) return [];
        return await db.Users
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId)
                        && db.UserAreaAssignments.Any(a => a.UserId == u.Id && a.AreaNodeId == areaNodeId))
            .OrderBy(u => u.UserName)
            .Select(u => new AccountContact(u.Id, u.UserName!, u.Culture, u.PhoneNumber, u.Email, u.DisplayName)).ToListAsync(ct);
    }

    public async Task<IReadOnlyDictionary<long, AccountContact>> OfResidentsAsync(IReadOnlyCollection<long> residentIds, CancellationToken ct) =>
        (await db.Users.Where(u => u.ResidentId != null && residentIds.Contains(u.ResidentId.Value))
            .Select(u => new { ResidentId = u.ResidentId!.Value, Contact = new AccountContact(u.Id, u.UserName!, u.Culture, u.PhoneNumber, u.Email, u.DisplayName) })
            .ToListAsync(ct))
        .GroupBy(x => x.ResidentId).ToDictionary(g => g.Key, g => g.First().Contact);

    public async Task<IReadOnlyList<AccountContact>> AllAsync(CancellationToken ct) =>
        await db.Users.OrderBy(u => u.UserName)
            .Select(u => new AccountContact(u.Id, u.UserName!, u.Culture, u.PhoneNumber, u.Email, u.DisplayName)).ToListAsync(ct);
}
