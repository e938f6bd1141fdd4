using Gongzhi.Modules.ServiceGuide.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.ServiceGuide.Pages;

/// <summary>Display text of the guide's enums in the reader's language.</summary>
public static class GuideTexts
{
    public static string TimeLimit(IStringLocalizer<SharedResource> l, int days, TimeLimitKind kind) =>
        days == 0 ? l["On the spot"] : kind == TimeLimitKind.WorkingDays ? l["{0} working days", days] : l["{0} calendar days", days];

    public static string Form(IStringLocalizer<SharedResource> l, MaterialForm form) => form switch
    {
        MaterialForm.Original => l["Original"],
        MaterialForm.Copy => l["Copy"],
        MaterialForm.OriginalAndCopy => l["Original and copy"],
        _ => form.ToString(),
    };

    public static string Status(IStringLocalizer<SharedResource> l, ApplicationStatus status) => status switch
    {
        ApplicationStatus.Recorded => l["Recorded"],
        ApplicationStatus.Submitted => l["Submitted to the department"],
        ApplicationStatus.Completed => l["Completed"],
        ApplicationStatus.Returned => l["Returned"],
        _ => status.ToString(),
    };

    public static string LifeEvent(IStringLocalizer<SharedResource> l, string code) => LifeEvents.Text(l, code);
}
