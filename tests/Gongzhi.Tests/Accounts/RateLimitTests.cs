using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Gongzhi.Tests.Accounts;

/// <summary>A Gongzhi with a tight sign-in limit: anonymous sign-in endpoints are rate-limited per client.</summary>
public sealed class TightSignInApp() : SmallSqliteApp("tight",
    ("Security:SignInsPerMinute", "3"));

public sealed class RateLimitTests(TightSignInApp app) : IClassFixture<TightSignInApp>
{
    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_with_a_problem()
    {
        var client = app.Anonymous();
        for (var i = 0; i < 3; i++)
            await client.PostJson("/api/auth/token", new { userName = "street", password = "wrong" }).Problem(HttpStatusCode.Unauthorized);
        var limited = await client.PostJson("/api/auth/token", new { userName = "street", password = GongzhiApp.Password }).Problem(HttpStatusCode.TooManyRequests);
        Assert.Contains("频繁", limited.Str("title"));
    }
}
