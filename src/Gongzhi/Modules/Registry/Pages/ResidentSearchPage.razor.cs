using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Search;
using Gongzhi.Modules.Registry.Features.Tags;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Pages;

/// <summary>一键搜详情: residents by any combination of conditions, exports, saved searches.</summary>
public partial class ResidentSearchPage : FormComponent
{
    [Inject] private ResidentSearch Search { get; set; } = default!;
    [Inject] private SavedSearches Saved { get; set; } = default!;
    [Inject] private TagCatalog Tags { get; set; } = default!;
    [Inject] private CurrentUser Me { get; set; } = default!;

    [SupplyParameterFromQuery] public string? Area { get; set; }
    [SupplyParameterFromQuery] public string? Q { get; set; }
    [SupplyParameterFromQuery] public int? AgeMin { get; set; }
    [SupplyParameterFromQuery] public int? AgeMax { get; set; }
    [SupplyParameterFromQuery(Name = "sex")] public string? SexText { get; set; }
    [SupplyParameterFromQuery(Name = "residency")] public string? ResidencyText { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? StatusText { get; set; }
    [SupplyParameterFromQuery(Name = "tenure")] public string? TenureText { get; set; }
    [SupplyParameterFromQuery] public string[]? TagsAll { get; set; }
    [SupplyParameterFromQuery] public string[]? TagsAny { get; set; }
    [SupplyParameterFromQuery] public string[]? TagsNone { get; set; }
    [SupplyParameterFromQuery] public int? MembersMin { get; set; }
    [SupplyParameterFromQuery] public int? MembersMax { get; set; }
    [SupplyParameterFromQuery] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageParam { get; set; }

    private const int PageSize = 20;
    private int Page => Math.Max(1, PageParam ?? 1);
    private ResidentQuery Query = new();
    private PagedList<ResidentRow> _result = new([], 0);
    private IReadOnlyList<TagDefinition> _tags = [];
    private IReadOnlyList<(string Code, string Label)> _tagOptions => [.. _tags.Select(t => (t.Code, RegistryLabels.Tag(t.Code, t.Name)))];
    private Dictionary<string, string> _tagNames = [];
    private IReadOnlyList<SavedSearchView> _saved = [];
    private string? _problem;
    private const string SaveForm = "search-save";
    [SupplyParameterFromForm(FormName = SaveForm)] public SaveSearch? NewSearch { get; set; }

    private Task SaveSearchAsync() => SubmitAsync(SaveForm, async () =>
        L["Saved {0}.", (await Saved.SaveAsync(NewSearch ?? new SaveSearch(null, null), default)).Name].Value);

    /// <summary>The search conditions without paging, to link exports, pages and saved searches to.</summary>
    private IEnumerable<(string Key, string Value)> QueryPairs =>
        Http?.Request.Query.Where(kv => kv.Key is not ("page" or "format" or "unmasked" or "reason")).SelectMany(kv => kv.Value.Select(v => (kv.Key, v ?? ""))) ?? [];

    private string QueryString => string.Join("&", QueryPairs.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    private string TagName(string code) => _tagNames.TryGetValue(code, out var name) ? RegistryLabels.Tag(code, name) : code;

    protected override async Task OnInitializedAsync()
    {
        Query = new ResidentQuery
        {
            Area = Area, Q = Q, AgeMin = AgeMin, AgeMax = AgeMax, TagsAll = TagsAll, TagsAny = TagsAny, TagsNone = TagsNone,
            MembersMin = MembersMin, MembersMax = MembersMax, Sort = Sort, Page = Page, PageSize = PageSize,
            Sex = Enum.TryParse<Sex>(SexText, out var sex) ? sex : null,
            Residency = Enum.TryParse<ResidencyType>(ResidencyText, out var residency) ? residency : null,
            Status = Enum.TryParse<ResidentStatus>(StatusText, out var status) ? status : null,
            Tenure = Enum.TryParse<Tenure>(TenureText, out var tenure) ? tenure : null,
        };
        _tags = await Tags.UsableAsync(default);
        _tagNames = _tags.ToDictionary(t => t.Code, t => t.Name);
        _saved = await Saved.MineAsync(default);
        try { _result = await Search.SearchAsync(Query, default); }
        catch (AppProblem p) { _problem = p.Detail; }
    }
}
