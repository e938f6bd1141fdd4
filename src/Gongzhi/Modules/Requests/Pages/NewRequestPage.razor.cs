using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Oversight;
using Gongzhi.Modules.Requests.Features.Sessions;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Modules.Requests.Pages;

/// <summary>What the new-request form posts: the API's fields, the session (书记有约) and whether possible duplicates were seen and waved through.</summary>
public sealed record NewRequestForm(RequestChannel? Channel, string? CategoryCode, string? AreaCode, string? Address, string? SubmitterName,
    string? SubmitterPhone, string? Description, long? SessionId, bool? Confirmed);

/// <summary>
/// Staff record a request on a resident's behalf (一口受理 at the window, a phone call, a 书记有约 session). Before saving,
/// open requests of the same category at the same place are shown with links, and saving needs a second, explicit click.
/// </summary>
public partial class NewRequestPage : FormComponent
{
    [Inject] private RequestWorkflow Workflow { get; set; } = default!;
    [Inject] private RequestOversight Oversight { get; set; } = default!;
    [Inject] private SecretarySessions Sessions { get; set; } = default!;
    [Inject] private CategoryCatalog Categories { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "new-request")] public NewRequestForm? Input { get; set; }
    [SupplyParameterFromQuery] public long? Session { get; set; }
    [SupplyParameterFromQuery] public string? Area { get; set; }

    private static readonly RequestChannel[] Channels = [RequestChannel.Window, RequestChannel.Phone, RequestChannel.Snapshot];
    private static readonly string[] FieldKeys = ["channel", "categoryCode", "areaCode", "address", "submitterName", "submitterPhone", "description", "householdId", "sessionId"];
    private IReadOnlyList<CategoryView> _categories = [];
    private IReadOnlyList<SimilarRequest> _similar = [];
    private SessionDetail? _session;

    protected override async Task OnInitializedAsync()
    {
        _categories = await Categories.ListAsync(false, default);
        var sessionId = Input?.SessionId ?? Session;
        if (sessionId is { } id)
        {
            try { _session = await Sessions.GetAsync(id, default); }
            catch (AppProblem p) { SetStatus(p.Status); }
        }
    }

    private Task SaveAsync() => SubmitAsync("new-request", async () =>
    {
        var input = Input ?? new NewRequestForm(null, null, null, null, null, null, null, null, null);
        if (input.Confirmed != true && !string.IsNullOrWhiteSpace(input.CategoryCode) && !string.IsNullOrWhiteSpace(input.AreaCode))
        {
            try { _similar = await Oversight.SimilarAsync(input.CategoryCode, input.AreaCode, null, default); }
            catch (AppProblem) { _similar = []; } // an unknown category or area: the save below says which field
            if (_similar.Count > 0)
                throw new AppProblem(StatusCodes.Status409Conflict, L["Possible duplicates: check them, then save anyway if this is a new matter."]);
        }
        var create = new CreateRequest(input.Channel, input.CategoryCode, input.AreaCode, null, input.SubmitterName, input.SubmitterPhone, input.Description, input.Address);
        var request = _session is not null
            ? await Sessions.AddRequestAsync(_session.Session.Id, create, default)
            : await Workflow.CreateAsync(create, default);
        return ((string)L["Request {0} recorded.", request.TrackingCode], $"/requests/{request.Id}");
    });
}
