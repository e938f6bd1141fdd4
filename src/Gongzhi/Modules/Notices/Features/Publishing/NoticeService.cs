using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Modules.Notices.Features.Attachments;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notices.Features.Publishing;

/// <summary>A notice as staff write it (the API's body). No tags and no ages: every current resident of the areas.</summary>
public sealed class WriteNotice
{
    public string? Title { get; set; }
    public string? Body { get; set; }
    public NoticeUrgency? Urgency { get; set; }
    public List<string>? AreaCodes { get; set; }
    public List<string>? Tags { get; set; }
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    /// <summary>"InApp", "Sms", "WeCom" (the areas' group robots), "Email".</summary>
    public List<string>? Channels { get; set; }
    /// <summary>When to publish; absent: now.</summary>
    public DateTimeOffset? PublishAt { get; set; }
}

public sealed record NoticeView(long Id, string Title, string Body, NoticeUrgency Urgency, IReadOnlyList<string> Channels, IReadOnlyList<string> AreaCodes,
    IReadOnlyList<string> Tags, int? MinAge, int? MaxAge, NoticeState State, DateTimeOffset PublishAt, DateTimeOffset? PublishedAt,
    DateTimeOffset? WithdrawnAt, int RecipientCount, string? CreatedBy, DateTimeOffset CreatedAt, string PublicLink,
    string? ReviewedBy, DateTimeOffset? ReviewedAt, string? RejectionReason, int LinkOpens);

/// <summary>A reviewer's refusal: why (shown to the author).</summary>
public sealed record RejectNotice(string? Reason);

/// <summary>What anyone with the link sees: the notice's text, never who it went to.</summary>
public sealed record PublicNotice(long Id, string Title, string Body, NoticeUrgency Urgency, DateTimeOffset PublishedAt)
{
    /// <summary>The notice's files, each by its unguessable download link.</summary>
    public IReadOnlyList<AttachmentLink> Attachments { get; init; } = [];
}

public sealed record AudienceCount(int Count);

/// <summary>What the printable A4 poster shows: the text, who issues it and the absolute public link for its QR code.</summary>
/// <remarks><see cref="AreaCode"/> is the issuing area's, whose public notice list (<see cref="NoticeService.AreaListLink"/>) a board may link too.</remarks>
public sealed record NoticePoster(long Id, string Title, string Body, NoticeUrgency Urgency, NoticeState State, DateTimeOffset Date, string Office, string PublicUrl, string AreaCode);

public sealed record NoticeReport(NoticeView Notice, IReadOnlyList<ChannelReport> Channels, IReadOnlyList<AttachmentLink> Attachments);

