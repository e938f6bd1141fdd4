namespace Gongzhi.Modules.Requests.Domain;

/// <summary>Who takes a request of a category by default: small matters stay low ("小事不出社区").</summary>
public enum HandlerLevel
{
    Grid = 1,
    Community = 2,
    Street = 3,
    Department = 4,
}

/// <summary>
/// A kind of request (物业管理/漏水, 环境卫生 …) in a two-level tree, with the default handler level and the service-level
/// times every request of it is measured against. Retired categories stay on old requests but take no new ones.
/// </summary>
public sealed class RequestCategory
{
    public long Id { get; set; }
    /// <summary>Stable code (<c>property.leak</c>), used by the API and later by Open311 as the service code.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public long? ParentId { get; set; }
    public HandlerLevel HandlerLevel { get; set; } = HandlerLevel.Community;
    /// <summary>Hours from submission within which the request must be accepted (接单).</summary>
    public int AcceptWithinHours { get; set; }
    /// <summary>Hours from submission within which it must be resolved.</summary>
    public int ResolveWithinHours { get; set; }
    public int SortOrder { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
}
