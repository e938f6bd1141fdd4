namespace Gongzhi.Infrastructure.Http;

public static class Paging
{
    /// <summary>Clamps paging input: pages start at 1; page sizes stay between 1 and <paramref name="max"/>.</summary>
    public static (int Page, int PageSize) Normalize(int? page, int? pageSize, int defaultSize = 50, int max = 500) =>
        (Math.Max(1, page ?? 1), Math.Clamp(pageSize ?? defaultSize, 1, max));
}
