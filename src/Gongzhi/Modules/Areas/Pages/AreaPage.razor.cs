using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Areas.Features.Browse;
using Gongzhi.Modules.Areas.Features.Manage;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Modules.Areas.Pages;

/// <summary>
/// A node of the area tree: counts, children, the sections other modules add, and — for community-made nodes —
/// create, rename, move (forms posting the API's records), retire, restore, delete.
/// </summary>
public partial class AreaPage : RecordPage<AreaNodeView>
{
    public const string ChildForm = "area-child", RenameForm = "area-rename", MoveForm = "area-move";

    [Parameter] public string Code { get; set; } = "";
    [Inject] private AreaQueries Areas { get; set; } = default!;
    [Inject] private AreaCommands Commands { get; set; } = default!;
    [Inject] private IEnumerable<AreaPageSection> Sections { get; set; } = default!;
    [Inject] private CurrentUser Me { get; set; } = default!;

    [SupplyParameterFromForm(FormName = ChildForm)] public CreateAreaNode? Child { get; set; }
    [SupplyParameterFromForm(FormName = RenameForm)] public UpdateAreaNode? Rename { get; set; }
    [SupplyParameterFromForm(FormName = MoveForm)] public MoveAreaNode? MoveTo { get; set; }

    private AreaRef? _ref;
    private IReadOnlyList<AreaNode> _ancestors = [];
    private PagedList<AreaNodeView> _children = new([], 0);

    protected override async Task<AreaNodeView> LoadAsync()
    {
        var node = await Areas.GetNodeAsync(Code, default);
        var view = await Areas.GetAsync(Code, default);
        _ancestors = await Areas.VisibleAncestorsAsync(node, default);
        _children = node.Level < AreaLevel.Unit ? await Areas.ChildrenAsync(Code, null, false, 1, 200, default) : new PagedList<AreaNodeView>([], 0);
        _ref = AreaDirectory.Ref(node);
        return view;
    }

    private CreateAreaNode ShownChild => Errors.For(ChildForm) && Child is not null ? Child : new CreateAreaNode(null, null);

    private UpdateAreaNode ShownRename => Errors.For(RenameForm) && Rename is not null ? Rename
        : new UpdateAreaNode(Record!.Name, Record.Floors, Record.RoomsPerFloor, Record.Note);

    private Task CreateChildAsync() => SubmitAsync(ChildForm, async () =>
    {
        var node = await Commands.CreateChildAsync(Code, Child ?? new CreateAreaNode(null, null), default);
        return (L["Created {0}.", node.Name].Value, $"/areas/{node.Code}");
    });

    private Task RenameAsync() => SubmitAsync(RenameForm, async () =>
        L["Saved {0}.", (await Commands.UpdateAsync(Code, Rename ?? new UpdateAreaNode(null), default)).Name].Value);

    private Task MoveAsync() => SubmitAsync(MoveForm, async () =>
        L["Moved {0}.", (await Commands.MoveAsync(Code, MoveTo ?? new MoveAreaNode(null), default)).Name].Value);
}
