using Gongzhi.Components.Forms;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Tags;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Pages;

/// <summary>
/// A resident: facts, tags, households lived in, history; staff edit the basic facts, tags, move the resident or
/// end the membership. Every form posts the record the API takes and calls the same use case.
/// </summary>
public partial class ResidentPage : RecordPage<ResidentDetail>
{
    public const string FactsForm = "resident-facts", TagsForm = "resident-tags", MoveForm = "resident-move", EndForm = "resident-end";

    [Parameter] public long Id { get; set; }
    [Inject] private ResidentService Residents { get; set; } = default!;
    [Inject] private TagCatalog Tags { get; set; } = default!;
    [Inject] private CurrentUser Me { get; set; } = default!;
    [Inject] private GongzhiDb Db { get; set; } = default!;
    [Inject] private PersonalDataProtector Protector { get; set; } = default!;

    [SupplyParameterFromForm(FormName = FactsForm)] public SaveResident? Facts { get; set; }
    [SupplyParameterFromForm(FormName = TagsForm)] public string[]? TagCodes { get; set; }
    [SupplyParameterFromForm(FormName = MoveForm)] public MoveResident? Move { get; set; }
    [SupplyParameterFromForm(FormName = EndForm)] public EndMembership? End { get; set; }

    private IReadOnlyList<TagDefinition> _tags = [];
    private IReadOnlyList<HistoryEntry> _history = [];

    protected override async Task<ResidentDetail> LoadAsync()
    {
        var r = await Residents.GetAsync(Id, default);
        _tags = await Tags.UsableAsync(default);
        // Through the use case: entries naming households outside the caller's reach come without their address.
        _history = await Residents.HistoryAsync(Id, 50, default);
        return r;
    }

    /// <summary>What the facts form shows: the user's input after a refused post, else the stored facts.</summary>
    private SaveResident ShownFacts => Errors.For(FactsForm) && Facts is not null ? Facts : new SaveResident(
        Record!.HouseholdId, Record.Name, null, null, Record.Relation, Record.ResidencyType, Record.Ethnicity, Record.PoliticalStatus,
        Record.Employment, Record.Health, Record.DisabilityGrade, Record.MovedInOn, Note: Record.Note);

    private Task SaveFactsAsync() => SubmitAsync(FactsForm, async () =>
    {
        var input = Facts ?? new SaveResident(null, null, null, null, null, null);
        // The page shows the ID number and phone masked, so an empty field keeps the stored value (decrypted here
        // on the server, never sent to the browser); typing a value corrects it.
        if (string.IsNullOrWhiteSpace(input.IdNumber) || string.IsNullOrWhiteSpace(input.Phone))
        {
            var stored = await Db.Residents.AsNoTracking().Where(r => r.Id == Id).Select(r => new { r.IdNumberCipher, r.PhoneCipher }).FirstOrDefaultAsync();
            if (stored is not null)
                input = input with
                {
                    IdNumber = string.IsNullOrWhiteSpace(input.IdNumber) ? Protector.Decrypt(stored.IdNumberCipher) : input.IdNumber,
                    Phone = string.IsNullOrWhiteSpace(input.Phone) && stored.PhoneCipher is not null ? Protector.Decrypt(stored.PhoneCipher) : input.Phone,
                };
        }
        var r = await Residents.UpdateAsync(Id, input with { Tags = null }, default);
        return L["Saved {0}.", r.Name].Value;
    });

    private Task SaveTagsAsync() => SubmitAsync(TagsForm, async () => L["Saved {0}.", (await Residents.ReplaceTagsAsync(Id, TagCodes ?? [], default)).Name].Value);

    private Task MoveAsync() => SubmitAsync(MoveForm, async () => L["Moved {0}.", (await Residents.MoveAsync(Id, Move ?? new(null, null, null), default)).Name].Value);

    private Task EndAsync() => SubmitAsync(EndForm, async () => L["Saved {0}.", (await Residents.EndAsync(Id, End ?? new(null, null), default)).Name].Value);
}
