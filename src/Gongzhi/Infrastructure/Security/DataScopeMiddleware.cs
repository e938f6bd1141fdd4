using Gongzhi.Modules.Accounts.Contracts;
using System.Security.Claims;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Accounts.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Infrastructure.Security;

/// <summary>Fills the request's <see cref="DataScope"/> from the signed-in account's role and area assignments.</summary>
public sealed class DataScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, DataScope scope, GongzhiDb db)
    {
        var user = context.User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user.Identity?.IsAuthenticated == true && userId is not null)
        {
            if (user.IsInRole(Roles.Admin))
            {
                scope.GrantAll();
            }
            else
            {
                var paths = await db.UserAreaAssignments.IgnoreQueryFilters()
                    .Where(a => a.UserId == userId)
                    .Join(db.AreaNodes.IgnoreQueryFilters(), a => a.AreaNodeId, n => n.Id, (a, n) => n.Path)
                    .ToListAsync(context.RequestAborted);
                scope.Restrict(paths);
            }
        }
        else
        {
            scope.Restrict([]);
        }
        await next(context);
    }
}
