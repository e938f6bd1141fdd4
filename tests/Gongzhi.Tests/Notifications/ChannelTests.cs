using System.Text;
using System.Text.Json;
using Gongzhi.Modules.Notifications.Senders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Gongzhi.Tests.Notifications;

/// <summary>Each channel against a local listener: the real protocol on the wire, and how answers map to sent / retry / give up.</summary>
public sealed class ChannelTests
{
    private static ChannelMessage Message(string address, bool markdown = false, IReadOnlyList<string>? mentions = null, string body = "请于周五前到社区登记。") =>
        new(5, address, "疫苗接种通知", body, "https://gongzhi.example/r/1", "notifications.notice", "k|g:x|WeCom", markdown, mentions);

    private static IOptionsMonitor<T> Monitor<T>(T value) where T : class => new StaticMonitor<T>(value);

    private sealed class StaticMonitor<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;
        public T Get(string? name) => value;
        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    [Fact]
    public async Task Email_goes_over_smtp_to_a_local_server()
    {
        using var server = await new LocalSmtpServer().ReadyAsync();
        var sender = new SmtpEmailSender(Monitor(new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = "None", From = "noreply@gongzhi.example" }));
        var result = await sender.SendAsync(Message("wang@example.cn"), default);
        Assert.Equal(SendStatus.Sent, result.Status);
        var (from, to, raw) = Assert.Single(server.Messages);
        Assert.Equal("noreply@gongzhi.example", from);
        Assert.Equal(["wang@example.cn"], to);
        Assert.Contains("Message-Id: <delivery-5@gongzhi>", raw, StringComparison.OrdinalIgnoreCase);
        var decoded = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));
        Assert.Equal("疫苗接种通知", decoded.Subject);
        Assert.Contains("请于周五前到社区登记。", decoded.TextBody);
    }

    [Fact]
    public async Task Email_settings_that_cannot_work_give_up_with_a_clear_message()
    {
        var none = await new SmtpEmailSender(Monitor(new SmtpOptions())).SendAsync(Message("a@b.cn"), default);
        Assert.Equal((SendStatus.GiveUp, "Notifications:Email:Host is not set."), (none.Status, none.Response));
        var bogus = await new SmtpEmailSender(Monitor(new SmtpOptions { Host = "127.0.0.1", Security = "Bogus" })).SendAsync(Message("a@b.cn"), default);
        Assert.Equal(SendStatus.GiveUp, bogus.Status);
        Assert.Contains("Bogus", bogus.Response);
        var closed = await new SmtpEmailSender(Monitor(new SmtpOptions { Host = "127.0.0.1", Port = LocalHttpListener.FreePort(), Security = "None" }))
            .SendAsync(Message("a@b.cn"), default).ContinueWith(t => t.IsFaulted ? "thrown" : t.Result.Status.ToString());
        Assert.Equal("thrown", closed); // a refused connection is an exception: the dispatcher retries it
    }

    [Fact]
    public async Task WeCom_robots_get_the_documented_text_and_markdown_payloads()
    {
        using var robot = new LocalHttpListener();
        var sender = new WeComRobotSender(new HttpClient(), Monitor(new WeComOptions { Robots = { ["nanmen"] = robot.Url + "cgi-bin/webhook/send?key=abc" } }));
        Assert.Equal(SendStatus.Sent, (await sender.SendAsync(Message("nanmen", mentions: ["13800001234", "@all"]), default)).Status);
        Assert.Equal(SendStatus.Sent, (await sender.SendAsync(Message("nanmen", markdown: true), default)).Status);
        var requests = robot.Requests.ToList();
        Assert.Equal("/cgi-bin/webhook/send?key=abc", requests[0].Path);
        var text = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal("text", text.GetProperty("msgtype").GetString());
        Assert.Equal("疫苗接种通知\n请于周五前到社区登记。\nhttps://gongzhi.example/r/1", text.GetProperty("text").GetProperty("content").GetString());
        Assert.Equal(["13800001234", "@all"], text.GetProperty("text").GetProperty("mentioned_mobile_list").EnumerateArray().Select(e => e.GetString()));
        var markdown = JsonDocument.Parse(requests[1].Body).RootElement;
        Assert.Equal("markdown", markdown.GetProperty("msgtype").GetString());
        Assert.StartsWith("**疫苗接种通知**\n", markdown.GetProperty("markdown").GetProperty("content").GetString());

        var cut = WeComRobotSender.Cut(new string('通', 3000), WeComRobotSender.TextLimitBytes);
        Assert.InRange(Encoding.UTF8.GetByteCount(cut), 2000, 2048);
    }

    [Fact]
    public async Task WeCom_robots_declare_their_limit_and_map_error_codes()
    {
        using var robot = new LocalHttpListener();
        var sender = new WeComRobotSender(new HttpClient(), Monitor(new WeComOptions { Robots = { ["r"] = robot.Url + "send?key=k" } }));
        Assert.Equal(new RateLimit("wecom:r", 20, TimeSpan.FromMinutes(1)), ((IChannelSender)sender).Limit(Message("r")));
        Assert.Equal(SendStatus.Sent, (await sender.SendAsync(Message("r"), default)).Status);

        robot.Reply = _ => (200, """{"errcode":45009,"errmsg":"api freq out of limit"}""");
        Assert.Equal(SendStatus.Retry, (await sender.SendAsync(Message("r"), default)).Status);
        robot.Reply = _ => (200, """{"errcode":93000,"errmsg":"invalid webhook url"}""");
        Assert.Equal(SendStatus.GiveUp, (await sender.SendAsync(Message("r"), default)).Status);
        robot.Reply = _ => (502, "bad gateway");
        Assert.Equal(SendStatus.Retry, (await sender.SendAsync(Message("r"), default)).Status);
        var unknown = await sender.SendAsync(Message("other"), default);
        Assert.Equal(SendStatus.GiveUp, unknown.Status);
        Assert.Contains("'other' is not configured", unknown.Response);
    }

    [Fact]
    public async Task Sms_through_a_generic_http_gateway_with_headers_and_a_body_template()
    {
        using var gateway = new LocalHttpListener();
        var options = new SmsOptions
        {
            Provider = "Http",
            Http = { Url = gateway.Url + "sms", Headers = { ["X-Api-Key"] = "k1" }, Body = """{"to":"{phone}","content":"{title}：{text}","ref":"{id}"}""" },
        };
        var sender = new HttpSmsSender(new HttpClient(), Monitor(options));
        gateway.Reply = _ => (200, """{"ok":true}""");
        Assert.Equal(SendStatus.Sent, (await sender.SendAsync(Message("13800001234", body: "他说\"你好\""), default)).Status);
        var (path, body, headers) = Assert.Single(gateway.Requests);
        Assert.Equal("/sms", path);
        Assert.Equal("k1", headers["X-Api-Key"]);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("13800001234", json.GetProperty("to").GetString());
        // The message's absolute link follows the text on a line of its own (an SMS is read outside the app).
        Assert.Equal("疫苗接种通知：他说\"你好\"\nhttps://gongzhi.example/r/1", json.GetProperty("content").GetString());
        Assert.Equal("5", json.GetProperty("ref").GetString());

        gateway.Reply = _ => (400, "invalid number");
        Assert.Equal(SendStatus.GiveUp, (await sender.SendAsync(Message("13800001234"), default)).Status);
        gateway.Reply = _ => (503, "busy");
        Assert.Equal(SendStatus.Retry, (await sender.SendAsync(Message("13800001234"), default)).Status);
        options.Http.Url = "not a url";
        Assert.Equal(SendStatus.GiveUp, (await sender.SendAsync(Message("13800001234"), default)).Status);
    }
    [Fact]
    public void Aliyun_signing_reproduces_the_example_of_the_providers_documentation()
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = "testId", ["Action"] = "SendSms", ["Format"] = "XML", ["OutId"] = "123", ["PhoneNumbers"] = "15300000001",
            ["RegionId"] = "cn-hangzhou", ["SignName"] = "阿里云短信测试专用", ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "45e25e9b-0a6f-4070-8c85-2956eda1b466", ["SignatureVersion"] = "1.0", ["TemplateCode"] = "SMS_71390007",
            ["TemplateParam"] = "{\"customer\":\"test\"}", ["Timestamp"] = "2017-07-12T02:42:19Z", ["Version"] = "2017-05-25",
        };
        Assert.StartsWith("Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D&AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001",
            AliyunSmsSender.SignedQuery(parameters, "testSecret"));
    }

    [Fact]
    public async Task Aliyun_sms_is_a_signed_get_with_the_template_and_its_codes_map_to_retry_or_give_up()
    {
        using var aliyun = new LocalHttpListener();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var options = new SmsOptions { Provider = "Aliyun", Aliyun = { Endpoint = aliyun.Url, AccessKeyId = "id1", AccessKeySecret = "s3cret", SignName = "共治", TemplateCode = "SMS_1" } };
        var sender = new AliyunSmsSender(new HttpClient(), Monitor(options), clock);
        aliyun.Reply = _ => (200, """{"Code":"OK","Message":"OK","BizId":"9006197469364984^0","RequestId":"F655A8D5"}""");
        Assert.Equal(SendStatus.Sent, (await sender.SendAsync(Message("13800001234"), default)).Status);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(aliyun.Url.TrimEnd('/') + Assert.Single(aliyun.Requests).Path).Query);
        Assert.Equal(("SendSms", "13800001234", "共治", "SMS_1", "2026-11-29T08:00:00Z", "5"),
            (query["Action"], query["PhoneNumbers"], query["SignName"], query["TemplateCode"], query["Timestamp"], query["OutId"]));
        Assert.Equal("请于周五前到社区登记。", JsonDocument.Parse(query["TemplateParam"]!).RootElement.GetProperty("content").GetString());
        // The listener checks the signature as the provider would.
        var signed = query.AllKeys.Where(k => k != "Signature").ToDictionary(k => k!, k => query[k]!);
        Assert.Equal(AliyunSmsSender.Sign(string.Join("&", signed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => AliyunSmsSender.Encode(p.Key) + "=" + AliyunSmsSender.Encode(p.Value))), "s3cret"),
            query["Signature"]);

        aliyun.Reply = _ => (200, """{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"invalid mobile"}""");
        Assert.Equal(SendStatus.GiveUp, (await sender.SendAsync(Message("13800001234"), default)).Status);
        aliyun.Reply = _ => (200, """{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"limit"}""");
        Assert.Equal(SendStatus.Retry, (await sender.SendAsync(Message("13800001234"), default)).Status);
        aliyun.Reply = _ => (503, "unavailable");
        Assert.Equal(SendStatus.Retry, (await sender.SendAsync(Message("13800001234"), default)).Status);
        options.Aliyun.AccessKeySecret = null;
        Assert.Equal(SendStatus.GiveUp, (await sender.SendAsync(Message("13800001234"), default)).Status);
    }
}
