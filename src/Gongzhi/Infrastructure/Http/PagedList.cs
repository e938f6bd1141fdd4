namespace Gongzhi.Infrastructure.Http;

/// <summary>One page of a list and the total count: the shape of every list the API answers (<c>{ "items": [...], "total": N }</c>).</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total);
