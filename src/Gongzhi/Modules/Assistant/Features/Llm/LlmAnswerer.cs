using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gongzhi.Modules.Assistant.Features.Questions;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Assistant.Features.Llm;

/// <summary>Settings under <c>Assistant:Llm</c>: an OpenAI-compatible chat completions endpoint; off unless Url and Model are set.</summary>
public sealed class LlmOptions
{
    /// <summary>The chat completions URL, e.g. <c>https://host/v1/chat/completions</c>.</summary>
    public string? Url { get; set; }
    public string? Model { get; set; }
    public string? Key { get; set; }
    public int TimeoutSeconds { get; set; } = 8;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url) && !string.IsNullOrWhiteSpace(Model);
}

/// <summary>
/// Writes a short answer from the retrieved entries only, citing them by number ([1], [2]). Any failure — off, refused,
/// slow, malformed, or citing nothing it was given — gives null, and the caller shows the retrieval answers alone.
/// </summary>
public sealed class LlmAnswerer(HttpClient http, IOptionsMonitor<LlmOptions> options, ILogger<LlmAnswerer> log)
{
    public bool Enabled => options.CurrentValue.Enabled;

    public async Task<string?> AnswerAsync(string question, IReadOnlyList<AssistantAnswer> sources, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (!o.Enabled || sources.Count == 0) return null;
        var context = new StringBuilder();
        for (var i = 0; i < sources.Count; i++)
            context.Append('[').Append(i + 1).Append("] ").Append(sources[i].Title).Append('\n').Append(sources[i].Answer).Append("\n\n");
        var body = new
        {
            model = o.Model,
            temperature = 0.1,
            messages = new object[]
            {
                new { role = "system", content = "你是社区政务服务助手。只根据下面编号的资料回答居民的问题，用简短的中文，并用[编号]注明出处；资料里没有的内容不要编造，直接说不知道并建议咨询社区窗口。\n\n" + context },
                new { role = "user", content = question },
            },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, o.TimeoutSeconds)));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, o.Url) { Content = JsonContent.Create(body) };
            if (!string.IsNullOrWhiteSpace(o.Key)) request.Headers.Authorization = new("Bearer", o.Key);
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode) return Failed($"status {(int)response.StatusCode}");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var text = doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()?.Trim();
            // An answer that cites none of the sources it was given is not grounded in them.
            if (string.IsNullOrEmpty(text) || !Enumerable.Range(1, sources.Count).Any(i => text.Contains($"[{i}]", StringComparison.Ordinal)))
                return Failed("no citation");
            return text.Length > 1000 ? text[..1000] : text;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            if (ct.IsCancellationRequested) throw;
            return Failed(e.GetType().Name);
        }
    }

    private string? Failed(string why)
    {
        log.LogWarning("The LLM answerer failed ({Why}); the retrieval answers stand alone.", why);
        return null;
    }
}
