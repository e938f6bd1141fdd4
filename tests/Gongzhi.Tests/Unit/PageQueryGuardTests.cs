using Gongzhi.Infrastructure.Http;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class PageQueryGuardTests
{
    [Theory]
    [InlineData("12", typeof(int?), true)]
    [InlineData("abc", typeof(int?), false)]
    [InlineData("99999999999", typeof(int), false)]
    [InlineData("99999999999", typeof(long), true)]
    [InlineData("true", typeof(bool?), true)]
    [InlineData("yes", typeof(bool), false)]
    [InlineData("2026-11-29", typeof(DateOnly?), true)]
    [InlineData("2026-13-01", typeof(DateOnly), false)]
    [InlineData("anything", typeof(string), true)]
    [InlineData("3", typeof(int[]), true)]
    [InlineData("x", typeof(int[]), false)]
    public void Query_values_are_checked_by_the_type_the_page_binds(string value, Type type, bool ok) =>
        Assert.Equal(ok, PageQueryGuard.CanParse(value, type));
}
