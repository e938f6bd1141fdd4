using Gongzhi.Modules.Volunteers.Domain;

namespace Gongzhi.Modules.Volunteers.Features.Awards;

/// <summary>
/// A nomination as posted: the title's code, the year (default this year), the awarding node's code, and the nominee
/// — volunteerId, teamId or buildingCode, as the title is for — with the reason.
/// </summary>
public sealed record Nominate(string? TitleCode, int? Year, string? AreaCode, long? VolunteerId = null, long? TeamId = null, string? BuildingCode = null, string? Reason = null);

/// <summary>The awarding staff's decision: award (true) or decline (false), with an optional note.</summary>
public sealed record DecideNomination(bool? Award, string? Note = null);

/// <summary>A title's settings staff may change: the per-node yearly limit (null: none) and the bonus points (0: none).</summary>
public sealed record SetAwardTitle(int? Limit, int? BonusPoints);

public sealed record AwardTitleView(string Code, string Name, AwardNomineeKind NomineeKind, int? Limit, int BonusPoints);

public sealed record NominationView(long Id, string TitleCode, string TitleName, int Year, long AreaNodeId, string AreaName, AwardNomineeKind NomineeKind, long NomineeId,
    string NomineeName, string Reason, string Evidence, string? NominatedByName, DateTimeOffset NominatedAt, NominationState State, string? DecidedBy,
    DateTimeOffset? DecidedAt, string? DecisionNote, int? BonusPoints);

/// <summary>An award on the public list: the title, the nominee's name masked when it is a person's, the awarding node.</summary>
public sealed record PublicAward(string TitleCode, string TitleName, int Year, string AreaName, AwardNomineeKind NomineeKind, string Name);

/// <summary>An award of the volunteer's, for their own page.</summary>
public sealed record VolunteerAward(string TitleName, int Year, string AreaName);
