using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications.Features.Inbox;

public sealed record InboxItem(long Id, string Kind, string Module, string Title, string Body, string? Link, bool Urgent, bool Read,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Total, int Unread, int Page, int PageSize);

/// <summary>The signed-in account's messages. Anyone else's message is simply not found (404).</summary>
public sealed class InboxService(GongzhiDb db, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private IQueryable<Domain.Notification> Mine()
    {
        var me = user.Id ?? throw AppProblem.NotFound(l["Not found."]);
        return db.Notifications.Where(n => n.RecipientUserId == me && n.InApp);
    }

    public async Task<InboxPage> ListAsync(bool? unread, string? module, int page, int pageSize, CancellationToken ct)
    {
        var mine = Mine();
        var query = mine;
        if (unread == true) query = query.Where(n => n.ReadAt == null);
        if (unread == false) query = query.Where(n => n.ReadAt != null);
        if (!string.IsNullOrWhiteSpace(module)) query = query.Where(n => n.Module == module);
        var total = await query.CountAsync(ct);
        var unreadCount = await mine.CountAsync(n => n.ReadAt == null, ct);
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize)).Take(pageSize)
            .Select(n => new InboxItem(n.Id, n.Kind, n.Module, n.Title, n.Body, n.Link, n.Urgent, n.ReadAt != null, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        return new InboxPage(items, total, unreadCount, page, pageSize);
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct) =>
        user.Id is null ? 0 : await Mine().CountAsync(n => n.ReadAt == null, ct);

    public async Task<InboxItem> GetAsync(long id, CancellationToken ct) =>
        await Mine().Where(n => n.Id == id)
            .Select(n => new InboxItem(n.Id, n.Kind, n.Module, n.Title, n.Body, n.Link, n.Urgent, n.ReadAt != null, n.CreatedAt, n.ReadAt))
            .FirstOrDefaultAsync(ct)
        ?? throw AppProblem.NotFound(l["Not found."]);

    public async Task<InboxItem> MarkReadAsync(long id, CancellationToken ct)
    {
        var n = await Mine().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw AppProblem.NotFound(l["Not found."]);
        n.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new InboxItem(n.Id, n.Kind, n.Module, n.Title, n.Body, n.Link, n.Urgent, true, n.CreatedAt, n.ReadAt);
    }

    public async Task<int> MarkAllReadAsync(string? module, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = Mine().Where(n => n.ReadAt == null);
        if (!string.IsNullOrWhiteSpace(module)) query = query.Where(n => n.Module == module);
        return await query.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
