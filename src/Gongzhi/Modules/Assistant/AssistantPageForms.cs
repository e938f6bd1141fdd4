using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Assistant.Domain;
using Gongzhi.Modules.Assistant.Features.Knowledge;
using Gongzhi.Modules.Assistant.Features.Questions;
using Gongzhi.Modules.Assistant.Features.Retrieval;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Assistant;

/// <summary>
/// The public chat page's posts, post/redirect/get: the question is answered and stored, and the page shows the
/// answers for the stored (masked) text, so a phone number typed into the question never lands in a URL.
/// </summary>
public static class AssistantPageForms
{
    public static IEndpointRouteBuilder MapAssistantForms(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/forms/assistant").AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(AssistantOptions.AskRateLimit);
        open.MapPost("/ask", AskAsync);
        open.MapPost("/questions/{id:long}/pass-on", PassOnAsync);

        var staff = app.MapGroup("/forms/assistant").RequireAuthorization(AssistantModule.EditorsPolicy).ExcludeFromDescription();
        staff.MapPost("/questions/{id:long}/answer", AnswerAsync);
        staff.MapPost("/knowledge", CreateEntryAsync);
        staff.MapPost("/knowledge/{id:long}/delete", DeleteEntryAsync);
        return app;
    }

    private static async Task<IResult> AskAsync(HttpRequest request, AssistantService assistant, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        try
        {
            var answer = await assistant.AskAsync(FormPost.Text(form, "question"), QuestionChannel.Web, ct);
            return Results.Redirect($"/ask?question={answer.QuestionId}");
        }
        catch (AppProblem problem)
        {
            return Gongzhi.Components.Forms.FlashMessage.Redirect("/ask", ok: false, problem.Detail);
        }
    }

    private static Task<IResult> PassOnAsync(long id, AssistantService assistant, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        FormPost.Handle($"/ask?question={id}", async () =>
        {
            await assistant.PassOnAsync(id, ct);
            return ($"/ask?question={id}&passed=true", l["Your question was passed to the community staff. They answer at the community window and by phone."]);
        });

    private static async Task<IResult> AnswerAsync(long id, HttpRequest request, KnowledgeBase kb, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        return await FormPost.Handle("/assistant/questions", async () =>
        {
            var q = await kb.AnswerAsync(id, new AnswerQuestion(FormPost.Text(form, "answer"), FormPost.Text(form, "entryTitle")), ct);
            return ("/assistant/questions", q.EntryId is { } entry ? l["Answered; knowledge entry {0} made of it.", entry] : l["Answered."]);
        });
    }

    private static async Task<IResult> CreateEntryAsync(HttpRequest request, KnowledgeBase kb, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var form = await request.ReadFormAsync(ct);
        var kind = Enum.TryParse<EntrySource>(FormPost.Text(form, "sourceKind"), out var k) ? k : EntrySource.Text;
        return await FormPost.Handle("/assistant/entries", async () =>
        {
            var entry = await kb.CreateAsync(new WriteEntry(FormPost.Text(form, "title"), form["questions"].ToString(), FormPost.Text(form, "answer"), kind, FormPost.Text(form, "sourceRef")), ct);
            return ("/assistant/entries", l["Entry {0} saved.", entry.Title]);
        });
    }

    private static Task<IResult> DeleteEntryAsync(long id, KnowledgeBase kb, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        FormPost.Handle("/assistant/entries", async () =>
        {
            await kb.DeleteAsync(id, ct);
            return ("/assistant/entries", l["Entry deleted."]);
        });
}
