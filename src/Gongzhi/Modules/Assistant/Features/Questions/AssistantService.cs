using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Assistant.Data;
using Gongzhi.Modules.Assistant.Domain;
using Gongzhi.Modules.Assistant.Features.Llm;
using Gongzhi.Modules.Assistant.Features.Retrieval;
using Gongzhi.Modules.ServiceGuide.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Assistant.Features.Questions;

/// <summary>
/// Answers residents' questions from the knowledge base and the service guide (anonymous: the web page, the API,
/// WeCom). Every question is stored masked; one the assistant cannot answer with confidence is queued for staff.
/// </summary>
public sealed class AssistantService(GongzhiDb db, KnowledgeIndex index, IServiceCatalog catalog, IOptionsMonitor<AssistantOptions> options,
    LlmAnswerer llm, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The answers to a question, without storing it (the accuracy test and the benchmark).</summary>
    public async Task<IReadOnlyList<AssistantAnswer>> RetrieveAsync(string question, CancellationToken ct)
    {
        var snapshot = await index.CurrentAsync(db, catalog, ct);
        var o = options.CurrentValue;
        var hits = snapshot.Index.Search(index.Query(question), Math.Max(1, o.MaxAnswers));
        return [.. hits.Where(h => h.Confidence >= o.Threshold).Select(h => Answer(snapshot.Items[h.Key], h.Confidence))];
    }

    /// <summary>The best hits whatever their confidence, for measuring the ranking itself.</summary>
    public async Task<IReadOnlyList<AssistantAnswer>> RankAsync(string question, int take, CancellationToken ct)
    {
        var snapshot = await index.CurrentAsync(db, catalog, ct);
        return [.. snapshot.Index.Search(index.Query(question), take).Select(h => Answer(snapshot.Items[h.Key], h.Confidence))];
    }

    private static AssistantAnswer Answer(IndexedItem item, double confidence) =>
        new(item.Title, item.Source, Math.Round(confidence, 3), item.Kind, item.Id, item.Answer, item.Url);

    public async Task<AskResponse> AskAsync(string? question, QuestionChannel channel, CancellationToken ct)
    {
        var text = (question ?? "").Trim();
        new Validation()
            .Require(text.Length > 0, "question", l["Ask a question."])
            .Require(text.Length <= KnowledgeRules.MaxQuestion, "question", l["A question has at most {0} characters.", KnowledgeRules.MaxQuestion])
            .ThrowIfInvalid();
        var answers = await RetrieveAsync(text, ct);
        var stored = new AssistantQuestion
        {
            Text = QuestionMasking.Mask(text), Channel = channel, AskedAt = clock.GetUtcNow(),
            State = answers.Count == 0 || answers[0].Score < LowConfidence ? QuestionState.Open : QuestionState.Answered,
            TopScore = answers.Count == 0 ? 0 : answers[0].Score, TopTitle = answers.Count == 0 ? null : answers[0].Title,
        };
        db.AssistantQuestions.Add(stored);
        await db.SaveChangesAsync(ct);
        var reply = llm.Enabled ? await llm.AnswerAsync(text, answers, ct) : null;
        return new AskResponse(answers, stored.Id, reply);
    }

    /// <summary>A question stored in the last hour, for the public page to show its answers again (older ones are not shown to anyone but staff).</summary>
    public async Task<string?> RecentQuestionAsync(long id, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddHours(-1);
        var q = await db.AssistantQuestions.AsNoTracking().Where(q => q.Id == id).Select(q => new { q.Text, q.AskedAt }).FirstOrDefaultAsync(ct);
        return q is not null && q.AskedAt >= since ? q.Text : null;
    }

    /// <summary>Answers this sure or less are shown but also queued for staff to check.</summary>
    private double LowConfidence => Math.Min(1, options.CurrentValue.Threshold * 1.5);

    /// <summary>The resident asks for a person: the question joins the staff's queue (again, if staff had closed it).</summary>
    public async Task PassOnAsync(long questionId, CancellationToken ct)
    {
        var q = await db.AssistantQuestions.FirstOrDefaultAsync(x => x.Id == questionId, ct)
            ?? throw AppProblem.NotFound(l["No question {0}.", questionId]);
        q.PassedOn = true;
        if (q.State == QuestionState.Answered) q.State = QuestionState.Open;
        await db.SaveChangesAsync(ct);
    }
}
