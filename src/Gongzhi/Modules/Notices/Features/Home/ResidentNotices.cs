using System.Linq.Expressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Notices.Features.Home;

/// <summary>A notice on a resident's home page: newest and emergency first, read when its in-app message was opened.</summary>
public sealed record HomeNotice(long Id, string Title, NoticeUrgency Urgency, DateTimeOffset PublishedAt, bool Read, string Link);

/// <summary>What a signed-in resident's home page lists: the notices for where they live, or why none can be found.</summary>
public sealed record MyNotices(bool Linked, IReadOnlyList<HomeNotice> Notices);

/// <summary>
/// The notices of a resident's own area. A resident's account has no staff scope, so the area filter here is the data
/// scope: a notice is listed only when one of its chosen areas is the resident's home node or above it (the codes
/// of the home's path). The audience's tags and ages are not checked: the notice is public by link anyway, and a
/// resident should see what is posted for the building.
/// </summary>
public sealed class ResidentNotices(GongzhiDb db, CurrentUser user, IAccountDirectory accounts, IDeliveryTracking tracking, IServiceProvider services)
{
    public const int Shown = 8;

    public async Task<MyNotices> ForMeAsync(CancellationToken ct)
    {
        if (user.Id is not { } userId || !user.IsInRole(Roles.Resident)) return new MyNotices(false, []);
        var residentId = await accounts.ResidentOfAsync(userId, ct);
        // The account has no reach over the registry: its own household is looked up with the system's.
        var home = residentId is { } rid ? await services.AsSystemAsync(sp => sp.GetRequiredService<IHouseholdDirectory>().OfResidentAsync(rid, ct)) : null;
        if (home is null or { IsRetired: true }) return new MyNotices(false, []);
        var notices = await CoveringAsync(home.AreaPath, Shown, ct);
        var read = await tracking.ReadKeysAsync(userId, "notice:", ct);
        return new MyNotices(true, [.. notices.Select(n => n with { Read = read.Contains($"notice:{n.Id}") })]);
    }

    /// <summary>Published notices one of whose areas holds <paramref name="areaPath"/>: emergencies first, then newest.</summary>
    public async Task<IReadOnlyList<HomeNotice>> CoveringAsync(string areaPath, int take, CancellationToken ct)
    {
        var codes = areaPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (codes.Length == 0) return [];
        var rows = await db.Notices.AsNoTracking().IgnoreQueryFilters()
            .Where(n => n.State == NoticeState.Published)
            .Where(AnyAreaOf(codes))
            .OrderByDescending(n => n.Urgency == NoticeUrgency.Emergency).ThenByDescending(n => n.PublishedAt).ThenByDescending(n => n.Id)
            .Take(take)
            .Select(n => new { n.Id, n.Title, n.Urgency, n.PublishedAt })
            .ToListAsync(ct);
        return [.. rows.Select(n => new HomeNotice(n.Id, n.Title, n.Urgency, n.PublishedAt!.Value, false, Publishing.NoticeService.PublicLink(n.Id)))];
    }

    /// <summary>
    /// <c>',' + AreaCodes + ','</c> holds <c>',' + code + ','</c> for one of the codes: one OR of a few string tests,
    /// each code a parameter (AreaCodes keeps the chosen codes comma-separated).
    /// </summary>
    internal static Expression<Func<Notice, bool>> AnyAreaOf(IReadOnlyList<string> codes)
    {
        var n = Expression.Parameter(typeof(Notice), "n");
        var wrapped = Expression.Call(typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!,
            Expression.Constant(","), Expression.Property(n, nameof(Notice.AreaCodes)), Expression.Constant(","));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression? any = null;
        foreach (var code in codes)
        {
            // A closure's field, so EF sends each code as a parameter rather than splicing it into the SQL.
            var holder = new CodeHolder("," + code + ",");
            Expression test = Expression.Call(wrapped, contains, Expression.Field(Expression.Constant(holder), nameof(CodeHolder.Value)));
            any = any is null ? test : Expression.OrElse(any, test);
        }
        return Expression.Lambda<Func<Notice, bool>>(any!, n);
    }

    private sealed class CodeHolder(string value)
    {
        public readonly string Value = value;
    }
}
