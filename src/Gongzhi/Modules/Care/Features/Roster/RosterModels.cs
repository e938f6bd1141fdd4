using Gongzhi.Modules.Care.Domain;

namespace Gongzhi.Modules.Care.Features.Roster;

/// <summary>An emergency contact as entered: name, relation (子女, 邻居 …) and phone.</summary>
public sealed record ContactInput(string? Name, string? Relation, string? Phone);

/// <summary>
/// A roster entry as entered: the resident (of the caller's scope), why they are under care, the visit frequency in
/// days, the visitors' user names, emergency contacts and a note. On update the resident stays as enrolled.
/// </summary>
public sealed record SaveCareEntry(long? ResidentId, string? Kind, int? FrequencyDays, IReadOnlyList<string>? Visitors = null,
    IReadOnlyList<ContactInput>? Contacts = null, string? Note = null);

/// <summary>Where an entry stands against its frequency: visited in time, due within the next days, or overdue.</summary>
public enum VisitState { Ok = 1, Due = 2, Overdue = 3 }

public sealed record ContactView(string Name, string Relation, string PhoneMasked);

public sealed record CareEntrySummary(long Id, long ResidentId, string ResidentName, string? ResidentPhoneMasked, long HouseholdId, string Address, CareKind Kind,
    int FrequencyDays, DateTimeOffset? LastVisitedAt, DateOnly NextDueOn, VisitState State, int DaysOverdue, IReadOnlyList<CareVisitor> Visitors);

public sealed record CareEntryDetail(CareEntrySummary Entry, IReadOnlyList<ContactView> Contacts, string? Note, DateOnly EnrolledOn,
    IReadOnlyList<VisitView> RecentVisits, IReadOnlyList<string> CheckInWatchers);

public sealed record VisitView(long Id, long EntryId, DateTimeOffset VisitedAt, string VisitorName, IReadOnlyList<CheckResult> Checklist, int ProblemCount,
    string? Notes, string? RequestTrackingCode);

/// <summary>The roster's filters: an area (code), a kind, a state (Due: due or overdue; Overdue), a name or address; paging.</summary>
public sealed record CareFilter(string? Area = null, string? Kind = null, string? State = null, string? Q = null, int? Page = null, int? PageSize = null);

/// <summary>
/// The care settings (section "Care"): how many days ahead a visit counts as due; the hour (Beijing time) by which a
/// 窗帘之约 mark is expected; how often the check-in job looks (CheckInCheckMinutes, read by the job declaration).
/// </summary>
public sealed class CareOptions
{
    public int DueWithinDays { get; set; } = 3;
    public int CheckInHour { get; set; } = 10;
    /// <summary>窗帘之约: an alert still open this many minutes after it was raised goes on to the grid worker.</summary>
    public int CheckInEscalateMinutes { get; set; } = 60;
    /// <summary>A missed visit is escalated to the visitor's supervisor after this many days (the reminders module).</summary>
    public int MissedVisitEscalateDays { get; set; } = 3;
    /// <summary>While a visit is missing, the visitor is reminded again every this many days.</summary>
    public int MissedVisitRepeatDays { get; set; } = 3;
    /// <summary>
    /// 窗帘之约 by SMS: the shared secret the SMS gateway sends in the <c>X-Care-Sms-Secret</c> header of
    /// <c>POST /api/care/checkin/sms</c>. Empty (the default): the webhook is disabled and answers 404.
    /// </summary>
    public string? SmsInboundSecret { get; set; }
    /// <summary>The door page <c>/c/{token}</c> and its API: requests per minute from one client address.</summary>
    public int DoorPerMinute { get; set; } = 30;
}
