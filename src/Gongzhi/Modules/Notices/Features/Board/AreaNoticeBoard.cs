using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Modules.Notices.Features.Home;
using Gongzhi.Modules.Notices.Features.Publishing;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notices.Features.Board;

/// <summary>One line of an area's public notice list: nothing about who it went to.</summary>
public sealed record BoardNotice(long Id, string Title, NoticeUrgency Urgency, DateTimeOffset PublishedAt, string IssuedBy, string Link);

/// <summary>A page of an area's public notice list, with the node it is for.</summary>
public sealed record BoardPage(string AreaCode, string AreaName, int Page, int PageSize, int Total, IReadOnlyList<BoardNotice> Items);

/// <summary>
/// The public notice board of an area node (公告栏), for anyone without signing in: the published notices that reach
/// the node, that is, addressed to it or to a node above it (a street's notice reaches its communities' boards; a
/// sibling grid's does not). Only notices to every resident of their areas are listed (an age band at most): a
/// notice to residents with given tags (党员, 低保, 重点人群 …) is meant for that group, and listing it on a public
/// board would say what it was about and to whom, so it stays reachable only by its own link. Scheduled, waiting,
/// rejected and withdrawn notices are not published and never listed.
/// </summary>
public sealed class AreaNoticeBoard(GongzhiDb db, IServiceProvider services, IStringLocalizer<SharedResource> l)
{
    public const int PageSize = 20;

    /// <summary>Pages past this one are empty anyway; the bound keeps the offset arithmetic sane for any input.</summary>
    private const int MaxPage = 10_000;

    /// <summary>The board of a published notice's issuing (first) area; any other notice is not found.</summary>
    public async Task<BoardPage> OfNoticeAsync(long noticeId, int page, CancellationToken ct)
    {
        var codes = await db.Notices.AsNoTracking().IgnoreQueryFilters().Where(n => n.Id == noticeId && n.State == NoticeState.Published)
            .Select(n => n.AreaCodes).FirstOrDefaultAsync(ct) ?? throw AppProblem.NotFound(l["No notice {0} is published.", noticeId]);
        return await ListAsync(codes.Split(',')[0], page, ct);
    }

    public async Task<BoardPage> ListAsync(string code, int page, CancellationToken ct)
    {
        // Anyone may ask, so the node is looked up with the system's reach; only its code and name are shown.
        var node = string.IsNullOrWhiteSpace(code) || code.Length > 100 ? null
            : await services.AsSystemAsync(sp => sp.GetRequiredService<IAreaDirectory>().FindAsync(code.Trim(), ct));
        if (node is null) throw AppProblem.NotFound(l["No area {0}.", code]);
        page = Math.Clamp(page, 1, MaxPage);
        var codes = node.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var query = db.Notices.AsNoTracking().IgnoreQueryFilters()
            .Where(n => n.State == NoticeState.Published && n.Tags == null)
            .Where(ResidentNotices.AnyAreaOf(codes));
        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(n => n.Urgency == NoticeUrgency.Emergency).ThenByDescending(n => n.PublishedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(n => new { n.Id, n.Title, n.Urgency, n.PublishedAt, n.AreaNodeId })
            .ToListAsync(ct);
        var ids = rows.Select(n => n.AreaNodeId).Distinct().ToList();
        var names = ids.Count == 0 ? new Dictionary<long, string>()
            : (await services.AsSystemAsync(sp => sp.GetRequiredService<IAreaDirectory>().NamesAsync(ids, ct))).ToDictionary(a => a.Id, a => a.Name);
        return new BoardPage(node.Code, node.Name, page, PageSize, total,
            [.. rows.Select(n => new BoardNotice(n.Id, n.Title, n.Urgency, n.PublishedAt!.Value, names.GetValueOrDefault(n.AreaNodeId, ""), NoticeService.PublicLink(n.Id)))]);
    }
}
