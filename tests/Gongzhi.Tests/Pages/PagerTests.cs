using Gongzhi.Components.Shared;
using Xunit;

namespace Gongzhi.Tests.Pages;

public sealed class PagerTests
{
    private static string Render(int page, int pages) => string.Join(" ", Pager.Slots(page, pages).Select(s => s?.ToString() ?? "…"));

    [Theory]
    [InlineData(1, 13, "1 2 3 … 11 12 13")]
    [InlineData(1, 5, "1 2 3 4 5")]
    [InlineData(50, 100, "1 2 3 … 48 49 50 51 52 … 98 99 100")]
    [InlineData(6, 20, "1 2 3 4 5 6 7 8 … 18 19 20")]   // a one-page gap shows the page, not "…"
    [InlineData(7, 13, "1 2 3 4 5 6 7 8 9 10 11 12 13")]
    [InlineData(100, 100, "1 2 3 … 98 99 100")]
    public void Gaps_are_single_and_never_hide_only_one_page(int page, int pages, string expected)
    {
        Assert.Equal(expected, Render(page, pages));
    }

    [Fact]
    public void Two_gaps_never_stand_side_by_side()
    {
        for (var pages = 1; pages <= 40; pages++)
            for (var page = 1; page <= pages; page++)
            {
                var slots = Pager.Slots(page, pages);
                Assert.DoesNotContain(slots.Zip(slots.Skip(1)), pair => pair.First is null && pair.Second is null);
                Assert.Equal(Enumerable.Range(1, pages).Where(p => slots.Contains(p)), slots.OfType<int>()); // ascending, no duplicates
            }
    }
}
