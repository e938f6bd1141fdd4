namespace Gongzhi.Modules.ServiceGuide.Domain;

/// <summary>The life events (人生事) the guide is grouped by: stable codes, English labels (translated when shown).</summary>
public static class LifeEvents
{
    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        ("birth", "Birth"),
        ("schooling", "Schooling"),
        ("employment", "Jobs"),
        ("retirement", "Retirement"),
        ("elderly", "Old age"),
        ("disability", "Disability"),
        ("hardship", "Hardship relief"),
        ("medical", "Medical care"),
        ("housing", "Housing"),
        ("identity", "Household registration and ID"),
        ("veterans", "Veterans"),
        ("death", "Death"),
    ];

    public static bool IsKnown(string code) => All.Any(e => e.Code == code);

    public static string Label(string code) => All.FirstOrDefault(e => e.Code == code).Label ?? code;

    /// <summary>The label in the reader's language (spelled out so the string check sees every key).</summary>
    public static string Text(Microsoft.Extensions.Localization.IStringLocalizer<Gongzhi.Resources.SharedResource> l, string code) => code switch
    {
        "birth" => l["Birth"],
        "schooling" => l["Schooling"],
        "employment" => l["Jobs"],
        "retirement" => l["Retirement"],
        "elderly" => l["Old age"],
        "disability" => l["Disability"],
        "hardship" => l["Hardship relief"],
        "medical" => l["Medical care"],
        "housing" => l["Housing"],
        "identity" => l["Household registration and ID"],
        "veterans" => l["Veterans"],
        "death" => l["Death"],
        _ => code,
    };
}
