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

    /// <summary>Above this many requests reached outside the caller's area, they are named by a subquery instead of by their ids.</summary>
    public const int OutsideInlineLimit = 500;

    /// <summary>
    /// The requests the caller reaches (filters of the area scope ignored, the whole rule stated here). What first
    /// responsibility, handling and a department's calls add outside the caller's area is looked up first: it is
    /// usually nothing or a handful, and then the query is the area range alone (or the range and a few ids), which
    /// the covering indexes answer without reading rows. A single <c>area OR own</c> predicate would make both
    /// databases visit every row of the area to test the list's filters (a street holds tens of thousands).
    /// </summary>
    public async Task<IQueryable<Request>> VisibleAsync(CancellationToken ct)
    {
        var requests = db.Requests.IgnoreQueryFilters();
        var inArea = AreaPredicate();
        if (scope.IsUnrestricted && user.IsAuthenticated) return requests;
        var notInArea = Not(inArea);
        var outside = await AmongAsync(await OwnIdsAsync(ct, q => q.Where(notInArea)), ct);
        return outside is null ? requests.Where(inArea) : requests.Where(Or(inArea, outside));
    }

    /// <summary>
    /// "The request is one of these ids", for a few ids worked out apart from the list (a worker's own part in
    /// requests): read first and named inline up to <see cref="OutsideInlineLimit"/>, a subquery beyond; null when
    /// there are none. As a subquery beside an area range even a handful made PostgreSQL scan the area's rows.
    /// </summary>
    public static async Task<Expression<Func<Request, bool>>?> AmongAsync(IQueryable<long> ids, CancellationToken ct)
    {
        // Ordered so that the ids read are the same on every database and plan (a caller's own part is small).
        var read = await ids.Order().Take(OutsideInlineLimit + 1).ToListAsync(ct);
        if (read.Count == 0) return null;
        return read.Count <= OutsideInlineLimit ? r => read.Contains(r.Id) : r => ids.Contains(r.Id);
    }

    /// <summary>
    /// The ids of requests the caller reaches by their part in them rather than by area: first responsibility while
    /// open, handling, and for department staff what is handed or whistled to the department; <paramref name="narrow"/>
    /// applies to each part. One query per part, joined by UNION ALL, so that each is answered from its own
    /// (user, status, area) index without reading rows, where one OR would read every row of each part.
    /// </summary>
    public async Task<IQueryable<long>> OwnIdsAsync(CancellationToken ct, Func<IQueryable<Request>, IQueryable<Request>> narrow, bool openOnly = false)
    {
        var requests = db.Requests.IgnoreQueryFilters();
        var uid = user.Id ?? "";
        var handled = narrow(requests.Where(r => r.HandlerUserId == uid));
        if (openOnly) handled = handled.Where(r => r.Status != RequestStatus.Closed);
        var ids = handled.Select(r => r.Id)
            .Concat(narrow(requests.Where(r => r.FirstResponsibleUserId == uid && r.Status != RequestStatus.Closed)).Select(r => r.Id));
        if (await DepartmentIdAsync(ct) is not { } dept) return ids;
        var departments = narrow(requests.Where(r => r.HandlerDepartmentId == dept));
        var whistled = db.RequestWhistles.Where(w => w.DepartmentId == dept && (!openOnly || w.ActedAt == null)).Select(w => w.RequestId);
        var called = narrow(requests.Where(r => whistled.Contains(r.Id)));
        if (openOnly) (departments, called) = (departments.Where(r => r.Status != RequestStatus.Closed), called.Where(r => r.Status != RequestStatus.Closed));
        return ids.Concat(departments.Select(r => r.Id)).Concat(called.Select(r => r.Id));
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

    public static Expression<Func<Request, bool>> Not(Expression<Func<Request, bool>> a) =>
        Expression.Lambda<Func<Request, bool>>(Expression.Not(a.Body), a.Parameters);

    public static Expression<Func<Request, bool>> Or(Expression<Func<Request, bool>> a, Expression<Func<Request, bool>> b)
    {
        var body = new ParameterReplacer(b.Parameters[0], a.Parameters[0]).Visit(b.Body);
        return Expression.Lambda<Func<Request, bool>>(Expression.OrElse(a.Body, body), a.Parameters);
    }
}
