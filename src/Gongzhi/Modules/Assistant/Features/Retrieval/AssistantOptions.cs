namespace Gongzhi.Modules.Assistant.Features.Retrieval;

/// <summary>Settings under <c>Assistant</c>.</summary>
public sealed class AssistantOptions
{
    public const string Section = "Assistant";
    public const string AskRateLimit = "assistant-ask";

    /// <summary>Questions per client address and minute (anonymous asks, the public page and the WeCom callback).</summary>
    public int AskPerMinute { get; set; } = 20;
    /// <summary>Below this confidence (0–1) the assistant says it does not know.</summary>
    public double Threshold { get; set; } = 0.15;
    /// <summary>At most this many answers, best first.</summary>
    public int MaxAnswers { get; set; } = 3;
    /// <summary>Extra synonym groups, each "word,variant,variant" (the first word is the one indexed).</summary>
    public List<string> Synonyms { get; set; } = [];
}
