namespace Gongzhi.Modules.Requests.Contracts;

/// <summary>The external channels that may hand requests in through <see cref="IRequestIntake"/>.</summary>
public enum ExternalChannel
{
    /// <summary>A case of the 12345 hotline system, identified by its case number.</summary>
    Hotline12345 = 1,
    /// <summary>An Open311 GeoReport v2 client.</summary>
    Open311 = 2,
}

/// <summary>
/// A request handed in by a system outside Gongzhi. The caller has checked the system's credentials and runs the
/// intake with system reach; <paramref name="Source"/> names the system (an API client's name) for the audit.
/// The area is a node code (the channel's placement rule decides it); the phone is encrypted like any other.
/// </summary>
public sealed record ExternalRequest(
    ExternalChannel Channel, string Source, string? CategoryCode, string? AreaCode, string? Address, string? Description,
    string? SubmitterName = null, string? SubmitterPhone = null, double? Latitude = null, double? Longitude = null,
    string? HotlineCaseNumber = null, DateTimeOffset? ReceivedAt = null);

/// <summary>What an intake did: the request as the public sees it, and whether it is new (false: the same hotline case came before).</summary>
public sealed record IntakeResult(PublicRequest Request, bool Created);

/// <summary>
/// A request a staff member records for a household they found in need during other work (a care visit, 三三探访):
/// the household (in the caller's scope) places it; <paramref name="Source"/> names that work for the audit.
/// </summary>
public sealed record HouseholdRequest(long HouseholdId, string? CategoryCode, string? Description, string? ResidentName, string Source);

/// <summary>How other modules create requests: from an external channel (Open311, the 12345 hotline) or for a household staff visited.</summary>
public interface IRequestIntake
{
    /// <summary>
    /// Records a 随手拍 (snapshot) request by the signed-in staff member for the household, on its node and address,
    /// and saves it (refusals are <c>AppProblem</c>s with field errors and change nothing). Answers its public face.
    /// </summary>
    Task<PublicRequest> RecordForHouseholdAsync(HouseholdRequest input, CancellationToken ct);

    /// <summary>
    /// Validates and records the request in one save (refusals are <c>AppProblem</c>s with field errors and change
    /// nothing). A hotline case number seen before answers the existing request and changes nothing.
    /// </summary>
    Task<IntakeResult> SubmitAsync(ExternalRequest input, CancellationToken ct);
}
