using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notices.Features.Attachments;

/// <summary>An attachment as lists show it; <see cref="Url"/> is the public download link (unguessable token).</summary>
public sealed record AttachmentLink(string FileName, string ContentType, long Length, string Url);

/// <summary>A download: the stored name, the checked type and the bytes.</summary>
public sealed record AttachmentDownload(string FileName, string ContentType, byte[] Content);

/// <summary>
/// A notice's attachments, stored in the database (table <c>notice_attachments</c>) so that the Operations backup,
/// which saves and restores the database alone, keeps them with their notices. Added all at once or not at all.
/// </summary>
public sealed class NoticeAttachments(GongzhiDb db, AttachmentFiles files, CurrentUser user, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static string Url(long noticeId, string token) => $"/api/public/notices/{noticeId}/attachments/{token}";

    /// <summary>
    /// Adds files to a notice in the caller's reach that is not withdrawn or rejected: every file is checked first,
    /// and one refusal (type, size, count) writes none of them. Audited.
    /// </summary>
    public async Task<IReadOnlyList<AttachmentLink>> AddAsync(long noticeId, IReadOnlyList<IncomingFile> uploads, CancellationToken ct)
    {
        if (!user.CanManageAreas) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
        var notice = await db.Notices.FirstOrDefaultAsync(n => n.Id == noticeId, ct) ?? throw AppProblem.NotFound(l["No notice {0} is within your reach.", noticeId]);
        if (notice.State is NoticeState.Withdrawn or NoticeState.Rejected) throw AppProblem.Conflict(l["A withdrawn or rejected notice takes no attachments."]);
        var v = new Validation();
        if (uploads.Count == 0) v.Add(AttachmentFiles.Field, l["Choose a file."]);
        var existing = await db.NoticeAttachments.CountAsync(a => a.NoticeId == noticeId, ct);
        var checkedFiles = await files.CheckAsync(uploads, existing, v, ct);
        v.ThrowIfInvalid();
        Attach(notice, checkedFiles);
        audit.Record("notice.attach", "notice", notice.Id, string.Join(", ", checkedFiles.Select(f => $"{f.FileName} ({f.Content.Length} B)")), areaPath: notice.AreaPath);
        await db.SaveChangesAsync(ct);
        return await ListAsync(noticeId, ct);
    }

    /// <summary>Adds checked files to a (tracked) notice; they are written by the caller's save.</summary>
    public void Attach(Notice notice, IEnumerable<CheckedFile> checkedFiles)
    {
        var now = clock.GetUtcNow();
        foreach (var f in checkedFiles)
            notice.Attachments.Add(new NoticeAttachment
            {
                Token = AttachmentFiles.NewToken(), FileName = f.FileName, ContentType = f.ContentType, Length = f.Content.Length, Content = f.Content, CreatedAt = now,
            });
    }

    /// <summary>A notice's attachments for staff (the notice in the caller's reach).</summary>
    public async Task<IReadOnlyList<AttachmentLink>> ListAsync(long noticeId, CancellationToken ct)
    {
        if (!await db.Notices.AnyAsync(n => n.Id == noticeId, ct)) throw AppProblem.NotFound(l["No notice {0} is within your reach.", noticeId]);
        return await LinksAsync(noticeId, ct);
    }

    /// <summary>A published notice's attachments, for its public page (nothing for any other notice).</summary>
    public async Task<IReadOnlyList<AttachmentLink>> PublicListAsync(long noticeId, CancellationToken ct) =>
        await db.Notices.IgnoreQueryFilters().AnyAsync(n => n.Id == noticeId && n.State == NoticeState.Published, ct) ? await LinksAsync(noticeId, ct) : [];

    /// <summary>One attachment of a published notice by its token; anything else (wrong token, notice withdrawn) is a 404.</summary>
    public async Task<AttachmentDownload> DownloadAsync(long noticeId, string token, CancellationToken ct)
    {
        var found = await db.NoticeAttachments.AsNoTracking()
            .Where(a => a.NoticeId == noticeId && a.Token == token && db.Notices.IgnoreQueryFilters().Any(n => n.Id == noticeId && n.State == NoticeState.Published))
            .Select(a => new AttachmentDownload(a.FileName, a.ContentType, a.Content)).FirstOrDefaultAsync(ct);
        return found ?? throw AppProblem.NotFound(l["No such attachment."]);
    }

    private async Task<IReadOnlyList<AttachmentLink>> LinksAsync(long noticeId, CancellationToken ct) =>
        (await db.NoticeAttachments.AsNoTracking().Where(a => a.NoticeId == noticeId).OrderBy(a => a.Id)
            .Select(a => new { a.FileName, a.ContentType, a.Length, a.Token }).ToListAsync(ct))
        .Select(a => new AttachmentLink(a.FileName, a.ContentType, a.Length, Url(noticeId, a.Token))).ToList();
}
