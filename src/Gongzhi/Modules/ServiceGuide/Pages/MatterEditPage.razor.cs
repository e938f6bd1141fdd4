using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.ServiceGuide.Domain;
using Gongzhi.Modules.ServiceGuide.Features.Catalogue;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Modules.ServiceGuide.Pages;

/// <summary>The fields of the edit page: the lists as text areas (see <see cref="MatterText"/>); life events come as checkboxes.</summary>
public sealed class MatterForm
{
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? Department { get; set; }
    public string? Summary { get; set; }
    public string? Eligibility { get; set; }
    public string? Materials { get; set; }
    public string? Steps { get; set; }
    public int? TimeLimitDays { get; set; }
    public TimeLimitKind? TimeLimitKind { get; set; }
    public string? Fees { get; set; }
    public string? Window { get; set; }
    public string? Hours { get; set; }
    public string? OnlineUrl { get; set; }
    public string? Basis { get; set; }
    public string? Faqs { get; set; }
}

public partial class MatterEditPage
{
    private static readonly string[] Fields =
        ["code", "name", "department", "lifeEvents", "summary", "eligibility", "materials", "steps", "timeLimitDays", "timeLimitKind", "fees", "window", "hours", "onlineUrl", "basis", "faqs"];

    [Inject] private ServiceCatalogue Catalogue { get; set; } = default!;
    [Parameter] public long? Id { get; set; }
    [SupplyParameterFromForm(FormName = "matter")] public MatterForm? Input { get; set; }

    private MatterDetail? _matter;
    private AppProblem? _problem;
    private HashSet<string> _events = [];

    protected override async Task OnInitializedAsync()
    {
        try
        {
            if (Id is { } id) _matter = await Catalogue.GetAsync(id, default);
        }
        catch (AppProblem p)
        {
            _problem = p;
            SetStatus(p.Status);
            return;
        }
        if (Input is null && _matter is { } m)
        {
            Input = new MatterForm
            {
                Code = m.Code, Name = m.Name, Department = m.Department, Summary = m.Summary, Eligibility = m.Eligibility,
                Materials = MatterText.Materials(m.Materials), Steps = MatterText.Steps(m.Steps), TimeLimitDays = m.TimeLimitDays, TimeLimitKind = m.TimeLimitKind,
                Fees = m.Fees, Window = m.Window, Hours = m.Hours, OnlineUrl = m.OnlineUrl, Basis = m.Basis, Faqs = MatterText.Faqs(m.Faqs),
            };
            _events = [.. m.LifeEvents];
        }
        else if (Input is not null) _events = [.. PostedEvents()];
    }

    private IReadOnlyList<string> PostedEvents() =>
        Http is { Request.HasFormContentType: true } http ? [.. http.Request.Form["lifeEvents"].OfType<string>()] : [];

    private Task SaveAsync() => SubmitAsync("matter", async () =>
    {
        var f = Input ?? new MatterForm();
        var input = new SaveMatter(f.Code, f.Name, f.Department, PostedEvents(), f.Summary, f.Eligibility, MatterText.ParseMaterials(f.Materials),
            MatterText.ParseSteps(f.Steps), f.TimeLimitDays, f.TimeLimitKind, f.Fees, f.Window, f.Hours, f.OnlineUrl, f.Basis, MatterText.ParseFaqs(f.Faqs));
        var saved = Id is { } id ? await Catalogue.UpdateAsync(id, input, default) : await Catalogue.CreateAsync(input, default);
        return ((string)L["Saved {0}.", saved.Name], $"/guide/manage/{saved.Id}");
    });
}
