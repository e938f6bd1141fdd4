using System.Diagnostics.Metrics;
using Gongzhi.Infrastructure.Cli;
using Gongzhi.Infrastructure.Metrics;
using Gongzhi.Modules.Accounts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class RulesTests
{
    [Theory]
    [InlineData(AreaLevel.Community, AreaLevel.Grid, true)]
    [InlineData(AreaLevel.Grid, AreaLevel.Building, true)]
    [InlineData(AreaLevel.Compound, AreaLevel.Building, true)]
    [InlineData(AreaLevel.Building, AreaLevel.Unit, true)]
    [InlineData(AreaLevel.Community, AreaLevel.Building, false)]
    [InlineData(AreaLevel.Unit, AreaLevel.Unit, false)]
    [InlineData(AreaLevel.Grid, AreaLevel.Grid, false)]
    [InlineData(AreaLevel.Street, AreaLevel.Grid, false)]
    public void The_tree_keeps_its_levels(AreaLevel parent, AreaLevel child, bool allowed) =>
        Assert.Equal(allowed, AreaNode.CanHoldChild(parent, child));

    [Theory]
    [InlineData("/37/", true)]
    [InlineData("/37/3708/370811/", true)]
    [InlineData("/370/", false)]
    [InlineData("/3708/", false)]
    [InlineData("/36/", false)]
    [InlineData("/38/", false)]
    [InlineData("/37", false)]
    public void A_path_range_holds_exactly_the_subtree(string path, bool under)
    {
        Assert.Equal("/370", Gongzhi.Infrastructure.Database.PathRange.End("/37/"));
        var predicate = Gongzhi.Infrastructure.Database.PathRange.Predicate<string>(p => p, "/37/").Compile();
        Assert.Equal(under, predicate(path));
        Assert.Equal(under, path.StartsWith("/37/", StringComparison.Ordinal));
    }

    [Fact]
    public void Paths_are_chains_of_codes() =>
        Assert.Equal("/37/3708/", AreaNode.ChildPath("/37/", "3708"));

    [Theory]
    [InlineData(new string[0], "serve", 0, 0)]
    [InlineData(new[] { "--Demo:Seed=true" }, "serve", 0, 1)]
    [InlineData(new[] { "import-divisions", "a.csv", "--Database:Provider=Postgres" }, "import-divisions", 1, 1)]
    [InlineData(new[] { "migrate" }, "migrate", 0, 0)]
    public void The_command_line_splits_verb_and_settings(string[] args, string verb, int verbArgs, int hostArgs)
    {
        var split = CommandLine.Split(args);
        Assert.Equal(verb, split.Verb);
        Assert.Equal(verbArgs, split.VerbArgs.Length);
        Assert.Equal(hostArgs, split.HostArgs.Length);
    }

    [Theory]
    [InlineData("/areas", "/areas")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData(null, "/")]
    public void Return_urls_stay_on_the_site(string? url, string expected) => Assert.Equal(expected, AccountsApi.SafeReturnUrl(url));
}
