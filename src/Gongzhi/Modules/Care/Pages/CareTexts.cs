using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.Roster;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Care.Pages;

/// <summary>The care pages' names for kinds, visit states and checklist items.</summary>
public static class CareTexts
{
    public static string Kind(IStringLocalizer l, CareKind kind) => kind switch
    {
        CareKind.LivingAlone => l["Elder living alone"],
        CareKind.EmptyNest => l["Empty-nest elder"],
        CareKind.Disabled => l["Person with a disability"],
        CareKind.LeftBehindChild => l["Left-behind child"],
        _ => l["Other care"],
    };

    public static string State(IStringLocalizer l, VisitState state) => state switch
    {
        VisitState.Overdue => l["Visit overdue"],
        VisitState.Due => l["Visit due"],
        _ => l["Visited"],
    };

    public static string StateBadge(VisitState state) => state switch
    {
        VisitState.Overdue => "text-bg-danger",
        VisitState.Due => "text-bg-warning",
        _ => "text-bg-success",
    };

    /// <summary>The three groups of 三问三检三清, each with its three items.</summary>
    public static IReadOnlyList<(string Group, string[] Items)> Groups(IStringLocalizer l) =>
    [
        (l["Knock and ask (敲门三问)"], ["health", "meals", "family"]),
        (l["Check inside (进门三检)"], ["water", "electricity", "gas"]),
        (l["Clear on leaving (出门三清)"], ["rubbish", "clutter", "passage"]),
    ];

    public static string Item(IStringLocalizer l, string item) => item switch
    {
        "health" => l["Health"], "meals" => l["Meals"], "family" => l["Family"], "water" => l["Water"], "electricity" => l["Electricity"],
        "gas" => l["Gas"], "rubbish" => l["Rubbish"], "clutter" => l["Clutter"], "passage" => l["Passage"], _ => item,
    };
}
