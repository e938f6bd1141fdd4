using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Requests.Domain;

/// <summary>How a request came in. Staff record the window, phone, session and 随手拍 ones; the others come from the public form and imports.</summary>
public enum RequestChannel
{
    /// <summary>数字门牌码: the QR code on a household's door plate.</summary>
    DoorPlate = 1,
    /// <summary>A signed-in resident's own form.</summary>
    ResidentWeb = 2,
    /// <summary>一口受理: the community window, on behalf of a resident.</summary>
    Window = 3,
    Phone = 4,
    /// <summary>书记有约: a secretary's session at a fixed point.</summary>
    SecretarySession = 5,
    /// <summary>随手拍: a grid worker or volunteer reports what they see.</summary>
    Snapshot = 6,
    /// <summary>A case imported from the 12345 hotline system.</summary>
    Hotline12345 = 7,
    /// <summary>An Open311 GeoReport v2 client (an app, another city system) posting with its API key.</summary>
    Open311 = 8,
}

/// <summary>Where a request stands. The order is the loop's: 收集—派发—处置—反馈—回访.</summary>
public enum RequestStatus
{
    Submitted = 1,
    Accepted = 2,
    Assigned = 3,
    InProgress = 4,
    Resolved = 5,
    /// <summary>The resident was satisfied; staff still call back (回访) before it closes.</summary>
    AwaitingReturnVisit = 6,
    Closed = 7,
}

/// <summary>
/// A resident's request (诉求). Hangs on the area tree (the household's node, or the node the reporter chose), so the
/// data scope applies; first responsibility (首问负责) and handing work to an account or a department add reach of their
/// own (see <c>RequestAccess</c>). The submitter's phone is personal data: encrypted, hashed for lookup, masked for lists.
/// </summary>
[Display(Name = "Requests")]
public sealed class Request : IAreaScoped
{
    public long Id { get; set; }
    /// <summary>Public tracking code: random, not derived from the id, so one cannot guess another's.</summary>
    public required string TrackingCode { get; set; }
    public RequestChannel Channel { get; set; }
    public RequestStatus Status { get; set; } = RequestStatus.Submitted;
    public long CategoryId { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public long? HouseholdId { get; set; }
    public string? Address { get; set; }
    public string? SubmitterName { get; set; }
    public string? SubmitterPhoneCipher { get; set; }
    public string? SubmitterPhoneHash { get; set; }
    public string? SubmitterPhoneMasked { get; set; }
    public required string Description { get; set; }
    /// <summary>When the resident would like to be called (free text from the public form).</summary>
    public string? PreferredContactTime { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    /// <summary>The account that recorded it (staff channels), null for the public form and imports.</summary>
    public string? CreatedByUserId { get; set; }
    /// <summary>The 12345 hotline's case number of an imported case (unique: a second import of it changes nothing).</summary>
    public string? HotlineCaseNumber { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? FeedbackAt { get; set; }
    public DateTimeOffset? ReturnVisitAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Service-level deadlines, from the category's hours at submission.</summary>
    public DateTimeOffset AcceptDueAt { get; set; }
    public DateTimeOffset ResolveDueAt { get; set; }
    /// <summary>When the SLA job warned that a deadline nears, and marked it missed (each once).</summary>
    public DateTimeOffset? AcceptWarnedAt { get; set; }
    public DateTimeOffset? AcceptOverdueAt { get; set; }
    public DateTimeOffset? ResolveWarnedAt { get; set; }
    public DateTimeOffset? ResolveOverdueAt { get; set; }
    /// <summary>Minutes past the deadlines: accepting late plus resolving late; kept by the SLA job and frozen by the steps that end a phase.</summary>
    public int OverdueMinutes { get; set; }

    /// <summary>首问负责: the account that accepted it; it keeps reach until the request closes.</summary>
    public string? FirstResponsibleUserId { get; set; }
    public string? FirstResponsibleName { get; set; }
    /// <summary>The current handler: an account or a department (never both).</summary>
    public string? HandlerUserId { get; set; }
    public long? HandlerDepartmentId { get; set; }
    public string? HandlerName { get; set; }

    public string? ResolutionNote { get; set; }
    public bool? Satisfied { get; set; }
    public int? SatisfactionScore { get; set; }
    public int ReopenCount { get; set; }

    /// <summary>书记有约: the secretary's session it was taken at (channel SecretarySession).</summary>
    public long? SessionId { get; set; }
    /// <summary>督办: flagged by street staff (or above); stays on the supervision list until it closes or is unflagged.</summary>
    public DateTimeOffset? SupervisedAt { get; set; }
    public string? SupervisedByName { get; set; }
    public string? SupervisionNote { get; set; }

    /// <summary>Concurrency token: two people acting on one request at once cannot both win.</summary>
    public int Revision { get; set; }

    public List<RequestEvent> Events { get; set; } = [];
    public List<RequestWhistle> Whistles { get; set; } = [];

    public bool IsOpen => Status != RequestStatus.Closed;
}

/// <summary>What happened to a request: the timeline.</summary>
public enum RequestEventKind
{
    Submitted = 1,
    Accepted = 2,
    Assigned = 3,
    Transferred = 4,
    Returned = 5,
    Started = 6,
    Resolved = 7,
    Feedback = 8,
    Reopened = 9,
    ReturnVisit = 10,
    Closed = 11,
    Whistled = 12,
    ReportedIn = 13,
    DepartmentActed = 14,
    Overdue = 15,
    Supervised = 16,
    SupervisionEnded = 17,
    LinkedDuplicate = 18,
    /// <summary>The submitter added information from the tracking page.</summary>
    Supplemented = 21,
}

/// <summary>One step of a request's timeline: who, when, what, and the note or reason they gave.</summary>
public sealed class RequestEvent
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public DateTimeOffset At { get; set; }
    public RequestEventKind Kind { get; set; }
    public string? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    /// <summary>Whom it concerns (the new handler, the department) as it was named then.</summary>
    public string? Target { get; set; }
    public string? Note { get; set; }
}
