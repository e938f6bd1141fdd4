using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gongzhi.Modules.Notifications.Domain;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notifications.Senders;

/// <summary><c>Notifications:Sms:Aliyun</c>: Aliyun SMS (dysmsapi) account, sign name and template.</summary>
public sealed class AliyunSmsOptions
{
    public string Endpoint { get; set; } = "https://dysmsapi.aliyuncs.com/";
    public string? AccessKeyId { get; set; }
    public string? AccessKeySecret { get; set; }
    public string? SignName { get; set; }
    public string? TemplateCode { get; set; }
    /// <summary>The template's variables as JSON; <c>{title}</c>, <c>{text}</c> and <c>{link}</c> are replaced by the message (JSON-escaped).</summary>
    public string TemplateParam { get; set; } = """{"content":"{text}"}""";
    public string RegionId { get; set; } = "cn-hangzhou";
}

/// <summary>
/// Aliyun SMS <c>SendSms</c> (API version 2017-05-25) with its RPC request signing: signature method HMAC-SHA1,
/// signature version 1.0 (sorted, RFC 3986-encoded parameters; <c>GET&amp;%2F&amp;…</c> signed with <c>secret&amp;</c>).
/// Aliyun does not deduplicate repeated calls; <c>OutId</c> carries the delivery id for reconciliation.
/// </summary>
public sealed class AliyunSmsSender(HttpClient http, IOptionsMonitor<SmsOptions> options, TimeProvider clock) : IChannelSender
{
    public DeliveryChannel Channel => DeliveryChannel.Sms;
    public bool Idempotent => false;

    public RateLimit? Limit(ChannelMessage message) =>
        options.CurrentValue.PerSecond > 0 ? new("sms", options.CurrentValue.PerSecond, TimeSpan.FromSeconds(1)) : null;

    public string Describe() => "Aliyun SMS " + options.CurrentValue.Aliyun.Endpoint;

    public IReadOnlyList<string> SettingsProblems()
    {
        var o = options.CurrentValue.Aliyun;
        var problems = new List<string>();
        foreach (var (name, value) in new[] { ("AccessKeyId", o.AccessKeyId), ("AccessKeySecret", o.AccessKeySecret), ("SignName", o.SignName), ("TemplateCode", o.TemplateCode) })
            if (string.IsNullOrWhiteSpace(value)) problems.Add($"Notifications:Sms:Aliyun:{name} is missing.");
        if (!Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != "https")
            problems.Add("Notifications:Sms:Aliyun:Endpoint is not an https URL.");
        return problems;
    }

    public async Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue.Aliyun;
        if (string.IsNullOrWhiteSpace(o.AccessKeyId) || string.IsNullOrWhiteSpace(o.AccessKeySecret) || string.IsNullOrWhiteSpace(o.SignName) || string.IsNullOrWhiteSpace(o.TemplateCode))
            return new SendResult(SendStatus.GiveUp, "Notifications:Sms:Aliyun needs AccessKeyId, AccessKeySecret, SignName and TemplateCode.");
        if (!Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var endpoint)) return new SendResult(SendStatus.GiveUp, "Notifications:Sms:Aliyun:Endpoint is not a URL.");
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = o.AccessKeyId,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["OutId"] = message.DeliveryId.ToString(),
            ["PhoneNumbers"] = message.Address,
            ["RegionId"] = o.RegionId,
            ["SignName"] = o.SignName,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = Guid.NewGuid().ToString(),
            ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = o.TemplateCode,
            ["TemplateParam"] = o.TemplateParam.Replace("{title}", Json(message.Title)).Replace("{text}", Json(message.Body)).Replace("{link}", Json(message.Link ?? "")),
            ["Timestamp"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["Version"] = "2017-05-25",
        };
        var url = new Uri(endpoint, "?" + SignedQuery(parameters, o.AccessKeySecret));
        using var response = await http.GetAsync(url, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        string? code = null;
        try { code = JsonDocument.Parse(text).RootElement.GetProperty("Code").GetString(); } catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { }
        return new SendResult(Classify(code, (int)response.StatusCode), text.Length > 1000 ? text[..1000] : text);
    }

    /// <summary>Aliyun's answer codes: OK is sent; throttling and provider errors are retried; everything else will not work on retry.</summary>
    public static SendStatus Classify(string? code, int httpStatus) => code switch
    {
        "OK" => SendStatus.Sent,
        "isv.BUSINESS_LIMIT_CONTROL" or "Throttling" or "Throttling.User" or "Throttling.Api" or "ServiceUnavailable" => SendStatus.Retry,
        { } c when c.StartsWith("isp.") => SendStatus.Retry,
        null => httpStatus >= 500 || httpStatus == 429 || httpStatus == 0 ? SendStatus.Retry : SendStatus.GiveUp,
        _ => SendStatus.GiveUp, // isv.MOBILE_NUMBER_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL, SignatureDoesNotMatch, InvalidAccessKeyId.NotFound …
    };

    /// <summary>The sorted, encoded parameters with <c>Signature</c> first, as the request's query string.</summary>
    public static string SignedQuery(IReadOnlyDictionary<string, string> parameters, string secret)
    {
        var canonical = string.Join("&", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        return "Signature=" + Encode(Sign(canonical, secret)) + "&" + canonical;
    }

    /// <summary>Base64(HMAC-SHA1(secret + "&amp;", "GET&amp;%2F&amp;" + encode(canonical query))).</summary>
    public static string Sign(string canonicalQuery, string secret)
    {
        var stringToSign = "GET&" + Encode("/") + "&" + Encode(canonicalQuery);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>RFC 3986 percent-encoding of UTF-8 (Aliyun's "specialUrlEncode": space %20, * %2A, ~ kept).</summary>
    public static string Encode(string value)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~') result.Append(c);
            else result.Append('%').Append(b.ToString("X2"));
        }
        return result.ToString();
    }

    private static string Json(string value) => JsonSerializer.Serialize(value)[1..^1];
}
