using Gongzhi.Modules.Volunteers.Domain;

namespace Gongzhi.Modules.Volunteers.Features.Pool;

/// <summary>
/// A volunteer as entered by staff: a resident of the registry (residentId), or an outsider (name, and for a student
/// school, college and class) serving the node areaCode; skills (catalogue codes), availability, service areas (node codes).
/// </summary>
public sealed record RegisterVolunteer(string? Kind, long? ResidentId = null, string? Name = null, string? School = null, string? College = null,
    string? ClassName = null, string? AreaCode = null, IReadOnlyList<string>? Skills = null, string? Availability = null, IReadOnlyList<string>? ServiceAreas = null);

public sealed record VolunteerView(long Id, string Name, VolunteerKind Kind, long? ResidentId, string? School, string? College, string? ClassName,
    long AreaNodeId, string AreaPath, IReadOnlyList<string> Skills, string? Availability, IReadOnlyList<string> ServiceAreas, long? TeamId, bool Verified,
    DateTimeOffset? VerifiedAt, decimal HoursServed, int ActivitiesServed, bool HasAccount, DateTimeOffset CreatedAt);

/// <summary>The pool's filters: a skill code, an area code, availability text, at least so many hours, verified or not, a name; sort (hours, name, newest); paging.</summary>
public sealed record VolunteerFilter(string? Skill = null, string? Area = null, string? Availability = null, decimal? MinHours = null, bool? Verified = null,
    string? Q = null, string? Sort = null, int? Page = null, int? PageSize = null);

public sealed record SkillView(string Code, string Name, bool Orderable);

/// <summary>The volunteers settings (section "Volunteers"): the points a done and rated service order earns.</summary>
public sealed class VolunteersOptions
{
    public int OrderPoints { get; set; } = 10;
    /// <summary>How long before an activity starts the check-in opens.</summary>
    public int CheckInOpensMinutesBefore { get; set; } = 30;
    /// <summary>How long after an activity ends a check-out is still taken.</summary>
    public int CheckOutClosesMinutesAfter { get; set; } = 120;
}
