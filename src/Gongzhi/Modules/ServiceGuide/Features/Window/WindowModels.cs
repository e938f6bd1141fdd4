using Gongzhi.Modules.ServiceGuide.Domain;

namespace Gongzhi.Modules.ServiceGuide.Features.Window;

/// <summary>
/// An application taken at the window: the matter, the resident (of the caller's scope), the names of the materials
/// received (the rest of the matter's list is missing), who takes it to the department (代办人), a note.
/// </summary>
public sealed record RecordApplication(long? MatterId, long? ResidentId, IReadOnlyList<string>? ReceivedMaterials = null, string? ProxyName = null, string? Note = null);

/// <summary>A step of an application: a note (for a return: the reason) and, on submission, materials received since.</summary>
public sealed record ApplicationStep(string? Note = null, IReadOnlyList<string>? ReceivedMaterials = null);

public sealed record ApplicationSummary(long Id, long MatterId, string MatterName, string Department, long ResidentId, string ResidentName, string? ResidentPhoneMasked,
    string Address, ApplicationStatus Status, int MissingCount, string? ProxyName, DateOnly DueOn, bool Overdue, DateTimeOffset RecordedAt, string RecordedByName);

public sealed record ApplicationDetail(ApplicationSummary Application, IReadOnlyList<ChecklistItem> Checklist, string? Note, int TimeLimitDays, TimeLimitKind TimeLimitKind,
    DateTimeOffset? SubmittedAt, DateTimeOffset? CompletedAt, DateTimeOffset? ReturnedAt, string? ReturnReason, string? Window, string? Hours);

/// <summary>The list's filters: an area (code; default all in reach), a status, only overdue ones, a resident's or matter's name.</summary>
public sealed record ApplicationFilter(string? Area = null, string? Status = null, bool? Overdue = null, string? Q = null, int? Page = null, int? PageSize = null);

/// <summary>The settings of the window: public holidays that working-day time limits skip (yyyy-MM-dd).</summary>
public sealed class WindowOptions
{
    public List<string> Holidays { get; set; } = [];

    public IReadOnlySet<DateOnly> HolidayDates() =>
        Holidays.Select(h => DateOnly.TryParse(h, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : (DateOnly?)null)
            .OfType<DateOnly>().ToHashSet();
}
