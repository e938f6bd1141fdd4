using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gongzhi.Modules.Notifications.Domain;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notifications.Senders;

/// <summary>
/// WeCom (企业微信) group robots: POST the documented <c>text</c> (with <c>mentioned_mobile_list</c>) or <c>markdown</c>
/// payload to the robot's webhook. At most <see cref="WeComOptions.PerMinute"/> messages a minute per robot, counted
/// across app nodes by the dispatcher (<see cref="Limit"/>): the rest wait their turn (deferred, not dropped and not
/// counted as attempts). Texts are cut to the robot's byte limits.
/// </summary>
public sealed class WeComRobotSender(HttpClient http, IOptionsMonitor<WeComOptions> options,
    Func<string, CancellationToken, Task<string?>>? robotsOfAreas = null) : IChannelSender
{
    public const int TextLimitBytes = 2048;
    public const int MarkdownLimitBytes = 4096;
    public DeliveryChannel Channel => DeliveryChannel.WeCom;
    public bool Idempotent => false;

    public RateLimit? Limit(ChannelMessage message) => new("wecom:" + message.Address, Math.Max(1, options.CurrentValue.PerMinute), TimeSpan.FromMinutes(1));

    public string Describe() => $"WeCom group robots ({options.CurrentValue.Robots.Count} in settings, more per area)";

    public IReadOnlyList<string> SettingsProblems() =>
        options.CurrentValue.Robots.Where(r => !IsWebhook(r.Value)).Select(r => $"Notifications:WeCom:Robots:{r.Key} is not an https webhook URL with its key.").ToList();

    /// <summary>A robot URL that can work: https (or http for a local relay) with a <c>key</c> in the query.</summary>
    public static bool IsWebhook(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query.Contains("key=", StringComparison.Ordinal);

    public async Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (!o.Robots.TryGetValue(message.Address, out var url) || string.IsNullOrWhiteSpace(url))
            url = robotsOfAreas is null ? null : await robotsOfAreas(message.Address, ct);
        if (string.IsNullOrWhiteSpace(url))
            return new SendResult(SendStatus.GiveUp, $"WeCom robot '{message.Address}' is not configured (Notifications:WeCom:Robots:{message.Address}, or an area's robot).");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return new SendResult(SendStatus.GiveUp, $"WeCom robot '{message.Address}' has no valid URL.");

        using var response = await http.PostAsJsonAsync(uri, Payload(message), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) return new SendResult((int)response.StatusCode is >= 500 or 429 or 408 ? SendStatus.Retry : SendStatus.GiveUp, $"{(int)response.StatusCode} {text}");
        try
        {
            using var json = JsonDocument.Parse(text);
            var code = json.RootElement.TryGetProperty("errcode", out var e) ? e.GetInt32() : -1;
            return code switch
            {
                0 => SendResult.Ok(text),
                45009 or -1 => new SendResult(SendStatus.Retry, text), // API frequency limit, system busy
                _ => new SendResult(SendStatus.GiveUp, text), // invalid key (93000), bad content (40008 …)
            };
        }
        catch (JsonException)
        {
            return new SendResult(SendStatus.Retry, text);
        }
    }

    /// <summary>The robot's JSON: <c>text</c> with its mentions, or <c>markdown</c> (mentions as <c>&lt;@mobile&gt;</c> are not supported by phone).</summary>
    public static object Payload(ChannelMessage m)
    {
        if (m.Markdown)
            return new { msgtype = "markdown", markdown = new { content = Cut($"**{m.Title}**\n{m.Body}" + (m.Link is null ? "" : $"\n[{m.Link}]({m.Link})"), MarkdownLimitBytes) } };
        return new
        {
            msgtype = "text",
            text = new { content = Cut($"{m.Title}\n{m.Body}" + (m.Link is null ? "" : "\n" + m.Link), TextLimitBytes), mentioned_mobile_list = m.MentionedMobiles ?? [] },
        };
    }

    /// <summary>Cuts a text to a number of UTF-8 bytes without splitting a character.</summary>
    public static string Cut(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return text;
        var result = new StringBuilder();
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes - 3) break;
            bytes += rune.Utf8SequenceLength;
            result.Append(rune.ToString());
        }
        return result.Append('…').ToString();
    }
}
