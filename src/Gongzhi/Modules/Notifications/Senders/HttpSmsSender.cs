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

    public async Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue.Http;
        if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return new SendResult(SendStatus.GiveUp, "Notifications:Sms:Http:Url is not an http(s) URL.");
        var body = o.Body.Replace("{phone}", Json(message.Address)).Replace("{title}", Json(message.Title))
            .Replace("{text}", Json(message.Body)).Replace("{id}", Json(message.DeliveryId.ToString()));
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
}
