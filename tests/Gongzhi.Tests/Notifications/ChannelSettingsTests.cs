using System.Net;
using Gongzhi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Gongzhi.Tests.Notifications;

/// <summary>A Gongzhi whose channel settings cannot work: Aliyun without its secret, a robot URL without a key, a bad sender address.</summary>
public sealed class MisconfiguredChannelsApp() : SmallSqliteApp("channels",
    ("Notifications:Sms:Provider", "Aliyun"),
    ("Notifications:Sms:Aliyun:AccessKeyId", "LTAI-test"),
    ("Notifications:Sms:Aliyun:SignName", "共治"),
    ("Notifications:WeCom:Robots:nanmen", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"),
    ("Notifications:Email:Host", "smtp.example.com"),
    ("Notifications:Email:From", "nobody"));

public sealed class ChannelSettingsTests(MisconfiguredChannelsApp app) : IClassFixture<MisconfiguredChannelsApp>
{
    [Fact]
    public async Task Settings_that_cannot_work_are_named_for_admins_and_the_app_still_serves()
    {
        Assert.Equal("Healthy", await app.Anonymous().GetStringAsync("/readyz"));
        var admin = await app.ClientFor("admin");
        var channels = (await admin.GetAsync("/api/notifications/channels").Ok()).EnumerateArray().ToDictionary(c => c.Str("channel")!);
        var sms = channels["Sms"];
        Assert.StartsWith("Aliyun SMS", sms.Str("sender"));
        Assert.False(sms.GetProperty("idempotent").GetBoolean());
        Assert.Equal("20 / s", sms.Str("rateLimit"));
        var smsProblems = sms.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["Notifications:Sms:Aliyun:AccessKeySecret is missing.", "Notifications:Sms:Aliyun:TemplateCode is missing."], smsProblems);
        Assert.Contains("Notifications:WeCom:Robots:nanmen is not an https webhook URL with its key.", channels["WeCom"].GetProperty("problems").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("20 / min per robot", channels["WeCom"].Str("rateLimit"));
        Assert.Contains("Notifications:Email:From 'nobody' is not an e-mail address.", channels["Email"].GetProperty("problems").EnumerateArray().Select(p => p.GetString()));

        var page = await admin.GetStringAsync("/admin/outbox");
        Assert.Contains("AccessKeySecret is missing", page);
        Assert.Contains("table-warning", page);

        // Only admins see the channels (the robot URLs carry keys).
        using var forbidden = await (await app.ClientFor("community")).GetAsync("/api/notifications/channels");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }
}
