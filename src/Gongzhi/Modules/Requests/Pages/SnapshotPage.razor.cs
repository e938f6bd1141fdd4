using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Intake;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Modules.Requests.Pages;

/// <summary>What the 随手拍 page posts: no household, no resident; the worker's node (or one within reach) and a position.</summary>
public sealed record SnapshotInput(string? CategoryCode, string? AreaCode, string? Description, string? Address, double? Latitude, double? Longitude);

/// <summary>
/// 随手拍 for grid workers on a phone: photo, position (the phone's, or typed), category and what is wrong, on the
/// worker's own node or another node they reach. Recorded through the staff create path (channel Snapshot).
/// </summary>
public partial class SnapshotPage : FormComponent
{
    [Inject] private CategoryCatalog Categories { get; set; } = default!;
    [Inject] private RequestWorkflow Workflow { get; set; } = default!;
    [Inject] private PublicIntake Intake { get; set; } = default!;
    [Inject] private IAccountDirectory Accounts { get; set; } = default!;
    [Inject] private IAreaDirectory Areas { get; set; } = default!;
    [Inject] private CurrentUser Me { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "snapshot")] public SnapshotInput? Input { get; set; }

    private IReadOnlyList<CategoryView> _categories = [];
    private List<(string Code, string Name)> _nodes = [];

    protected override async Task OnInitializedAsync()
    {
        _categories = await Categories.ListAsync(false, default);
        // The worker's own bindings first (the usual place), then their children (a compound, a building) to choose from.
        var staff = Me.Id is { } id ? await Accounts.StaffAsync(id, default) : null;
        foreach (var node in await Areas.NamesAsync(staff?.AreaNodeIds ?? [], default))
        {
            _nodes.Add((node.Code, node.Name));
            foreach (var child in (await Areas.ChildrenAsync(node.Id, default)).Where(c => !c.IsRetired))
                _nodes.Add((child.Code, "　" + child.Name));
        }
    }

    protected Task ReportAsync() => SubmitAsync("snapshot", async () =>
    {
        var input = Input ?? new SnapshotInput(null, null, null, null, null, null);
        var files = Http?.Request.HasFormContentType == true ? Http.Request.Form.Files.GetFiles("photos") : [];
        var photos = await Intake.PhotosAsync([.. files], 0, default);
        if (photos.Count == 0) throw AppProblem.Invalid("photos", L["Take or choose a photo."]);
        var request = await Workflow.CreateAsync(new CreateRequest(RequestChannel.Snapshot, input.CategoryCode, input.AreaCode, null, null, null,
            input.Description, input.Address, input.Latitude, input.Longitude), default);
        await Workflow.AttachPhotosAsync(request.Id, PhotoKind.Snapshot, photos, default);
        return ((string)L["Reported. Tracking code {0}.", request.TrackingCode], $"/requests/{request.Id}");
    });
}
