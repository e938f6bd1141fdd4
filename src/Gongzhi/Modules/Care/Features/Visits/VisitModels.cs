namespace Gongzhi.Modules.Care.Features.Visits;

/// <summary>One checklist item as found: its code (health, meals …), ok or not, and a note (required for a problem).</summary>
public sealed record CheckInput(string? Item, bool? Ok, string? Note = null);

/// <summary>A visit as recorded on the phone: all nine items of 三问三检三清 and free notes.</summary>
public sealed record RecordVisit(IReadOnlyList<CheckInput>? Checklist, string? Notes = null);

/// <summary>A request raised from a visit's problems: the request category and, optionally, the description (default: the problems).</summary>
public sealed record RaiseRequest(string? CategoryCode, string? Description = null);
