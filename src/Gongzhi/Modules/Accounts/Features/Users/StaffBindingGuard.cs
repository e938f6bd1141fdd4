using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Areas.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Accounts.Features.Users;

/// <summary>A node that staff are bound to is retired, not deleted: the binding would dangle.</summary>
public sealed class StaffBindingGuard(GongzhiDb db) : IAreaDeletionGuard
{
    public Task<bool> IsReferencedAsync(long nodeId, CancellationToken ct) => db.UserAreaAssignments.AnyAsync(a => a.AreaNodeId == nodeId, ct);
}
