namespace Gongzhi.Modules.Volunteers.Contracts;

/// <summary>A volunteer as other modules see them; <paramref name="HoursServed"/> counts confirmed hours only.</summary>
public sealed record VolunteerSummary(long Id, string Name, long AreaNodeId, string AreaPath, string? UserId, decimal HoursServed, bool Verified);

/// <summary>Looks volunteers up for other modules (the points bank's statements and certificates).</summary>
public interface IVolunteerDirectory
{
    /// <summary>The volunteer, when they are in the caller's reach.</summary>
    Task<VolunteerSummary?> FindAsync(long volunteerId, CancellationToken ct);

    /// <summary>The volunteer profile of a signed-in account, if it has one.</summary>
    Task<VolunteerSummary?> OfUserAsync(string userId, CancellationToken ct);

    /// <summary>
    /// The masked phones (138****5678) of the given volunteers in the caller's reach who are residents with a phone,
    /// by volunteer id; anyone else is absent. Never a phone in clear: the bank's counter tells namesakes apart by it.
    /// </summary>
    Task<IReadOnlyDictionary<long, string>> MaskedPhonesAsync(IReadOnlyCollection<long> volunteerIds, CancellationToken ct);
}
