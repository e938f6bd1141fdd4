using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Accounts.Features.Users;

/// <summary><see cref="IDepartmentStaff"/> over the accounts: a locked account no longer counts as staff.</summary>
internal sealed class DepartmentStaff(GongzhiDb db, TimeProvider clock) : IDepartmentStaff
{
    public async Task<IReadOnlyList<string>> ActiveAsync(long departmentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Users.AsNoTracking()
            .Where(u => u.DepartmentId == departmentId && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .OrderBy(u => u.UserName).Select(u => u.UserName!).ToListAsync(ct);
    }
}
