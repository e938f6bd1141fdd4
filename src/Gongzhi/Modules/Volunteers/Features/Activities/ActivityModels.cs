using Gongzhi.Modules.Volunteers.Domain;

namespace Gongzhi.Modules.Volunteers.Features.Activities;

/// <summary>
/// An activity as published: title, category, place, start and end, the sign-up deadline (default: the start),
/// capacity, needed skills (catalogue codes), points per hour or per activity; on an area node (staff) or for a
/// team the caller leads (teamId).
/// </summary>
public sealed record PublishActivity(string? Title, string? Category, string? Place, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    DateTimeOffset? SignUpDeadline = null, int? Capacity = null, IReadOnlyList<string>? NeededSkills = null, int? PointsPerHour = null,
    int? PointsPerActivity = null, string? AreaCode = null, long? TeamId = null, string? Description = null);

public sealed record ActivityView(long Id, string Title, string Category, string Place, string? Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateTimeOffset SignUpDeadline, int Capacity, int SignedUp, IReadOnlyList<string> NeededSkills, int PointsPerHour, int PointsPerActivity,
    long AreaNodeId, long? TeamId, string OrganizerName, bool Cancelled, bool Near, SignUpState? MyState);

public sealed record SignUpView(long Id, long ActivityId, long VolunteerId, string VolunteerName, SignUpState State, DateTimeOffset SignedUpAt,
    DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt, decimal? Hours, DateTimeOffset? ConfirmedAt, string? ConfirmedBy, int? Points);

/// <summary>An activity with its sign-ups (for its organiser and the staff above it; others see their own only).</summary>
public sealed record ActivityDetail(ActivityView Activity, bool IsOrganizer, IReadOnlyList<SignUpView> SignUps);

/// <summary>The current check-in code of an activity and the link its QR encodes; valid until <paramref name="RotatesAt"/> (and one step after).</summary>
public sealed record CheckInCode(string Token, string Url, DateTimeOffset RotatesAt);

/// <summary>A scan of the site's code: the token from the link.</summary>
public sealed record ScanCheckIn(string? Token);

/// <summary>The organiser's confirmation: the minutes attended (default: from the check-in and -out marks, within the activity's time).</summary>
public sealed record ConfirmHours(int? Minutes = null);

/// <summary>One line of a ranking: the volunteer, hours and activities in the year.</summary>
public sealed record RankingLine(int Rank, long VolunteerId, string Name, decimal Hours, int Activities);
