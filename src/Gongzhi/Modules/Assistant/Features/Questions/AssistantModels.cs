using Gongzhi.Modules.Assistant.Domain;

namespace Gongzhi.Modules.Assistant.Features.Questions;

/// <summary>The body of <c>POST /api/assistant/ask</c>.</summary>
public sealed record AskRequest(string? Question);

/// <summary>
/// One answer: <see cref="Title"/> is the matter's or the entry's title, <see cref="Source"/> what it cites (a matter's
/// name, a notice, a text or link), <see cref="Score"/> the confidence (0–1); <see cref="Url"/> the source's page.
/// </summary>
public sealed record AssistantAnswer(string Title, string Source, double Score, string Kind, long Id, string Answer, string? Url);

/// <summary>Answers best first, empty when the assistant does not know; <see cref="QuestionId"/> lets the asker pass it to staff.</summary>
public sealed record AskResponse(IReadOnlyList<AssistantAnswer> Answers, long QuestionId, string? Reply = null);

/// <summary>A question in the staff's queue (or answered), as stored: masked.</summary>
public sealed record QuestionView(long Id, string Text, QuestionChannel Channel, QuestionState State, double TopScore, string? TopTitle,
    bool PassedOn, DateTimeOffset AskedAt, string? StaffAnswer, string? AnsweredBy, DateTimeOffset? AnsweredAt, long? EntryId);

/// <summary>Staff's answer to a queued question; with <see cref="EntryTitle"/> it also becomes a knowledge entry.</summary>
public sealed record AnswerQuestion(string? Answer, string? EntryTitle);

/// <summary>A knowledge entry as written by staff. Questions: one variant per line.</summary>
public sealed record WriteEntry(string? Title, string? Questions, string? Answer, EntrySource? SourceKind, string? SourceRef);

public sealed record EntryView(long Id, string Title, string Questions, string Answer, EntrySource SourceKind, string? SourceRef,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
