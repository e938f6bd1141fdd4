using Gongzhi.Modules.ServiceGuide.Domain;

namespace Gongzhi.Modules.ServiceGuide.Features.Catalogue;

public sealed record MaterialInput(string? Name, int? Copies, MaterialForm? Form, string? Note = null, bool Optional = false);

public sealed record FaqInput(string? Question, string? Answer);

/// <summary>A matter to create or replace: every field at once (the catalogue is edited a matter at a time).</summary>
public sealed record SaveMatter(
    string? Code, string? Name, string? Department, IReadOnlyList<string>? LifeEvents, string? Summary, string? Eligibility,
    IReadOnlyList<MaterialInput>? Materials, IReadOnlyList<string>? Steps, int? TimeLimitDays, TimeLimitKind? TimeLimitKind,
    string? Fees, string? Window, string? Hours, string? OnlineUrl, string? Basis, IReadOnlyList<FaqInput>? Faqs);

public sealed record MaterialView(string Name, int Copies, MaterialForm Form, string? Note, bool Optional, long? SampleId, string? SampleFileName, string? SampleUrl);

public sealed record MatterSummary(long Id, string Code, string Name, string Department, IReadOnlyList<string> LifeEvents, string? Summary,
    int TimeLimitDays, TimeLimitKind TimeLimitKind);

public sealed record MatterDetail(long Id, string Code, string Name, string Department, IReadOnlyList<string> LifeEvents, string? Summary,
    string Eligibility, IReadOnlyList<MaterialView> Materials, IReadOnlyList<string> Steps, int TimeLimitDays, TimeLimitKind TimeLimitKind,
    string Fees, string? Window, string? Hours, string? OnlineUrl, string? Basis, IReadOnlyList<Faq> Faqs, DateTimeOffset UpdatedAt);

/// <summary>A group of the catalogue (a life event or a department) and how many matters it holds.</summary>
public sealed record GuideGroup(string Key, string Label, int Count);

public sealed record GuideGroups(IReadOnlyList<GuideGroup> LifeEvents, IReadOnlyList<GuideGroup> Departments, int Total);

/// <summary>A catalogue query: free text (name, department, eligibility, materials, FAQs), a life event, a department.</summary>
public sealed record MatterQuery(string? Q = null, string? LifeEvent = null, string? Department = null, int? Page = null, int? PageSize = null);
