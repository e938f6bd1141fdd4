using Gongzhi.Infrastructure.Http;

namespace Gongzhi.Modules.Registry.Contracts;

/// <summary>A comparison in a <see cref="ResidentCriterion"/>.</summary>
public enum CriterionOperator { Equal, NotEqual, Greater, GreaterOrEqual, Less, LessOrEqual }

/// <summary>Residency types as the registry records them (户籍, 常住, 流动).</summary>
public enum ResidencyKind { Registered = 1, Permanent = 2, Floating = 3 }

public enum SexKind { Male = 1, Female = 2 }

/// <summary>
/// A condition on current residents, for other modules (policy targeting) to select people without knowing the
/// registry's tables. The registry translates it into one database query. <see cref="Position"/> is where the
/// condition came from in the caller's text (-1: nowhere), so the registry's refusals (an unknown tag or area) can
/// point at it.
/// </summary>
public abstract record ResidentCriterion(int Position = -1)
{
    public sealed record All(IReadOnlyList<ResidentCriterion> Items) : ResidentCriterion;
    public sealed record Any(IReadOnlyList<ResidentCriterion> Items) : ResidentCriterion;
    public sealed record Not(ResidentCriterion Inner) : ResidentCriterion;
    /// <summary>Full years of age on the reference date of the selection.</summary>
    public sealed record Age(CriterionOperator Operator, int Years, int At = -1) : ResidentCriterion(At);
    public sealed record Residency(ResidencyKind Kind, int At = -1) : ResidentCriterion(At);
    public sealed record Sex(SexKind Kind, int At = -1) : ResidentCriterion(At);
    /// <summary>A tag by code or name: system tags, age bands, custom tags in reach; 已故/迁出 test the status.</summary>
    public sealed record Tag(string CodeOrName, int At = -1) : ResidentCriterion(At);
    /// <summary>The current member count of the resident's household.</summary>
    public sealed record HouseholdSize(CriterionOperator Operator, int Members, int At = -1) : ResidentCriterion(At);
    /// <summary>Another current member of the resident's household is of this age on the reference date.</summary>
    public sealed record MemberAge(CriterionOperator Operator, int Years, int At = -1) : ResidentCriterion(At);
    /// <summary>Disability grade 1 (most severe) to 4; residents without a grade never match.</summary>
    public sealed record DisabilityGrade(CriterionOperator Operator, int Grade, int At = -1) : ResidentCriterion(At);
    /// <summary>Lives under the area node with this code (a node in the caller's reach).</summary>
    public sealed record InArea(string Code, int At = -1) : ResidentCriterion(At);
}

/// <summary>The registry refused a criterion (a tag or area it does not know, within the caller's reach).</summary>
public sealed class InvalidCriterionException(int position, string value, string message) : Exception(message)
{
    public int Position { get; } = position;
    public string Value { get; } = value;
}

/// <summary>A resident in a list of another module; the ID number and phone masked unless asked for unmasked.</summary>
public sealed record ResidentSummary(long Id, string Name, SexKind Sex, DateOnly BirthDate, int Age, string IdNumber, string? Phone,
    ResidencyKind Residency, bool IsCurrent, string? Address, string AreaPath);

/// <summary>An ID number looked up: the resident in reach it belongs to (and where they live), or why none (invalid, not found).</summary>
public sealed record IdNumberMatch(string Input, long? ResidentId, string? Name, bool IsValid, string? AreaPath = null);

/// <summary>
/// A set of residents chosen by the registry (a query, not yet run). The caller composes it with its own tables
/// through <see cref="Ids"/> and <see cref="Except"/>, and hands it back to the selector to count, page or stream.
/// </summary>
public abstract class ResidentSelection
{
    /// <summary>The residents' ids, as a subquery for the caller's own tables.</summary>
    public abstract IQueryable<long> Ids { get; }

    /// <summary>Those of the selection whose id is not among <paramref name="ids"/> (e.g. not enrolled).</summary>
    public abstract ResidentSelection Except(IQueryable<long> ids);
}

/// <summary>
/// Selects residents by a <see cref="ResidentCriterion"/>, through the caller's data scope. Selections are queries
/// that nothing reads until <see cref="CountAsync"/>, <see cref="PageAsync"/> or <see cref="StreamAsync"/>; each
/// becomes one statement over <c>residents</c> (with the caller's subqueries), never a join of the table with itself.
/// </summary>
public interface IResidentSelector
{
    /// <summary>
    /// The current (在册) residents in the caller's scope who meet the criterion on a date, under the area path when
    /// given. When <paramref name="check"/>, a tag or area the caller cannot use is refused
    /// (<see cref="InvalidCriterionException"/>): a rule being written. Otherwise (a rule someone else saved) an area
    /// out of the caller's reach, or a tag that is gone, simply matches nobody here.
    /// </summary>
    Task<ResidentSelection> SelectAsync(ResidentCriterion criterion, DateOnly on, string? areaPath, CancellationToken ct, bool check = true);

    /// <summary>The residents (current or not) with these ids in the caller's scope, under the area path when given.</summary>
    ResidentSelection OfIds(IQueryable<long> ids, string? areaPath);

    Task<int> CountAsync(ResidentSelection selection, CancellationToken ct);

    /// <summary>A page of the selection, ordered by address.</summary>
    Task<PagedList<ResidentSummary>> PageAsync(ResidentSelection selection, int page, int pageSize, CancellationToken ct);

    /// <summary>Every row in batches, for exports; unmasked decrypts (the caller checks permission and audits).</summary>
    IAsyncEnumerable<ResidentSummary> StreamAsync(ResidentSelection selection, bool unmasked, int limit, CancellationToken ct);

    /// <summary>One resident in the caller's scope, or null.</summary>
    Task<ResidentSummary?> FindAsync(long residentId, CancellationToken ct);

    /// <summary>Looks ID numbers up (through their keyed hashes) among the residents in the caller's scope, in input order.</summary>
    Task<IReadOnlyList<IdNumberMatch>> MatchIdNumbersAsync(IReadOnlyList<string> idNumbers, CancellationToken ct);
}
