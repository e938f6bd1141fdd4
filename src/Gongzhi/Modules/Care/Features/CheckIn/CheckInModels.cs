namespace Gongzhi.Modules.Care.Features.CheckIn;

/// <summary>窗帘之约 enrolment: the user names of the people told when no mark comes (none: the resident leaves the check-in).</summary>
public sealed record CheckInEnrolment(IReadOnlyList<string>? Watchers);

/// <summary>How an enrolled resident stands today: marked (when, by whom) or not, and today's open alert if any.</summary>
public sealed record CheckInStatus(long EntryId, string ResidentName, string Address, IReadOnlyList<string> Watchers, DateTimeOffset? MarkedAt, string? MarkedByName,
    long? OpenAlertId);

public sealed record AlertView(long Id, long EntryId, string ResidentName, string Address, DateOnly Day, DateTimeOffset RaisedAt, DateTimeOffset? ClosedAt,
    string? Finding, string? ClosedByName);

/// <summary>Closing an alert: what was found (required).</summary>
public sealed record CloseAlert(string? Finding);
