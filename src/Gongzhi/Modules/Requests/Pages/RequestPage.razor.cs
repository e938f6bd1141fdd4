using Gongzhi.Components.Forms;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Requests.Features.Lists;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Modules.Requests.Pages;

/// <summary>One request: its facts, the departments called in, the timeline, and a form for each step the caller may take now.</summary>
public partial class RequestPage : RecordPage<RequestDetail>
{
    [Parameter] public long Id { get; set; }
    [Inject] private RequestQueries Queries { get; set; } = default!;
    [Inject] private RequestWorkflow Workflow { get; set; } = default!;
    [Inject] private IDepartmentDirectory DepartmentDirectory { get; set; } = default!;
    [Inject] private Features.Intake.PublicIntake Intake { get; set; } = default!;

    // One bound record per form shape; each form posts the record the API takes.
    [SupplyParameterFromForm] public RequestNote? NoteInput { get; set; }
    [SupplyParameterFromForm(FormName = "assign")] public AssignRequest? AssignInput { get; set; }
    [SupplyParameterFromForm(FormName = "return")] public ReturnRequest? ReturnInput { get; set; }
    [SupplyParameterFromForm(FormName = "feedback")] public FeedbackInput? FeedbackForm { get; set; }
    [SupplyParameterFromForm(FormName = "whistle")] public WhistleRequest? WhistleInput { get; set; }

    [Inject] private Features.Intake.StaffPhotos StaffPhotos { get; set; } = default!;
    [Inject] private Features.Oversight.RequestOversight OversightService { get; set; } = default!;

    protected IReadOnlyList<DepartmentRef> Departments { get; private set; } = [];
    protected IReadOnlyList<Features.Intake.PhotoView> Photos { get; private set; } = [];
    protected Features.Oversight.RequestOversightView? Oversight { get; private set; }

    /// <summary>Everything the page and its blocks show, loaded here one query after another (the blocks share this DbContext).</summary>
    protected override async Task<RequestDetail> LoadAsync()
    {
        Departments = await DepartmentDirectory.ListActiveAsync(default);
        var detail = await Queries.GetAsync(Id, default);
        Photos = await StaffPhotos.ListAsync(Id, default);
        Oversight = await OversightService.ViewAsync(Id, default);
        return detail;
    }

    protected static string Time(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm");

    protected string ActionLabel(string action) => action switch
    {
        "accept" => L["Accept the request"],
        "assign" => L["Dispatch / transfer"],
        "return" => L["Return: not ours"],
        "start" => L["Start work"],
        "resolve" => L["Mark resolved"],
        "feedback" => L["Record the resident's feedback"],
        "return-visit" => L["Record the return visit and close"],
        "whistle" => L["Whistle a department in"],
        "report-in" => L["Report in"],
        _ => L["Record what the department did"],
    };

    protected Task SubmitActionAsync(string action) => SubmitAsync(action, async () =>
    {
        var note = NoteInput ?? new RequestNote(null);
        _ = action switch
        {
            "accept" => await Workflow.AcceptAsync(Id, note, default),
            "assign" => await Workflow.AssignAsync(Id, AssignInput ?? new AssignRequest(null, null, null), default),
            "return" => await Workflow.ReturnAsync(Id, ReturnInput ?? new ReturnRequest(null), default),
            "start" => await Workflow.StartAsync(Id, note, default),
            "resolve" => await ResolveWithPhotosAsync(note),
            "feedback" => await Workflow.FeedbackAsync(Id, FeedbackForm ?? new FeedbackInput(null, null, null), default),
            "return-visit" => await Workflow.ReturnVisitAsync(Id, note, default),
            "whistle" => await Workflow.WhistleAsync(Id, WhistleInput ?? new WhistleRequest(null, null), default),
            "report-in" => await Workflow.ReportInAsync(Id, note, default),
            "department-action" => await Workflow.DepartmentActAsync(Id, note, default),
            _ => throw new InvalidOperationException(action),
        };
        // After a return the caller may no longer reach the request: back to the list then.
        var stillVisible = await Queries.TryGetAsync(Id, default) is not null;
        return ((string)L["Saved."], stillVisible ? $"/requests/{Id}" : "/requests");
    });


    /// <summary>Photos are checked before the step, so a refused photo leaves the request unresolved; they are attached after it.</summary>
    private async Task<Domain.Request> ResolveWithPhotosAsync(RequestNote note)
    {
        var files = Http?.Request.HasFormContentType == true ? Http.Request.Form.Files.GetFiles("photos") : [];
        var photos = await Intake.PhotosAsync([.. files], 0, default);
        var resolved = await Workflow.ResolveAsync(Id, note, default);
        if (photos.Count > 0) await Workflow.AttachPhotosAsync(Id, Domain.PhotoKind.Resolution, photos, default);
        return resolved;
    }
}
