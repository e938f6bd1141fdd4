using System.Net;
using System.Text.Json;
using Gongzhi.Tests.Infrastructure;
using Gongzhi.Tests.Notifications;
using Microsoft.AspNetCore.Hosting;
using Xunit;

namespace Gongzhi.Tests.Assistant;

/// <summary>
/// A Gongzhi whose assistant takes three questions a minute per address and has an LLM answerer pointed at a local
/// listener with a one-second timeout.
/// </summary>
public sealed class LlmAssistantApp : GongzhiApp
{
    public LocalHttpListener Llm { get; } = new();

    public override Gongzhi.Infrastructure.Database.DatabaseProvider Provider => Gongzhi.Infrastructure.Database.DatabaseProvider.Sqlite;
    protected override Task<string> CreateDatabaseAsync(string workDir) => Task.FromResult($"Data Source={Path.Combine(workDir, "assistant-llm.db")}");
    protected override Task DropDatabaseAsync()
    {
        Llm.Dispose();
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Demo:Residents", "10");
        builder.UseSetting("Assistant:Llm:Url", Llm.Url + "v1/chat/completions");
        builder.UseSetting("Assistant:Llm:Model", "test-model");
        builder.UseSetting("Assistant:Llm:Key", "test-key");
        builder.UseSetting("Assistant:Llm:TimeoutSeconds", "1");
    }
}

/// <summary>The LLM answerer writes from the retrieved entries and cites them; on any failure the retrieval answers stand alone.</summary>
public sealed class AssistantLlmTests(LlmAssistantApp app) : IClassFixture<LlmAssistantApp>
{
    private static string Completion(string text) =>
        JsonSerializer.Serialize(new { choices = new[] { new { message = new { role = "assistant", content = text } } } });

    [Fact]
    public async Task The_model_answers_from_the_retrieved_entries_and_any_failure_falls_back_to_retrieval()
    {
        var client = app.Anonymous();
        app.Llm.Reply = _ => (200, Completion("满80周岁可到社区窗口申请高龄津贴，次月起按月发放[1]。"));
        var ok = await client.PostJson("/api/assistant/ask", new { question = "我家老人快80了，高龄补贴怎么领" }).Ok();
        Assert.Equal("满80周岁可到社区窗口申请高龄津贴，次月起按月发放[1]。", ok.Str("reply"));
        Assert.NotEmpty(ok.GetProperty("answers").EnumerateArray());
        var (path, body, headers) = app.Llm.Requests.Last();
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("Bearer test-key", headers["Authorization"]);
        using var sent = JsonDocument.Parse(body);
        Assert.Equal("test-model", sent.RootElement.GetProperty("model").GetString());
        // The retrieved entries go to the model as its only material, numbered for citation.
        Assert.Contains("[1] ", sent.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Contains("高龄津贴", sent.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());

        // An error, an answer citing nothing, and a timeout: the retrieval answers alone.
        foreach (var reply in new Func<int, (int, string)>[]
                 {
                     _ => (500, "{}"),
                     _ => (200, Completion("高龄津贴每月发放。")),
                     _ => { Thread.Sleep(1500); return (200, Completion("太慢了[1]")); },
                 })
        {
            app.Llm.Reply = reply;
            var fallback = await client.PostJson("/api/assistant/ask", new { question = "高龄津贴怎么申请" }).Ok();
            Assert.Equal(JsonValueKind.Null, fallback.GetProperty("reply").ValueKind);
            Assert.Contains(fallback.GetProperty("answers").EnumerateArray(), a => a.Str("title") == "高龄津贴申请");
        }

        // Nothing retrieved: the model is not asked.
        var asked = app.Llm.Requests.Count;
        app.Llm.Reply = _ => (200, Completion("编的[1]"));
        var unknown = await client.PostJson("/api/assistant/ask", new { question = "火星上的天气怎么样" }).Ok();
        Assert.Empty(unknown.GetProperty("answers").EnumerateArray());
        Assert.Equal(asked, app.Llm.Requests.Count);
    }
}

/// <summary>A Gongzhi whose assistant takes three questions a minute per address.</summary>
public sealed class TightAssistantApp() : SmallSqliteApp("assistant-tight",
    ("Assistant:AskPerMinute", "3"));

public sealed class AssistantRateLimitTests(TightAssistantApp app) : IClassFixture<TightAssistantApp>
{
    [Fact]
    public async Task Questions_beyond_the_limit_per_address_get_429_and_are_not_stored()
    {
        var client = app.Anonymous();
        for (var i = 0; i < 3; i++)
            await client.PostJson("/api/assistant/ask", new { question = "低保怎么申请" }).Ok();
        var stored = await app.Db(db => Task.FromResult(db.AssistantQuestions.Count()));
        using var limited = await client.PostJson("/api/assistant/ask", new { question = "低保怎么申请" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(stored, await app.Db(db => Task.FromResult(db.AssistantQuestions.Count())));
        // The public page's form counts against the same limit.
        using var form = await client.PostAsync("/forms/assistant/ask", new FormUrlEncodedContent([new("question", "低保怎么申请")]));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
    }
}
