using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.ServiceGuide.Domain;

/// <summary>How a matter's legal time limit counts: working days skip weekends (and configured holidays).</summary>
public enum TimeLimitKind { WorkingDays = 1, CalendarDays = 2 }

/// <summary>Whether the window wants the original, a copy, or both (看原件、收复印件).</summary>
public enum MaterialForm { Original = 1, Copy = 2, OriginalAndCopy = 3 }

/// <summary>One required material of a matter. <see cref="Optional"/> materials are asked for only in some cases.</summary>
public sealed record Material(string Name, int Copies, MaterialForm Form, string? Note = null, bool Optional = false);

/// <summary>A frequently asked question with its answer.</summary>
public sealed record Faq(string Question, string Answer);

/// <summary>
/// A service matter (事项) of the guide: what it is, who may apply, the materials, steps, legal time limit, fees,
/// where and when, FAQs; grouped by life events and by department. Public reference data: nothing personal.
/// Materials, steps and FAQs are small ordered lists read and written whole, so they are kept as JSON text beside the
/// matter; <see cref="SearchText"/> is their plain-text concatenation, ready for a later search index.
/// </summary>
public sealed class ServiceMatter
{
    public long Id { get; set; }
    /// <summary>Stable short code (e.g. <c>elderly-allowance</c>): the reference file's key and a stable link.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Department { get; set; }
    /// <summary>Life-event codes, comma-delimited with commas at both ends (<c>,elderly,hardship,</c>) so one LIKE finds a code.</summary>
    public required string LifeEvents { get; set; }
    public string? Summary { get; set; }
    public required string Eligibility { get; set; }
    public required string MaterialsJson { get; set; }
    public required string StepsJson { get; set; }
    public required string FaqsJson { get; set; }
    public int TimeLimitDays { get; set; }
    public TimeLimitKind TimeLimitKind { get; set; } = TimeLimitKind.WorkingDays;
    public required string Fees { get; set; }
    public string? Window { get; set; }
    public string? Hours { get; set; }
    public string? OnlineUrl { get; set; }
    public string? Basis { get; set; }
    public required string SearchText { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IReadOnlyList<Material> Materials => JsonSerializer.Deserialize<List<Material>>(MaterialsJson, Json) ?? [];
    public IReadOnlyList<string> Steps => JsonSerializer.Deserialize<List<string>>(StepsJson, Json) ?? [];
    public IReadOnlyList<Faq> Faqs => JsonSerializer.Deserialize<List<Faq>>(FaqsJson, Json) ?? [];
    public IReadOnlyList<string> LifeEventCodes => LifeEvents.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);
    public static T FromJson<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, Json) ?? new T();
}

/// <summary>A sample file (样表) of one material of a matter: small, stored in the database, public like the guide.</summary>
public sealed class MaterialSample
{
    public long Id { get; set; }
    public long MatterId { get; set; }
    public required string MaterialName { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public int Size { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

public enum ApplicationStatus { Recorded = 1, Submitted = 2, Completed = 3, Returned = 4 }

/// <summary>One line of an application's checklist: a material of the matter, received at the window or not.</summary>
public sealed record ChecklistItem(string Name, int Copies, MaterialForm Form, bool Optional, bool Received);

/// <summary>
/// A window application (一口受理 / 代办): a worker records it for a resident of their scope, with the materials
/// received and missing, who takes it to the department (代办人), and the deadline from the matter's time limit; it
/// moves recorded → submitted → completed, or returned with a reason. It hangs on the resident's household's node.
/// </summary>
[Display(Name = "Window applications")]
public sealed class WindowApplication : IAreaScoped
{
    public long Id { get; set; }
    public long MatterId { get; set; }
    /// <summary>The matter's name when recorded: the application keeps what was applied for if the catalogue changes.</summary>
    public required string MatterName { get; set; }
    public required string Department { get; set; }
    public long ResidentId { get; set; }
    public required string ResidentName { get; set; }
    public string? ResidentPhoneMasked { get; set; }
    public long HouseholdId { get; set; }
    public required string Address { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public ApplicationStatus Status { get; set; } = ApplicationStatus.Recorded;
    public required string ChecklistJson { get; set; }
    public int MissingCount { get; set; }
    public string? ProxyName { get; set; }
    public string? Note { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedByUserId { get; set; }
    public required string RecordedByName { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
    public string? ReturnReason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<ChecklistItem> Checklist => ServiceMatter.FromJson<List<ChecklistItem>>(ChecklistJson);

    public bool IsOpen => Status is ApplicationStatus.Recorded or ApplicationStatus.Submitted;
}
