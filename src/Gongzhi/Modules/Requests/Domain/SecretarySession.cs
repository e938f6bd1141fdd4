using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Requests.Domain;

/// <summary>
/// 书记有约: a secretary's session at a fixed point (date, place, secretary, the area it serves, notes). The matters
/// taken there are requests of channel <see cref="RequestChannel.SecretarySession"/> pointing at it, so the session's
/// page can call back on each of them (谁受理、谁处置、谁反馈).
/// </summary>
[Display(Name = "Secretary's sessions")]
public sealed class SecretarySession : IAreaScoped
{
    public long Id { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Place { get; set; }
    public string? SecretaryUserId { get; set; }
    public required string SecretaryName { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedByUserId { get; set; }
}

/// <summary>
/// A request marked as a duplicate of another (reason, who, when). The link closes nothing: the duplicate is closed
/// through its own workflow (resolve with a note pointing at the other, feedback, return visit), so every request the
/// resident made still comes back to them.
/// </summary>
public sealed class RequestLink
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public long OtherRequestId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
    public string? LinkedByUserId { get; set; }
    public required string LinkedByName { get; set; }
}
