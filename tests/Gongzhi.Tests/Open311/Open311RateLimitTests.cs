using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Gongzhi.Tests.Open311;

/// <summary>A Gongzhi whose anonymous Open311 reads are limited to three a minute per client address.</summary>
public sealed class TightOpen311App() : SmallSqliteApp("open311-tight",
    ("Open311:ReadsPerMinute", "3"));

public sealed class Open311RateLimitTests(TightOpen311App app) : IClassFixture<TightOpen311App>
{
    [Fact]
    public async Task Anonymous_reads_beyond_the_limit_get_429_and_signed_in_staff_are_not_limited()
    {
        var client = app.Anonymous();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/open311/v2/services.json")).StatusCode);
        using var limited = await client.GetAsync("/open311/v2/requests.json");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        // The refusal speaks the specification's error format, in the format asked for.
        var error = System.Text.Json.JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single();
        Assert.Equal(429, error.GetProperty("code").GetInt32());
        using var limitedXml = await client.GetAsync("/open311/v2/discovery.xml");
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedXml.StatusCode);
        Assert.Equal("429", System.Xml.Linq.XDocument.Parse(await limitedXml.Content.ReadAsStringAsync()).Root!.Element("error")!.Element("code")!.Value);

        var admin = await app.ClientFor("admin");
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/open311/v2/services.xml")).StatusCode);
    }
}
