namespace Gongzhi.Modules.Assistant.Domain;

/// <summary>What a knowledge entry cites: a matter of the service guide, a notice, or a free text or link.</summary>
public enum EntrySource { Matter = 1, Notice = 2, Text = 3 }

/// <summary>
/// A staff-written question–answer entry of the assistant's knowledge base: a title, the ways residents ask it (one
/// per line), the answer, and its source. Public reference text: nothing personal.
/// </summary>
public sealed class KnowledgeEntry
{
    public long Id { get; set; }
    public required string Title { get; set; }
    /// <summary>Question variants, one per line.</summary>
    public required string Questions { get; set; }
    public required string Answer { get; set; }
    public EntrySource SourceKind { get; set; } = EntrySource.Text;
    /// <summary>A matter's code, a notice's id, or a free text or link.</summary>
    public string? SourceRef { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Where a question came from.</summary>
public enum QuestionChannel { Web = 1, Api = 2, WeCom = 3 }

/// <summary>Answered: the assistant had a confident answer. Open: queued for staff. Closed: staff answered it.</summary>
public enum QuestionState { Answered = 1, Open = 2, Closed = 3 }

/// <summary>
/// A question a resident asked, stored with phone numbers and ID numbers masked (nothing else identifies the asker).
/// Unanswered and low-confidence questions are <see cref="QuestionState.Open"/>: the staff's queue.
/// </summary>
public sealed class AssistantQuestion
{
    public long Id { get; set; }
    public required string Text { get; set; }
    public QuestionChannel Channel { get; set; }
    public QuestionState State { get; set; }
    /// <summary>The best answer's confidence (0–1), 0 when nothing matched.</summary>
    public double TopScore { get; set; }
    public string? TopTitle { get; set; }
    /// <summary>The resident pressed "pass to staff".</summary>
    public bool PassedOn { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public string? StaffAnswer { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    /// <summary>The knowledge entry staff made of the answer, if any.</summary>
    public long? EntryId { get; set; }
    public KnowledgeEntry? Entry { get; set; }
}
