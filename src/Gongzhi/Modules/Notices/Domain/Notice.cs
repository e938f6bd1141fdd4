using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Notices.Domain;

public enum NoticeUrgency { Normal = 0, Important = 1, Emergency = 2 }

/// <summary>Where a notice stands. <see cref="PendingApproval"/> and <see cref="Rejected"/>: its level needs approval (<c>Notices:ApprovalFrom</c>).</summary>
public enum NoticeState { Scheduled = 0, Published = 1, Withdrawn = 2, PendingApproval = 3, Rejected = 4 }

/// <summary>
/// The channels a notice goes out on: in-app and SMS to each resident, e-mail to residents whose account has an
/// address, and WeCom to the group robots of the notice's areas and the areas below them.
/// </summary>
[Flags]
public enum NoticeChannels { None = 0, InApp = 1, Sms = 2, WeCom = 4, Email = 8 }

/// <summary>
/// A notice (通知公告) to the residents of one or more area nodes, all of them or those with given tags or ages.
/// It hangs on the tree at its first area node, so the writer's colleagues in that subtree see it; the audience is
/// resolved when it is published, and the messages themselves live in the outbox under the key <c>notice:{Id}</c>.
/// </summary>
[Display(Name = "Notices")]
public sealed class Notice : IAreaScoped
{
    public long Id { get; set; }
    public required string Title { get; set; }
    /// <summary>Plain text; line breaks are kept on the page.</summary>
    public required string Body { get; set; }
    public NoticeUrgency Urgency { get; set; }
    public NoticeChannels Channels { get; set; }
    /// <summary>The area nodes' codes, comma-separated, as chosen (within the writer's reach when written).</summary>
    public required string AreaCodes { get; set; }
    /// <summary>Tags (codes or names, comma-separated): residents with any of them. Null: everyone.</summary>
    public string? Tags { get; set; }
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public NoticeState State { get; set; }
    public DateTimeOffset PublishAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    /// <summary>Residents the audience held when published.</summary>
    public int RecipientCount { get; set; }
    public string? CreatedBy { get; set; }
    /// <summary>Who approved or rejected it (never its author) and when; null when its level needs no approval.</summary>
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? RejectionReason { get; set; }
    /// <summary>How often the public page was opened (by link or QR code): the "read" of channels that report none.</summary>
    public int LinkOpens { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Written with the notice (or added later) in one save; loaded only when asked for.</summary>
    public List<NoticeAttachment> Attachments { get; set; } = [];

    public string OutboxKey => $"notice:{Id}";
}
