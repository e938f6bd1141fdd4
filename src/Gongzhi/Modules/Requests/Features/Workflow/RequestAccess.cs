using System.Linq.Expressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Requests.Features.Workflow;

/// <summary>
/// Who reaches a request. The area scope (a grid worker their grid, a community its community …) is the rule; on top
/// of it the first acceptor (首问负责) keeps reach until the request closes, the current handler account reaches it, and
/// department staff reach only what is handed or whistled to their department (they hold no area). The global
/// query filter alone could not say this, so the queries here ignore it and state the whole rule themselves.
/// </summary>
public sealed class RequestAccess(GongzhiDb db, DataScope scope, CurrentUser user, IAccountDirectory accounts)
{
    private long? _departmentId;
    private bool _departmentKnown;

    public string? UserId => user.Id;
    public string ActorName => user.DisplayName ?? user.UserName ?? "system";
    public bool IsAdmin => user.IsAdmin;
    public bool IsInRole(string role) => user.IsInRole(role);

    /// <summary>The caller's department (department staff only).</summary>
    public async Task<long?> DepartmentIdAsync(CancellationToken ct)
    {
        if (_departmentKnown) return _departmentId;
        if (user.IsInRole(Roles.Department) && user.Id is { } id) _departmentId = (await accounts.StaffAsync(id, ct))?.DepartmentId;
        _departmentKnown = true;
        return _departmentId;
    }

    /// <summary>Area staff (admin, street, community, grid) whose subtree holds the request.</summary>
    public bool IsAreaStaffOf(Request r) =>
        (user.IsAdmin || user.IsInRole(Roles.Street) || user.IsInRole(Roles.Community) || user.IsInRole(Roles.Grid)) && scope.Covers(r.AreaPath);

    /// <summary>May hand the request on: its first acceptor, or community, street and admin staff over its area.</summary>
    public bool CanDispatch(Request r) =>
        (r.FirstResponsibleUserId is not null && r.FirstResponsibleUserId == user.Id)
        || (IsAreaStaffOf(r) && (user.IsAdmin || user.IsInRole(Roles.Street) || user.IsInRole(Roles.Community)));

    public async Task<bool> IsHandlerAsync(Request r, CancellationToken ct) =>
        (r.HandlerUserId is not null && r.HandlerUserId == user.Id)
        || (r.HandlerDepartmentId is { } d && d == await DepartmentIdAsync(ct));

    /// <summary>The requests the caller reaches (filters of the area scope ignored, the whole rule stated here).</summary>
    public async Task<IQueryable<Request>> VisibleAsync(CancellationToken ct)
    {
        var inArea = AreaPredicate();
        var uid = user.Id ?? "";
        var dept = await DepartmentIdAsync(ct);
        Expression<Func<Request, bool>> own = r =>
            (r.FirstResponsibleUserId == uid && r.Status != RequestStatus.Closed) || r.HandlerUserId == uid
            || (dept != null && (r.HandlerDepartmentId == dept || db.RequestWhistles.Any(w => w.RequestId == r.Id && w.DepartmentId == dept)));
        return db.Requests.IgnoreQueryFilters().Where(Or(inArea, own));
    }

    /// <summary>Requests in the caller's area subtrees (without what first responsibility or handling adds).</summary>
    public Expression<Func<Request, bool>> AreaPredicate()
    {
        if (!user.IsAuthenticated) return r => false;
        if (scope.IsUnrestricted) return r => true;
        Expression<Func<Request, bool>> any = r => false;
        foreach (var path in scope.Paths) any = Or(any, PathRange.Predicate<Request>(r => r.AreaPath, path));
        return any;
    }

    public static Expression<Func<Request, bool>> Or(Expression<Func<Request, bool>> a, Expression<Func<Request, bool>> b)
    {
        var body = new ParameterReplacer(b.Parameters[0], a.Parameters[0]).Visit(b.Body);
        return Expression.Lambda<Func<Request, bool>>(Expression.OrElse(a.Body, body), a.Parameters);
    }
}
