using Gongzhi.Modules.Accounts.Contracts;
using System.Security.Claims;
using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Security;

/// <summary>Fills the request's <see cref="DataScope"/> from the signed-in account's role and area assignments.</summary>
public sealed class DataScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, DataScope scope, GongzhiDb db)
    {
        await FillAsync(scope, db, context.User, context.RequestAborted);
        await next(context);
    }

    /// <summary>Admins see everything; staff their bound subtrees; anyone else (anonymous included) nothing.</summary>
    public static async Task FillAsync(DataScope scope, GongzhiDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated != true || userId is null)
        {
            scope.Restrict([]);
            return;
        }
        if (user.IsInRole(Roles.Admin))
        {
            scope.GrantAll();
            return;
        }
        var paths = await db.UserAreaAssignments.IgnoreQueryFilters()
            .Where(a => a.UserId == userId)
            .Join(db.AreaNodes.IgnoreQueryFilters(), a => a.AreaNodeId, n => n.Id, (a, n) => n.Path)
            .ToListAsync(ct);
        scope.Restrict(paths);
    }
}
