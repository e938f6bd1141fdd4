using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Areas.Features.Browse;

public static class AreaLabels
{
    public static string Level(IStringLocalizer<SharedResource> l, AreaLevel level) => level switch
    {
        AreaLevel.Province => l["Province"],
        AreaLevel.City => l["City"],
        AreaLevel.District => l["District"],
        AreaLevel.Street => l["Street / town"],
        AreaLevel.Community => l["Community / village"],
        AreaLevel.Grid => l["Grid"],
        AreaLevel.Compound => l["Compound"],
        AreaLevel.Building => l["Building"],
        AreaLevel.Unit => l["Unit"],
        _ => level.ToString(),
    };

    public static string PartyLevel(IStringLocalizer<SharedResource> l, PartyOrgLevel level) => level switch
    {
        PartyOrgLevel.StreetWorkingCommittee => l["Street party working committee"],
        PartyOrgLevel.CommunityCommittee => l["Community party committee"],
        PartyOrgLevel.Branch => l["Compound / grid party branch"],
        PartyOrgLevel.BuildingGroup => l["Building party group"],
        PartyOrgLevel.CentralHousehold => l["Party-member central household"],
        _ => level.ToString(),
    };

    /// <summary>The child levels a community may create under a node of this level.</summary>
    public static IEnumerable<AreaLevel> CreatableUnder(AreaLevel parent) =>
        Enum.GetValues<AreaLevel>().Where(c => AreaNode.IsCommunityManaged(c) && AreaNode.CanHoldChild(parent, c));
}
