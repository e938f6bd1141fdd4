using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Accounts.Features.Users;

/// <summary><see cref="IAccountDirectory"/> over Identity's tables and the staff bindings.</summary>
internal sealed class AccountDirectory(GongzhiDb db, TimeProvider clock) : IAccountDirectory
{
    public async Task<StaffAccount?> StaffAsync(string userNameOrId, CancellationToken ct)
    {
        var normalized = userNameOrId.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUserName == normalized || u.Id == userNameOrId, ct);
        if (user is null) return null;
        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
        var nodes = await db.UserAreaAssignments.IgnoreQueryFilters().Where(a => a.UserId == user.Id).Select(a => a.AreaNodeId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new StaffAccount(user.Id, user.UserName!, user.DisplayName, Roles.All.FirstOrDefault(roles.Contains), user.DepartmentId, nodes,
            user.LockoutEnd is { } end && end > now);
    }

    public async Task<IReadOnlyList<AccountContact>> OfDepartmentAsync(long departmentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Users.Where(u => u.DepartmentId == departmentId && (u.LockoutEnd == null || u.LockoutEnd <= now)).OrderBy(u => u.UserName)
            .Select(u => new AccountContact(u.Id, u.UserName!, u.Culture, u.PhoneNumber, u.Email, u.DisplayName)).ToListAsync(ct);
    }

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

    public async Task<long?> ResidentOfAsync(string userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.ResidentId).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<AccountContact>> AllAsync(CancellationToken ct) =>
        await db.Users.OrderBy(u => u.UserName)
            .Select(u => new AccountContact(u.Id, u.UserName!, u.Culture, u.PhoneNumber, u.Email, u.DisplayName)).ToListAsync(ct);
}
