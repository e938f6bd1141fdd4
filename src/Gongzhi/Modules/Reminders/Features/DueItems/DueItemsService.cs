using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Reminders.Contracts;
using Gongzhi.Modules.Reminders.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Reminders.Features.DueItems;

/// <summary>
/// Due items made and kept by staff (到期提醒): create, edit, close (renewed or inspected, optionally rolling the due date
/// forward), and the "upcoming and overdue" list of an area. Everything goes through the caller's data scope.
/// </summary>
public sealed class DueItemsService(GongzhiDb db, IAreaDirectory areas, IAccountDirectory accounts, CurrentUser user, AuditLog audit,
    TimeProvider clock, IOptions<RemindersOptions> options, IStringLocalizer<SharedResource> l)
{
    public const int TitleMax = 200;
    public const int NoteMax = 1000;
    public static readonly string[] OwnerRoles = [Roles.Grid, Roles.Community, Roles.Street];

    public async Task<DueItemView> CreateAsync(SaveDueItem input, CancellationToken ct)
    {
        var item = new DueItem { Title = "", AreaPath = "", DaysBefore = "", CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(item, input, ct);
        db.DueItems.Add(item);
        audit.RecordNew("reminders.create", "due-item", item, $"{item.Kind}; {item.Title}; {item.DueOn:yyyy-MM-dd}", item.AreaPath);
        await db.SaveChangesAsync(ct);
        return await GetAsync(item.Id, ct);
    }

    public async Task<DueItemView> UpdateAsync(long id, SaveDueItem input, CancellationToken ct)
    {
        var item = await FindAsync(id, ct);
        var before = (item.DueOn, item.Title);
        await ApplyAsync(item, input, ct);
        audit.Record("reminders.update", "due-item", item.Id, AuditLog.Join(AuditLog.Change("title", before.Title, item.Title), AuditLog.Change("dueOn", before.DueOn, item.DueOn)), areaPath: item.AreaPath);
        await db.SaveChangesAsync(ct);
        return await GetAsync(item.Id, ct);
    }

    /// <summary>Closes an item with a note; with a next due date (renewed) it stays open, due then, and its schedule starts afresh.</summary>
    public async Task<DueItemView> CloseAsync(long id, CloseDueItem input, CancellationToken ct)
    {
        var item = await FindAsync(id, ct);
        if (item.ClosedAt is not null) throw AppProblem.Conflict(l["The item is closed already."]);
        var note = input.Note?.Trim() ?? "";
        var v = new Validation();
        v.Require(note.Length is > 0 and <= NoteMax, "note", l["Say what was done, in 1 to {0} characters.", NoteMax]);
        if (input.NextDueOn is { } next) v.Require(next > item.DueOn, "nextDueOn", l["The next due date must come after the current one ({0:yyyy-MM-dd}).", item.DueOn]);
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        if (input.NextDueOn is { } rolled)
        {
            audit.Record("reminders.renew", "due-item", item.Id, $"{item.DueOn:yyyy-MM-dd} → {rolled:yyyy-MM-dd}; {note}", areaPath: item.AreaPath);
            (item.DueOn, item.Note) = (rolled, note);
        }
        else
        {
            (item.ClosedAt, item.ClosedNote, item.ClosedByName) = (now, note, user.DisplayName ?? user.UserName ?? "system");
            audit.Record("reminders.close", "due-item", item.Id, note, areaPath: item.AreaPath);
        }
        item.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return await GetAsync(item.Id, ct);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        var item = await FindAsync(id, ct);
        if (item.SourceKey is not null) throw AppProblem.Conflict(l["This item is kept by another module; close it there."]);
        db.DueItems.Remove(item);
        audit.Record("reminders.delete", "due-item", item.Id, item.Title, areaPath: item.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    public async Task<DueItemView> GetAsync(long id, CancellationToken ct)
    {
        var item = await db.DueItems.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw NotFound(id);
        var sent = await db.DueReminders.AsNoTracking().Where(r => r.DueItemId == id).OrderBy(r => r.SentAt).ThenBy(r => r.Id)
            .Select(r => new ReminderSent(r.Point, r.DueOn, r.SentAt)).ToListAsync(ct);
        return (await ViewsAsync([item], ct))[0] with { Sent = sent };
    }

    /// <summary>The list of an area (or everything in reach), open items by due date unless asked otherwise.</summary>
    public async Task<PagedList<DueItemView>> ListAsync(DueItemFilter filter, CancellationToken ct)
    {
        var query = db.DueItems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Area))
        {
            var node = await areas.FindAsync(filter.Area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", filter.Area]);
            query = query.Under(e => e.AreaPath, node.Path);
        }
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            if (!Enum.TryParse<DueKind>(filter.Kind, true, out var kind) || !Enum.IsDefined(kind)) throw AppProblem.Invalid("kind", l["Unknown kind {0}.", filter.Kind]);
            query = query.Where(e => e.Kind == kind);
        }
        var today = BeijingTime.Today(clock);
        var within = Math.Clamp(filter.WithinDays ?? options.Value.UpcomingDays, 0, ReminderSchedule.MaxLeadDays);
        query = (filter.State?.Trim().ToLowerInvariant() ?? "open") switch
        {
            "open" or "" => query.Where(e => e.ClosedAt == null),
            "upcoming" => query.Where(e => e.ClosedAt == null && e.DueOn >= today && e.DueOn <= today.AddDays(within)),
            "overdue" => query.Where(e => e.ClosedAt == null && e.DueOn < today),
            "closed" => query.Where(e => e.ClosedAt != null),
            "all" => query,
            _ => throw AppProblem.Invalid("state", l["Unknown state {0}.", filter.State!]),
        };
        query = (filter.Sort?.Trim().ToLowerInvariant() ?? "due") switch
        {
            "due" or "" => query.OrderBy(e => e.DueOn).ThenBy(e => e.Id),
            "-due" => query.OrderByDescending(e => e.DueOn).ThenByDescending(e => e.Id),
            "title" => query.OrderBy(e => e.Title).ThenBy(e => e.Id),
            "kind" => query.OrderBy(e => e.Kind).ThenBy(e => e.DueOn).ThenBy(e => e.Id),
            _ => throw AppProblem.Invalid("sort", l["Unknown sort {0}.", filter.Sort!]),
        };
        var size = Math.Clamp(filter.PageSize ?? 50, 1, 200);
        var page = Math.Max(1, filter.Page ?? 1);
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<DueItemView>(await ViewsAsync(items, ct), total);
    }

    /// <summary>Open items in reach: overdue, and due within the upcoming window.</summary>
    public async Task<DueCounts> CountsAsync(CancellationToken ct)
    {
        var today = BeijingTime.Today(clock);
        var until = today.AddDays(options.Value.UpcomingDays);
        var open = db.DueItems.AsNoTracking().Where(e => e.ClosedAt == null);
        return new DueCounts(await open.CountAsync(e => e.DueOn < today, ct), await open.CountAsync(e => e.DueOn >= today && e.DueOn <= until, ct));
    }

    /// <summary>The open items owned by the caller (as an account, or by their role at a node of their reach) that a reminder has reached.</summary>
    public async Task<IReadOnlyList<DueItemView>> MineAsync(CancellationToken ct)
    {
        var today = BeijingTime.Today(clock);
        var me = user.Id ?? "";
        var role = user.MainRole;
        var items = await db.DueItems.AsNoTracking()
            .Where(e => e.ClosedAt == null && e.DueOn <= today.AddDays(ReminderSchedule.MaxLeadDays) && (e.OwnerUserId == me || (e.OwnerUserId == null && e.OwnerRole == role)))
            .OrderBy(e => e.DueOn).ThenBy(e => e.Id).Take(500).ToListAsync(ct);
        return [.. (await ViewsAsync(items, ct)).Where(v => v.State is DueState.Upcoming or DueState.Today or DueState.Overdue).Take(200)];
    }

    internal async Task<IReadOnlyList<DueItemView>> ViewsAsync(IReadOnlyList<DueItem> items, CancellationToken ct)
    {
        var nodes = (await areas.NamesAsync([.. items.Select(i => i.AreaNodeId).Distinct()], ct)).ToDictionary(a => a.Id);
        var owners = (await accounts.FindAsync([.. items.Where(i => i.OwnerUserId != null).Select(i => i.OwnerUserId!).Distinct()], ct)).ToDictionary(a => a.UserId);
        var today = BeijingTime.Today(clock);
        return [.. items.Select(i =>
        {
            var node = nodes.GetValueOrDefault(i.AreaNodeId);
            var owner = i.OwnerUserId is null ? null : owners.GetValueOrDefault(i.OwnerUserId);
            return new DueItemView(i.Id, i.Kind, i.Title, i.AreaNodeId, node?.Code ?? "", node?.Name ?? "", i.DueOn, ReminderSchedule.DaysLeft(i.DueOn, today), State(i, today),
                i.OwnerUserId, owner is null ? null : (owner.DisplayName.Length > 0 ? owner.DisplayName : owner.UserName), i.OwnerRole,
                ReminderSchedule.Check(i.Rule).Any() ? [] : i.Rule.DaysBefore, i.OnTheDay, i.OverdueEveryDays, i.EscalateAfterDays, i.Note, i.Link, i.SourceKey,
                i.ClosedAt, i.ClosedNote, i.ClosedByName, []);
        })];
    }

    public static DueState State(DueItem i, DateOnly today) =>
        i.ClosedAt is not null ? DueState.Closed
        : i.DueOn < today ? DueState.Overdue
        : i.DueOn == today ? DueState.Today
        : ReminderSchedule.Current(i.DueOn, i.Rule, today) is not null ? DueState.Upcoming
        : DueState.Later;

    private async Task ApplyAsync(DueItem item, SaveDueItem input, CancellationToken ct)
    {
        var v = new Validation();
        DueKind kind = default;
        if (string.IsNullOrWhiteSpace(input.Kind) || !Enum.TryParse(input.Kind, true, out kind) || !Enum.IsDefined(kind)) v.Add("kind", l["Choose the kind."]);
        var title = input.Title?.Trim() ?? "";
        v.Require(title.Length is > 0 and <= TitleMax, "title", l["Give a title of 1 to {0} characters.", TitleMax]);
        AreaRef? node = null;
        if (string.IsNullOrWhiteSpace(input.Area)) v.Add("area", l["Choose the area node."]);
        else if ((node = await areas.FindAsync(input.Area.Trim(), ct)) is null) v.Add("area", l["No area node with code {0} is within your reach.", input.Area]);
        if (input.DueOn is null) v.Add("dueOn", l["Give the due date."]);
        string? ownerUserId = null, ownerRole = null;
        if (!string.IsNullOrWhiteSpace(input.OwnerUser))
        {
            var staff = await accounts.StaffAsync(input.OwnerUser.Trim(), ct);
            if (staff is null || staff.IsLocked || staff.Role is null || !OwnerRoles.Contains(staff.Role)) v.Add("ownerUser", l["{0} is not an active account of area staff.", input.OwnerUser]);
            else ownerUserId = staff.UserId;
        }
        else
        {
            ownerRole = string.IsNullOrWhiteSpace(input.OwnerRole) ? Roles.Grid : input.OwnerRole.Trim().ToLowerInvariant();
            if (!OwnerRoles.Contains(ownerRole)) v.Add("ownerRole", l["The owner's role is one of grid, community, street."]);
        }
        var rule = new ReminderRule(input.DaysBefore ?? ReminderRule.Default.DaysBefore, input.OnTheDay ?? true, input.OverdueEveryDays ?? ReminderRule.Default.OverdueEveryDays,
            input.EscalateAfterDays);
        foreach (var (field, message) in ReminderSchedule.Check(rule)) v.Add(field, l[message]);
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        v.Require(note is null || note.Length <= NoteMax, "note", l["At most {0} characters.", NoteMax]);
        v.ThrowIfInvalid();

        (item.Kind, item.Title, item.AreaNodeId, item.AreaPath, item.DueOn) = (kind, title, node!.Id, node.Path, input.DueOn!.Value);
        (item.OwnerUserId, item.OwnerRole, item.Note) = (ownerUserId, ownerRole, note);
        (item.DaysBefore, item.OnTheDay, item.OverdueEveryDays, item.EscalateAfterDays) = (DueItem.FormatDays(rule.DaysBefore), rule.OnTheDay, rule.OverdueEveryDays, rule.EscalateAfterDays);
        item.UpdatedAt = clock.GetUtcNow();
    }

    private async Task<DueItem> FindAsync(long id, CancellationToken ct) => await db.DueItems.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw NotFound(id);

    private AppProblem NotFound(long id) => AppProblem.NotFound(l["No due item {0} is within your reach.", id]);
}
