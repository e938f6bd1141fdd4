using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Features;

namespace Gongzhi.Modules.Audit;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (string? user, string? action, string? entityType, string? entityId, DateOnly? from, DateOnly? to,
            int? page, int? pageSize, AuditSearch search, CancellationToken ct) =>
        {
            var (p, s) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await search.SearchViewsAsync(new AuditQuery(user, action, entityType, entityId, from, to, p, s), ct));
        }).WithTags("Audit").RequireAuthorization(Roles.AssignPolicy)
          .WithSummary("Searches the audit log, newest first: admins all of it, street and community staff their own subtree's entries. actionLabel and summary are in the caller's language.");
        return app;
    }
}
