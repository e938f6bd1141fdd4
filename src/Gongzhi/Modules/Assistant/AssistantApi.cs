using Gongzhi.Modules.Assistant.Domain;
using Gongzhi.Modules.Assistant.Features.Knowledge;
using Gongzhi.Modules.Assistant.Features.Questions;
using Gongzhi.Modules.Assistant.Features.Retrieval;
using Gongzhi.Modules.Assistant.Features.WeCom;
using Gongzhi.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Assistant;

public static class AssistantApi
{
    public static IEndpointRouteBuilder MapAssistantApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/assistant").WithTags("Assistant (public)").AllowAnonymous();
        open.MapPost("/ask", async (AskRequest body, AssistantService s, CancellationToken ct) => TypedResults.Ok(await s.AskAsync(body.Question, QuestionChannel.Api, ct)))
            .RequireRateLimiting(AssistantOptions.AskRateLimit)
            .WithSummary("Answers a resident's question: { answers: [{ title, source, score, kind, id, answer, url }] } best first, empty when the assistant does not know (the question then waits for staff). Anonymous, limited per address; stored with phone and ID numbers masked.");
        open.MapPost("/questions/{id:long}/pass-on", PassOnAsync).RequireRateLimiting(AssistantOptions.AskRateLimit)
            .WithSummary("The asker wants a person: the question joins the staff's queue.");
        open.MapGet("/wecom", Verify).ExcludeFromDescription();
        open.MapPost("/wecom", ReceiveAsync).ExcludeFromDescription();

        var staff = app.MapGroup("/api/assistant").WithTags("Assistant").RequireAuthorization(AssistantModule.EditorsPolicy);
        staff.MapGet("/knowledge", async (string? q, int? page, int? pageSize, KnowledgeBase kb, CancellationToken ct) => TypedResults.Ok(await kb.ListAsync(q, page, pageSize, ct)))
            .WithSummary("The knowledge base's entries, latest change first; q filters by title or question.");
        staff.MapPost("/knowledge", CreateAsync).WithSummary("Writes a knowledge entry (title, questions one per line, answer, sourceKind Matter/Notice/Text, sourceRef); audited.");
        staff.MapGet("/knowledge/{id:long}", async (long id, KnowledgeBase kb, CancellationToken ct) => TypedResults.Ok(await kb.GetAsync(id, ct)));
        staff.MapPut("/knowledge/{id:long}", async (long id, WriteEntry body, KnowledgeBase kb, CancellationToken ct) => TypedResults.Ok(await kb.UpdateAsync(id, body, ct)))
            .WithSummary("Changes an entry; audited.");
        staff.MapDelete("/knowledge/{id:long}", DeleteAsync).WithSummary("Deletes an entry; audited.");
        staff.MapGet("/questions", async (bool? answered, KnowledgeBase kb, CancellationToken ct) => TypedResults.Ok(await kb.QueueAsync(answered != true, ct)))
            .WithSummary("The queue: questions the assistant could not answer with confidence, or passed to staff, oldest first (answered=true: those staff answered, latest first).");
        staff.MapGet("/questions/{id:long}", async (long id, KnowledgeBase kb, CancellationToken ct) => TypedResults.Ok(await kb.QuestionAsync(id, ct)));
        staff.MapPost("/questions/{id:long}/answer", async (long id, AnswerQuestion body, KnowledgeBase kb, CancellationToken ct) => TypedResults.Ok(await kb.AnswerAsync(id, body, ct)))
            .WithSummary("Answers a queued question; with entryTitle the question and answer also become a knowledge entry; audited.");
        return app;
    }

    private static async Task<NoContent> PassOnAsync(long id, AssistantService s, CancellationToken ct)
    {
        await s.PassOnAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Created<EntryView>> CreateAsync(WriteEntry body, KnowledgeBase kb, CancellationToken ct)
    {
        var entry = await kb.CreateAsync(body, ct);
        return TypedResults.Created($"/api/assistant/knowledge/{entry.Id}", entry);
    }

    private static async Task<NoContent> DeleteAsync(long id, KnowledgeBase kb, CancellationToken ct)
    {
        await kb.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>WeCom's URL verification: the echo string decrypted, as plain text.</summary>
    private static Results<ContentHttpResult, NotFound, ProblemHttpResult> Verify(string? msg_signature, string? timestamp, string? nonce, string? echostr, WeComCallback callback)
    {
        if (!callback.Enabled) return TypedResults.NotFound();
        var outcome = callback.Verify(msg_signature, timestamp, nonce, echostr);
        return outcome.Accepted ? TypedResults.Text(outcome.Body, "text/plain") : Refused();
    }

    /// <summary>A WeCom message: answered with an encrypted passive reply.</summary>
    private static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> ReceiveAsync(string? msg_signature, string? timestamp, string? nonce,
        HttpRequest request, WeComCallback callback, CancellationToken ct)
    {
        if (!callback.Enabled) return TypedResults.NotFound();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        if (body.Length > 64 * 1024) return Refused();
        var outcome = await callback.ReceiveAsync(msg_signature, timestamp, nonce, body, $"{request.Scheme}://{request.Host}", ct);
        return outcome.Accepted ? TypedResults.Text(outcome.Body, "application/xml") : Refused();
    }

    private static ProblemHttpResult Refused() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, detail: "The signature does not match this callback's token, or the message does not open.");
}
