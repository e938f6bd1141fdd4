namespace Gongzhi.Modules.Requests.Contracts;

/// <summary>A category as a public catalogue shows it (an Open311 service): parents have no parent name.</summary>
public sealed record PublicCategory(string Code, string Name, string? ParentName, int AcceptWithinHours, int ResolveWithinHours);

/// <summary>
/// A request as the public (and an external system) may see it: no submitter name, phone or e-mail; the description
/// with phone numbers and e-mail addresses masked; a household's request shows its area node's name, not the door.
/// <paramref name="Status"/> is the workflow status name (Submitted … Closed); <see cref="IsClosed"/> is true once it is resolved.
/// </summary>
public sealed record PublicRequest(
    string TrackingCode, string Channel, string Status, string StatusText, string CategoryCode, string CategoryName,
    string Description, string? Address, double? Latitude, double? Longitude, string? AgencyResponsible,
    DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, DateTimeOffset ResolveDueAt,
    DateTimeOffset? AcceptedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt, bool? Satisfied, int? SatisfactionScore)
{
    public bool IsClosed => Status is "Resolved" or "AwaitingReturnVisit" or "Closed";
}

/// <summary>
/// A search over public views. <paramref name="TrackingCodes"/>, when given, overrides every other filter; otherwise
/// requests submitted in [<paramref name="From"/>, <paramref name="To"/>), of the categories, open or closed ones, newest first.
/// </summary>
public sealed record PublicRequestQuery(
    IReadOnlyCollection<string>? TrackingCodes, IReadOnlyCollection<string>? CategoryCodes, DateTimeOffset From, DateTimeOffset To,
    bool? Closed, int Limit);

/// <summary>
/// Reads the public face of requests and the category catalogue, for channels outside the staff pages (Open311,
/// the hotline). Reads see every area: what they answer is public by design and carries no personal data.
/// </summary>
public interface IRequestDirectory
{
    /// <summary>Active categories, parents each followed by their children.</summary>
    Task<IReadOnlyList<PublicCategory>> CategoriesAsync(CancellationToken ct);
    Task<PublicRequest?> FindAsync(string trackingCode, CancellationToken ct);
    Task<IReadOnlyList<PublicRequest>> SearchAsync(PublicRequestQuery query, CancellationToken ct);
    /// <summary>The request imported from a hotline case, with the resolution note the hotline system reports back (null: not imported).</summary>
    Task<HotlineCaseStatus?> HotlineCaseAsync(string caseNumber, CancellationToken ct);
}

/// <summary>What the 12345 hotline system reads back: the request's public face and the handler's resolution note.</summary>
public sealed record HotlineCaseStatus(string CaseNumber, PublicRequest Request, string? ResolutionNote);
