using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Assistant.Data;
using Gongzhi.Modules.Assistant.Domain;
using Gongzhi.Modules.Assistant.Features.Questions;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Assistant.Features.Knowledge;

/// <summary>
/// The staff's side: the knowledge entries (every change audited) and the queue of questions the assistant could not
/// answer with confidence, which staff answer and may turn into a new entry.
/// </summary>
public sealed class KnowledgeBase(GongzhiDb db, AuditLog audit, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<PagedList<EntryView>> ListAsync(string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Paging.Normalize(page, pageSize, 50, 200);
        var entries = db.KnowledgeEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            entries = entries.Where(e => e.Title.Contains(text) || e.Questions.Contains(text));
        }
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<EntryView>([.. rows.Select(View)], total);
    }

    public async Task<EntryView> GetAsync(long id, CancellationToken ct) => View(await FindAsync(id, ct));

    public async Task<EntryView> CreateAsync(WriteEntry input, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var entry = new KnowledgeEntry { Title = "", Questions = "", Answer = "", CreatedBy = user.UserName ?? "system", CreatedAt = now };
        Apply(entry, input, now);
        db.KnowledgeEntries.Add(entry);
        audit.RecordNew("knowledge-entry.create", "knowledge-entry", entry, entry.Title);
        await db.SaveChangesAsync(ct);
        return View(entry);
    }

    public async Task<EntryView> UpdateAsync(long id, WriteEntry input, CancellationToken ct)
    {
        var entry = await FindAsync(id, ct);
        var before = entry.Title;
        Apply(entry, input, clock.GetUtcNow());
        audit.Record("knowledge-entry.update", "knowledge-entry", entry.Id, AuditLog.Change("title", before, entry.Title) ?? entry.Title);
        await db.SaveChangesAsync(ct);
        return View(entry);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        var entry = await FindAsync(id, ct);
        db.KnowledgeEntries.Remove(entry);
        audit.Record("knowledge-entry.delete", "knowledge-entry", entry.Id, entry.Title);
        await db.SaveChangesAsync(ct);
    }

    private async Task<KnowledgeEntry> FindAsync(long id, CancellationToken ct) =>
        await db.KnowledgeEntries.FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw AppProblem.NotFound(l["No knowledge entry {0}.", id]);

    private void Apply(KnowledgeEntry entry, WriteEntry input, DateTimeOffset now)
    {
        var title = (input.Title ?? "").Trim();
        var questions = string.Join('\n', (input.Questions ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var answer = (input.Answer ?? "").Trim();
        var source = string.IsNullOrWhiteSpace(input.SourceRef) ? null : input.SourceRef.Trim();
        var kind = input.SourceKind ?? EntrySource.Text;
        new Validation()
            .Require(title.Length is > 0 and <= KnowledgeRules.MaxTitle, "title", l["A title has 1 to {0} characters.", KnowledgeRules.MaxTitle])
            .Require(questions.Length <= KnowledgeRules.MaxQuestions, "questions", l["The questions have at most {0} characters.", KnowledgeRules.MaxQuestions])
            .Require(answer.Length is > 0 and <= KnowledgeRules.MaxAnswer, "answer", l["An answer has 1 to {0} characters.", KnowledgeRules.MaxAnswer])
            .Require(Enum.IsDefined(kind), "sourceKind", l["The source is Matter, Notice or Text."])
            .Require(source is null || source.Length <= KnowledgeRules.MaxSource, "sourceRef", l["The source has at most {0} characters.", KnowledgeRules.MaxSource])
            .Require(kind != EntrySource.Notice || long.TryParse(source, out _), "sourceRef", l["A notice source is the notice's number."])
            .Require(kind != EntrySource.Matter || source is not null, "sourceRef", l["A matter source is the matter's code."])
            .ThrowIfInvalid();
        entry.Title = title;
        entry.Questions = questions;
        entry.Answer = answer;
        entry.SourceKind = kind;
        entry.SourceRef = source;
        entry.UpdatedAt = now;
    }

    private static EntryView View(KnowledgeEntry e) =>
        new(e.Id, e.Title, e.Questions, e.Answer, e.SourceKind, e.SourceRef, e.CreatedBy, e.CreatedAt, e.UpdatedAt);

    // ---- the queue ----

    public async Task<IReadOnlyList<QuestionView>> QueueAsync(bool open, CancellationToken ct)
    {
        var state = open ? QuestionState.Open : QuestionState.Closed;
        var rows = await db.AssistantQuestions.AsNoTracking().Where(q => q.State == state)
            .OrderBy(q => q.AskedAt).ThenBy(q => q.Id).Take(200).ToListAsync(ct);
        if (!open) rows.Reverse();
        return [.. rows.Select(QuestionViewOf)];
    }

    public async Task<QuestionView> QuestionAsync(long id, CancellationToken ct) => QuestionViewOf(await FindQuestionAsync(id, ct));

    /// <summary>Staff answer a queued question; with an entry title the question and answer also become a knowledge entry.</summary>
    public async Task<QuestionView> AnswerAsync(long id, AnswerQuestion input, CancellationToken ct)
    {
        var q = await FindQuestionAsync(id, ct);
        var answer = (input.Answer ?? "").Trim();
        var title = (input.EntryTitle ?? "").Trim();
        new Validation()
            .Require(answer.Length is > 0 and <= KnowledgeRules.MaxAnswer, "answer", l["An answer has 1 to {0} characters.", KnowledgeRules.MaxAnswer])
            .Require(title.Length <= KnowledgeRules.MaxTitle, "entryTitle", l["A title has 1 to {0} characters.", KnowledgeRules.MaxTitle])
            .ThrowIfInvalid();
        var now = clock.GetUtcNow();
        q.StaffAnswer = answer;
        q.AnsweredBy = user.UserName;
        q.AnsweredAt = now;
        q.State = QuestionState.Closed;
        if (title.Length > 0)
        {
            var entry = new KnowledgeEntry { Title = title, Questions = q.Text, Answer = answer, SourceKind = EntrySource.Text, CreatedBy = user.UserName ?? "system", CreatedAt = now, UpdatedAt = now };
            db.KnowledgeEntries.Add(entry);
            q.Entry = entry;
            audit.RecordNew("knowledge-entry.create", "knowledge-entry", entry, entry.Title);
        }
        audit.Record("assistant-question.answer", "assistant-question", q.Id, title.Length > 0 ? title : null);
        await db.SaveChangesAsync(ct);
        return QuestionViewOf(q) with { EntryId = q.Entry?.Id ?? q.EntryId };
    }

    private async Task<AssistantQuestion> FindQuestionAsync(long id, CancellationToken ct) =>
        await db.AssistantQuestions.FirstOrDefaultAsync(q => q.Id == id, ct) ?? throw AppProblem.NotFound(l["No question {0}.", id]);

    private static QuestionView QuestionViewOf(AssistantQuestion q) =>
        new(q.Id, q.Text, q.Channel, q.State, q.TopScore, q.TopTitle, q.PassedOn, q.AskedAt, q.StaffAnswer, q.AnsweredBy, q.AnsweredAt, q.EntryId);
}
