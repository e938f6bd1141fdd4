using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Pages;

/// <summary>Labels of the award pages.</summary>
public static class AwardTexts
{
    public static string Kind(IStringLocalizer<SharedResource> l, AwardNomineeKind kind) => kind switch
    {
        AwardNomineeKind.Volunteer => l["for volunteers"],
        AwardNomineeKind.Team => l["for teams and projects"],
        _ => l["for buildings"],
    };

    public static string State(IStringLocalizer<SharedResource> l, NominationState state) => state switch
    {
        NominationState.Pending => l["Awaiting decision"],
        NominationState.Awarded => l["Awarded"],
        _ => l["Declined"],
    };
}
