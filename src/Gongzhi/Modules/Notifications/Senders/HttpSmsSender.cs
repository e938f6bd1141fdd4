using System.Text;
using System.Text.Json;
using Gongzhi.Modules.Notifications.Domain;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notifications.Senders;

/// <summary>SMS through a generic HTTP JSON gateway (see <see cref="HttpSmsOptions"/>).</summary>
public sealed class HttpSmsSender(HttpClient http, IOptionsMonitor<SmsOptions> options) : IChannelSender
{
    public DeliveryChannel Channel => DeliveryChannel.Sms;
    public bool Idempotent => false;

    public RateLimit? Limit(ChannelMessage message) =>
        options.CurrentValue.PerSecond > 0 ? new("sms", options.CurrentValue.PerSecond, TimeSpan.FromSeconds(1)) : null;

    public string Describe() => $"HTTP gateway {(Uri.TryCreate(options.CurrentValue.Http.Url, UriKind.Absolute, out var u) ? u.GetLeftPart(UriPartial.Authority) : "?")}";

    public IReadOnlyList<string> SettingsProblems()
    {
        var o = options.CurrentValue.Http;
        var problems = new List<string>();
        if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            problems.Add("Notifications:Sms:Http:Url is not an http(s) URL.");
        try
        {
            JsonDocument.Parse(o.Body.Replace("{phone}", "1").Replace("{title}", "t").Replace("{text}", "t").Replace("{id}", "1")).Dispose();
        }
        catch (JsonException)
        {
            problems.Add("Notifications:Sms:Http:Body is not JSON once its {phone}, {title}, {text} and {id} are filled in.");
        }
        if (!o.Body.Contains("{phone}")) problems.Add("Notifications:Sms:Http:Body has no {phone}.");
        return problems;
    }

    public async Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue.Http;
        if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return new SendResult(SendStatus.GiveUp, "Notifications:Sms:Http:Url is not an http(s) URL.");
        var body = o.Body.Replace("{phone}", Json(message.Address)).Replace("{title}", Json(message.Title))
            .Replace("{text}", Json(message.Body + SmsLink(message.Body, message.Link))).Replace("{link}", Json(message.Link ?? "")).Replace("{id}", Json(message.DeliveryId.ToString()));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in o.Headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var status = (int)response.StatusCode;
        return response.IsSuccessStatusCode ? SendResult.Ok(text)
            : new SendResult(status is >= 400 and < 500 and not 408 and not 429 ? SendStatus.GiveUp : SendStatus.Retry, $"{status} {text}");
    }

    /// <summary>A value for inside a JSON string literal.</summary>
    private static string Json(string value) => JsonSerializer.Serialize(value)[1..^1];

    /// <summary>
    /// An SMS is read outside the app: an absolute link follows the text on a line of its own, unless the text (a
    /// template with <c>{link}</c>, such as a request's tracking message) already carries it.
    /// </summary>
    public static string SmsLink(string body, string? link) =>
        link is not null && !body.Contains(link, StringComparison.Ordinal)
        && (link.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || link.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ? "\n" + link : "";
}
