using Gongzhi.Components.Forms;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Features.Households;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Pages;

/// <summary>A household: members, history; staff register members, edit, move, retire it. Forms post the API's records.</summary>
public partial class HouseholdPage : RecordPage<HouseholdDetail>
{
    public const string MemberForm = "household-member", EditForm = "household-edit", MoveForm = "household-move";

    [Parameter] public long Id { get; set; }
    [Inject] private HouseholdService Households { get; set; } = default!;
    [Inject] private ResidentService Residents { get; set; } = default!;
    [Inject] private AuditHistory History { get; set; } = default!;
    [Inject] private CurrentUser Me { get; set; } = default!;

    [SupplyParameterFromForm(FormName = MemberForm)] public SaveResident? Member { get; set; }
    [SupplyParameterFromForm(FormName = EditForm)] public SaveHousehold? Edit { get; set; }
    [SupplyParameterFromForm(FormName = MoveForm)] public MoveHousehold? MoveTo { get; set; }

    private IReadOnlyList<HistoryEntry> _history = [];

    protected override async Task<HouseholdDetail> LoadAsync()
    {
        var detail = await Households.GetAsync(Id, default);
        _history = await History.ForAsync("household", Id.ToString(), 50, default);
        return detail;
    }

    /// <summary>The new member's input after a refused post (ID number included: the user typed it), else empty.</summary>
    private SaveResident ShownMember => Errors.For(MemberForm) && Member is not null ? Member : new SaveResident(Id, null, null, null, null, null);

    private SaveHousehold ShownEdit => Errors.For(EditForm) && Edit is not null ? Edit
        : new SaveHousehold(Record!.Household.Floor, Record.Household.Room, Record.Household.Address, Record.Household.Note, Record.Household.Tenure);

    private Task RegisterMemberAsync() => SubmitAsync(MemberForm, async () =>
    {
        var r = await Residents.CreateAsync((Member ?? new SaveResident(null, null, null, null, null, null)) with { HouseholdId = Id }, default);
        return L["Registered {0}.", r.Name].Value;
    });

    private Task SaveAsync() => SubmitAsync(EditForm, async () =>
        L["Saved {0}.", (await Households.UpdateAsync(Id, Edit ?? new SaveHousehold(null, null, null, null), default)).Address].Value);

    private Task MoveAsync() => SubmitAsync(MoveForm, async () =>
        L["Moved {0}.", (await Households.MoveAsync(Id, MoveTo ?? new MoveHousehold(null), default)).Address].Value);
}
