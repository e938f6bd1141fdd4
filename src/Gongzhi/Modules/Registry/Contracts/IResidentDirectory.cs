namespace Gongzhi.Modules.Registry.Contracts;

/// <summary>
/// A current resident as other modules (the service window) need them: name, masked phone, household and where it
/// hangs on the tree. Never the ID number or the phone in clear.
/// </summary>
public sealed record ResidentRef(long Id, string Name, string? PhoneMasked, long HouseholdId, long AreaNodeId, string AreaPath, string Address);

/// <summary>How other modules look residents up; through the caller's data scope (outside it: null or nothing).</summary>
public interface IResidentDirectory
{
    /// <summary>A current (active, housed) resident by id, or null when there is none in the caller's reach.</summary>
    Task<ResidentRef?> FindAsync(long id, CancellationToken ct);

    /// <summary>Current residents whose name holds <paramref name="name"/>, at most <paramref name="take"/>, by name.</summary>
    Task<IReadOnlyList<ResidentRef>> SearchAsync(string name, int take, CancellationToken ct);

    /// <summary>
    /// The resident's phone in clear, for an outgoing message only (the outbox encrypts it again): never show it.
    /// Null when the resident is out of reach or has no phone.
    /// </summary>
    Task<string?> PhoneForMessagesAsync(long id, CancellationToken ct);

    /// <summary>
    /// The phone of a current resident's household contact, for an outgoing message only (never show it): the
    /// householder's (户主), else the oldest other current adult member's who has one; never the resident's own.
    /// Null when the resident is out of reach or nobody of the household has a phone.
    /// </summary>
    Task<string?> HouseholdContactPhoneForMessagesAsync(long id, CancellationToken ct);
}