/// <summary>
/// Writing, publishing and withdrawing notices. The audience is a <see cref="ResidentCriterion"/> handed to the
/// registry (<see cref="IResidentSelector"/>); publishing streams it once and enqueues one message per recipient in
/// a single <see cref="INotifier"/> call, which writes a large audience in bulk inside the notice's own save.
/// </summary>
public sealed partial class NoticeService(GongzhiDb db, IAreaDirectory areas, IResidentSelector selector, INotifier notifier, IDeliveryTracking tracking,
    CurrentUser user, AuditLog audit, TimeProvider clock, IOptions<NoticeOptions> options, IStringLocalizer<SharedResource> l,
    AttachmentFiles files, NoticeAttachments attachments, PublicLinks links)
{
    public const string Kind = "notices.notice";

    /// <summary>More than a city district's residents is a mistake, not a notice.</summary>
    public const int MaxRecipients = 300_000;

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePhone();

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));

    public async Task<AudienceCount> PreviewAsync(WriteNotice input, CancellationToken ct)
    {
        Writer();
        var v = new Validation();
        var (criterion, _) = await AudienceAsync(input, v, ct);
        v.ThrowIfInvalid();
        return new AudienceCount(await selector.CountAsync(await selector.SelectAsync(criterion!, Today, null, ct), ct));
    }

    public Task<Notice> CreateAsync(WriteNotice input, CancellationToken ct) => CreateAsync(input, [], ct);

    /// <summary>
    /// Writes a notice with its attachments: every field and every file is checked first, and the notice and its
    /// files are written in one save (a bad file leaves no notice behind). Published now when its time has come.
    /// </summary>
    public async Task<Notice> CreateAsync(WriteNotice input, IReadOnlyList<IncomingFile> uploads, CancellationToken ct)
    {
        Writer();
        var v = new Validation();
        var title = input.Title?.Trim() ?? "";
        var body = input.Body?.Trim() ?? "";
        v.Require(title.Length is > 0 and <= 100, "title", l["A title has 1 to 100 characters."]);
        v.Require(body.Length is > 0 and <= 4000, "body", l["The text has 1 to 4000 characters."]);
        var channels = NoticeChannels.None;
        var channelsOk = true;
        foreach (var c in input.Channels ?? [])
            if (Enum.TryParse<NoticeChannels>(c, true, out var one) && one != NoticeChannels.None) channels |= one;
            else channelsOk = false;
        if (!channelsOk) v.Add("channels", l["Channels are InApp, Sms, WeCom and Email."]);
        else v.Require(channels != NoticeChannels.None, "channels", l["Choose at least one channel."]);
        var now = clock.GetUtcNow();
        // A minute's grace: a form filled in at 10:00 for 10:00 is meant as "now".
        v.Require(input.PublishAt is null || input.PublishAt >= now.AddMinutes(-1), "publishAt", l["The publishing time has passed."]);
        var (_, nodes) = await AudienceAsync(input, v, ct);
        var checkedFiles = await files.CheckAsync(uploads, 0, v, ct);
        v.ThrowIfInvalid();

        var notice = new Notice
        {
            Title = title, Body = body, Urgency = input.Urgency ?? NoticeUrgency.Normal, Channels = channels,
            AreaCodes = string.Join(',', nodes.Select(n => n.Code)), Tags = Tags(input) is { Count: > 0 } tags ? string.Join(',', tags) : null,
            MinAge = input.MinAge, MaxAge = input.MaxAge, AreaNodeId = nodes[0].Id, AreaPath = nodes[0].Path,
            State = options.Value.NeedsApproval(nodes.Select(n => n.Level)) ? NoticeState.PendingApproval : NoticeState.Scheduled,
            PublishAt = input.PublishAt is { } at && at > now ? at : now, CreatedBy = user.UserName, CreatedAt = now,
        };
        attachments.Attach(notice, checkedFiles);
        db.Notices.Add(notice);
        audit.RecordNew("notice.create", "notice", notice, $"{notice.Title} @ {notice.AreaCodes}", areaPath: notice.AreaPath);
        await db.SaveChangesAsync(ct);
        // Saved first so the outbox key has its id; should enqueueing fail, the job publishes it on its next tick.
        if (notice.State == NoticeState.Scheduled && notice.PublishAt <= now) await PublishAsync(notice, ct);
        return notice;
    }

    /// <summary>
    /// Approves a notice waiting for it: by staff other than its author whose reach holds every chosen area. It is
    /// then scheduled as written, or published at once when its time has come. Audited.
    /// </summary>
    public async Task ApproveAsync(long id, CancellationToken ct)
    {
        var notice = await ReviewableAsync(id, ct);
        notice.State = NoticeState.Scheduled;
        (notice.ReviewedBy, notice.ReviewedAt) = (user.UserName, clock.GetUtcNow());
        audit.Record("notice.approve", "notice", notice.Id, notice.Title, areaPath: notice.AreaPath);
        await db.SaveChangesAsync(ct);
        if (notice.PublishAt <= clock.GetUtcNow()) await PublishAsync(notice, ct);
    }

    /// <summary>Rejects a notice waiting for approval, with a reason for its author; it is never sent. Audited.</summary>
    public async Task RejectAsync(long id, RejectNotice input, CancellationToken ct)
    {
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 500) throw AppProblem.Invalid("reason", l["Give a reason of 1 to 500 characters."]);
        var notice = await ReviewableAsync(id, ct);
        notice.State = NoticeState.Rejected;
        (notice.ReviewedBy, notice.ReviewedAt, notice.RejectionReason) = (user.UserName, clock.GetUtcNow(), reason);
        audit.Record("notice.reject", "notice", notice.Id, reason, areaPath: notice.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    private async Task<Notice> ReviewableAsync(long id, CancellationToken ct)
    {
        Writer();
        var notice = await FindAsync(id, ct);
        if (notice.State != NoticeState.PendingApproval) throw AppProblem.Conflict(l["The notice is not waiting for approval."]);
        if (string.Equals(notice.CreatedBy, user.UserName, StringComparison.OrdinalIgnoreCase))
            throw AppProblem.Forbidden(l["A notice is approved by someone other than its author."]);
        // The notice hangs on its first area; the reviewer must reach every one of them.
        foreach (var code in notice.AreaCodes.Split(','))
            if (await areas.FindAsync(code, ct) is null)
                throw AppProblem.Forbidden(l["Only staff whose reach holds every area of the notice approve it."]);
        return notice;
    }

    /// <summary>Resolves the audience and enqueues every message, in the save that marks the notice published.</summary>
    public async Task PublishAsync(Notice notice, CancellationToken ct)
    {
        var criterion = Criterion(notice.AreaCodes.Split(','), notice.Tags?.Split(',') ?? [], notice.MinAge, notice.MaxAge);
        var selection = await selector.SelectAsync(criterion, Today, null, ct, check: false);
        var sms = notice.Channels.HasFlag(NoticeChannels.Sms);
        var recipients = new List<Recipient>();
        await foreach (var r in selector.StreamAsync(selection, unmasked: sms, MaxRecipients, ct))
            recipients.Add(new Recipient.Resident(r.Id, sms && r.Phone is { } p && MobilePhone().IsMatch(p) ? p : null));
        var residents = recipients.Count;
        var channels = (notice.Channels.HasFlag(NoticeChannels.InApp) ? Channels.InApp : 0) | (sms ? Channels.Sms : 0)
            | (notice.Channels.HasFlag(NoticeChannels.Email) ? Channels.Email : 0);
        if (notice.Channels.HasFlag(NoticeChannels.WeCom))
        {
            channels |= Channels.WeCom;
            // The groups of the chosen areas and of those below them; the notifier finds each area's robots.
            foreach (var code in notice.AreaCodes.Split(','))
                if (await areas.FindAsync(code, ct) is { } node) recipients.Add(new Recipient.WeComGroupsWithin(node.Path));
        }
        if (recipients.Count > 0)
            await notifier.EnqueueAsync(new OutgoingMessage(Kind, notice.OutboxKey, recipients,
                new Dictionary<string, string> { ["title"] = notice.Title, ["text"] = notice.Body }, channels,
                Link: links.Absolute(PublicLink(notice.Id)), Urgent: notice.Urgency == NoticeUrgency.Emergency), ct);
        notice.State = NoticeState.Published;
        notice.PublishedAt = clock.GetUtcNow();
        notice.RecipientCount = residents;
        audit.Record("notice.publish", "notice", notice.Id, $"{residents} recipients", areaPath: notice.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The job: every scheduled notice whose time has come, oldest first, each in its own save.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Notices.Where(n => n.State == NoticeState.Scheduled && n.PublishAt <= now).OrderBy(n => n.PublishAt).Take(20).ToListAsync(ct);
        foreach (var notice in due) await PublishAsync(notice, ct);
        return due.Count;
    }

    /// <summary>Hides the notice and cancels what the outbox has not sent yet, in one save.</summary>
    public async Task WithdrawAsync(long id, CancellationToken ct)
    {
        Writer();
        var notice = await FindAsync(id, ct);
        if (notice.State is NoticeState.Withdrawn or NoticeState.Rejected) return;
        notice.State = NoticeState.Withdrawn;
        notice.WithdrawnAt = clock.GetUtcNow();
        tracking.CancelQueued(notice.OutboxKey);
        audit.Record("notice.withdraw", "notice", notice.Id, notice.Title, areaPath: notice.AreaPath);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<NoticeView>> ListAsync(CancellationToken ct) =>
        (await db.Notices.AsNoTracking().OrderByDescending(n => n.PublishAt).Take(200).ToListAsync(ct)).Select(View).ToList();

    public async Task<NoticeView> GetAsync(long id, CancellationToken ct) => View(await FindAsync(id, ct));

    public async Task<NoticeReport> ReportAsync(long id, CancellationToken ct)
    {
        var notice = await FindAsync(id, ct);
        return new NoticeReport(View(notice), await tracking.ReportAsync(notice.OutboxKey, ct), await attachments.ListAsync(id, ct));
    }

    /// <summary>Published notices are public by link; scheduled and withdrawn ones are not found.</summary>
    public async Task<PublicNotice> PublicAsync(long id, CancellationToken ct)
    {
        var n = await db.Notices.AsNoTracking().IgnoreQueryFilters().Where(n => n.Id == id && n.State == NoticeState.Published)
            .Select(n => new PublicNotice(n.Id, n.Title, n.Body, n.Urgency, n.PublishedAt!.Value)).FirstOrDefaultAsync(ct);
        return n is null ? throw AppProblem.NotFound(l["No notice {0} is published.", id]) : n with { Attachments = await attachments.PublicListAsync(id, ct) };
    }

    /// <summary>
    /// The public page was opened: one more link open, counted in the database in one statement so concurrent
    /// readers are not lost. Only published notices count (the page of any other is a 404).
    /// </summary>
    public async Task<int> CountOpenAsync(long id, CancellationToken ct)
    {
        var opened = await db.Notices.IgnoreQueryFilters().Where(n => n.Id == id && n.State == NoticeState.Published)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LinkOpens, n => n.LinkOpens + 1), ct);
        // A signed-in recipient who opens the page has read the notice: their in-app message (if any) is read too.
        if (opened > 0 && user.Id is { } userId) await tracking.MarkReadAsync(userId, $"notice:{id}", ct);
        return opened;
    }

    public static string PublicLink(long id) => $"/n/{id}";

    /// <summary>The public list of the notices that reach an area node (its own and its ancestors').</summary>
    public static string AreaListLink(string areaCode) => $"/n/area/{Uri.EscapeDataString(areaCode)}";

    /// <summary>
    /// "More notices of this area" from a notice's public page: the board of its issuing area, by the notice's id so
    /// the notice's own page names none of its areas.
    /// </summary>
    public static string MoreLink(long id) => $"/n/{id}/more";

    /// <summary>
    /// The poster of a notice in the caller's reach: issued by its (first) area's office, dated when published (or
    /// when it is to be), with the public link made absolute so a phone can open the printed QR code.
    /// </summary>
    public async Task<NoticePoster> PosterAsync(long id, CancellationToken ct)
    {
        var n = await FindAsync(id, ct);
        var first = n.AreaCodes.Split(',')[0];
        var office = (await areas.FindAsync(first, ct))?.Name ?? first;
        return new NoticePoster(n.Id, n.Title, n.Body, n.Urgency, n.State, n.PublishedAt ?? n.PublishAt, office, links.Absolute(PublicLink(n.Id)), first);
    }

    private async Task<Notice> FindAsync(long id, CancellationToken ct) =>
        await db.Notices.FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw AppProblem.NotFound(l["No notice {0} is within your reach.", id]);

    private void Writer()
    {
        if (!user.CanManageAreas) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
    }

    private static List<string> Tags(WriteNotice input) =>
        [.. (input.Tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct()];

    /// <summary>Checks where and who (areas in the caller's reach, known tags, sensible ages) and builds the criterion.</summary>
    private async Task<(ResidentCriterion? Criterion, List<AreaRef> Nodes)> AudienceAsync(WriteNotice input, Validation v, CancellationToken ct)
    {
        var codes = (input.AreaCodes ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList();
        var nodes = new List<AreaRef>();
        if (codes.Count == 0) v.Add("areaCodes", l["Choose at least one area."]);
        else if (codes.Count > 50) v.Add("areaCodes", l["At most {0} areas.", 50]);
        else
            foreach (var code in codes)
                if (await areas.FindAsync(code, ct) is { IsRetired: false } node) nodes.Add(node);
                else v.Add("areaCodes", l["No area node with code {0} is within your reach.", code]);
        v.Require(input.MinAge is null or (>= 0 and <= 150), "minAge", l["An age is 0 to 150."]);
        v.Require(input.MaxAge is null or (>= 0 and <= 150), "maxAge", l["An age is 0 to 150."]);
        v.Require(input.MinAge is null || input.MaxAge is null || input.MinAge <= input.MaxAge, "maxAge", l["The highest age is below the lowest."]);
        var tags = Tags(input);
        if (tags.Count > 20 || string.Join(',', tags).Length > 500) v.Add("tags", l["At most {0} tags.", 20]);
        if (!v.IsValid) return (null, nodes);
        var criterion = Criterion(codes, tags, input.MinAge, input.MaxAge);
        try { await selector.SelectAsync(criterion, Today, null, ct); } // checks tags and areas, reads nothing
        catch (InvalidCriterionException e) { v.Add("tags", l["Unknown tag: {0}.", e.Value]); }
        return (criterion, nodes);
    }

    private static ResidentCriterion Criterion(IReadOnlyList<string> codes, IReadOnlyList<string> tags, int? min, int? max)
    {
        var items = new List<ResidentCriterion> { new ResidentCriterion.Any([.. codes.Select(c => new ResidentCriterion.InArea(c))]) };
        if (tags.Count > 0) items.Add(new ResidentCriterion.Any([.. tags.Select(t => new ResidentCriterion.Tag(t))]));
        if (min is { } lo) items.Add(new ResidentCriterion.Age(CriterionOperator.GreaterOrEqual, lo));
        if (max is { } hi) items.Add(new ResidentCriterion.Age(CriterionOperator.LessOrEqual, hi));
        return new ResidentCriterion.All(items);
    }

    private static NoticeView View(Notice n) => new(n.Id, n.Title, n.Body, n.Urgency,
        [.. Enum.GetValues<NoticeChannels>().Where(c => c != NoticeChannels.None && n.Channels.HasFlag(c)).Select(c => c.ToString())],
        n.AreaCodes.Split(','), n.Tags?.Split(',') ?? [], n.MinAge, n.MaxAge, n.State, n.PublishAt, n.PublishedAt, n.WithdrawnAt,
        n.RecipientCount, n.CreatedBy, n.CreatedAt, PublicLink(n.Id), n.ReviewedBy, n.ReviewedAt, n.RejectionReason, n.LinkOpens);
}
