namespace Gongzhi.Modules.Requests.Domain;

/// <summary>
/// 吹哨报到: a community or street worker calls a department in on a request. The department must report in (报到)
/// by <see cref="ReportDueAt"/> and then say what it did. The department's staff reach the request through it.
/// </summary>
public sealed class RequestWhistle
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public long DepartmentId { get; set; }
    /// <summary>The department's name when it was called, for the timeline.</summary>
    public required string DepartmentName { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset WhistledAt { get; set; }
    public string? WhistledByUserId { get; set; }
    public required string WhistledByName { get; set; }
    public DateTimeOffset ReportDueAt { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
    public string? ReportedByName { get; set; }
    public DateTimeOffset? ActedAt { get; set; }
    public string? ActedByName { get; set; }
    public string? ActionNote { get; set; }
}
