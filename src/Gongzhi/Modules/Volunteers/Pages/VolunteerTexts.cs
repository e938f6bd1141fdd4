using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Pages;

/// <summary>Labels and formats shared by the volunteer pages.</summary>
public static class VolunteerTexts
{
    public static string State(IStringLocalizer<SharedResource> l, SignUpState state) => state switch
    {
        SignUpState.SignedUp => l["Signed up"],
        SignUpState.Cancelled => l["Cancelled"],
        SignUpState.CheckedIn => l["Checked in"],
        SignUpState.CheckedOut => l["Checked out"],
        SignUpState.Confirmed => l["Confirmed"],
        SignUpState.NoShow => l["No-show"],
        _ => state.ToString(),
    };

    public static string Time(DateTimeOffset at) => at.ToOffset(Infrastructure.BeijingTime.Offset).ToString("yyyy-MM-dd HH:mm");

    public static string Short(DateTimeOffset at) => at.ToOffset(Infrastructure.BeijingTime.Offset).ToString("MM-dd HH:mm");
}
