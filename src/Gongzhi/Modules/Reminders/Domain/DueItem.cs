using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Reminders.Contracts;

namespace Gongzhi.Modules.Reminders.Domain;

/// <summary>
/// Anything with a due date (到期事项): a facility's inspection, a fire extinguisher, a licence, a health certificate, an
/// allowance's annual verification, a care visit, a request's deadline. It hangs on an area node (so the data scope
/// bounds every list), has an owner (an account or a role at the node) and a reminder rule; closing it stops reminders.
/// </summary>
[Display(Name = "Due items")]
public sealed class DueItem : IAreaScoped
{
    public long Id { get; set; }
    /// <summary>The registering module's key (null for items made by hand); unique.</summary>
    public string? SourceKey { get; set; }
    public DueKind Kind { get; set; }
    public required string Title { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public DateOnly DueOn { get; set; }
    public string? OwnerUserId { get; set; }
    public string? OwnerRole { get; set; }
    /// <summary>Lead times in days before the due date, comma-separated, largest first ("30,7").</summary>
    public required string DaysBefore { get; set; }
    public bool OnTheDay { get; set; }
    public int OverdueEveryDays { get; set; }
    public int? EscalateAfterDays { get; set; }
    public string? Link { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedNote { get; set; }
    public string? ClosedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public ReminderRule Rule => new(ParseDays(DaysBefore), OnTheDay, OverdueEveryDays, EscalateAfterDays);

    public static IReadOnlyList<int> ParseDays(string s) =>
        [.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];

    public static string FormatDays(IEnumerable<int> days) => string.Join(",", days.Distinct().OrderDescending());
}

/// <summary>
/// One reminder sent for a due item: a point of its schedule (<see cref="Point"/>, e.g. "before:7", "day", "overdue:14",
/// "escalate") for one due date. Unique per item, due date and point, so each goes out exactly once; the open ones of
/// an owner are their tasks.
/// </summary>
public sealed class DueReminder
{
    public long Id { get; set; }
    public long DueItemId { get; set; }
    public DateOnly DueOn { get; set; }
    public required string Point { get; set; }
    public DateTimeOffset SentAt { get; set; }
}
