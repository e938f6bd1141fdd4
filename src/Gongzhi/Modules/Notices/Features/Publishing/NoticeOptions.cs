using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Notices.Features.Publishing;

/// <summary>The <c>Notices</c> settings.</summary>
public sealed class NoticeOptions
{
    /// <summary>
    /// Notices whose widest chosen area is at this level or wider wait for approval by another staff member whose
    /// reach holds every chosen area (so a street-wide notice is approved by street staff, a community-wide one, with
    /// <c>Community</c>, by community staff). Null (empty): no notice needs approval.
    /// </summary>
    public AreaLevel? ApprovalFrom { get; set; } = AreaLevel.Street;

    /// <summary>Largest attachment accepted, in bytes (default 10 MB).</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most attachments one notice holds.</summary>
    public int MaxAttachments { get; set; } = 5;

    public bool NeedsApproval(IEnumerable<AreaLevel> levels) => ApprovalFrom is { } from && levels.Any(l => l <= from);
}
