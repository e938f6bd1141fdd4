using Gongzhi.Modules.Registry.Domain;

namespace Gongzhi.Modules.Registry.Features.Import;

/// <summary>
/// The one collection form (一表采集): its columns, their Chinese headers (the form is Chinese whatever the UI
/// language; English keys are accepted too, for API clients), and the fixed vocabularies of its drop-downs.
/// </summary>
public static class RegistryForm
{
    public sealed record Field(string Key, string Header, bool Required, double Width, IReadOnlyList<string>? Choices = null);

    public static readonly IReadOnlyDictionary<string, HouseholdRelation> Relations = new Dictionary<string, HouseholdRelation>
    {
        ["户主"] = HouseholdRelation.Householder, ["配偶"] = HouseholdRelation.Spouse, ["子女"] = HouseholdRelation.Child, ["父母"] = HouseholdRelation.Parent,
        ["孙子女"] = HouseholdRelation.Grandchild, ["兄弟姐妹"] = HouseholdRelation.Sibling, ["其他"] = HouseholdRelation.Other,
    };

    public static readonly IReadOnlyDictionary<string, ResidencyType> Residencies = new Dictionary<string, ResidencyType>
    {
        ["户籍"] = ResidencyType.Registered, ["常住"] = ResidencyType.Permanent, ["流动"] = ResidencyType.Floating,
    };

    public static readonly IReadOnlyDictionary<string, PoliticalStatus> Politics = new Dictionary<string, PoliticalStatus>
    {
        ["群众"] = PoliticalStatus.Masses, ["中共党员"] = PoliticalStatus.PartyMember, ["中共预备党员"] = PoliticalStatus.ProbationaryPartyMember,
        ["共青团员"] = PoliticalStatus.LeagueMember, ["民主党派"] = PoliticalStatus.DemocraticParty, ["无党派人士"] = PoliticalStatus.NonPartisan,
    };

    public static readonly IReadOnlyDictionary<string, Employment> Employments = new Dictionary<string, Employment>
    {
        ["在职"] = Employment.Employed, ["失业"] = Employment.Unemployed, ["离退休"] = Employment.Retired, ["在校学生"] = Employment.Student,
        ["学龄前"] = Employment.Preschool, ["务农"] = Employment.Farming, ["其他"] = Employment.Other,
    };

    public static readonly IReadOnlyDictionary<string, HealthStatus> Healths = new Dictionary<string, HealthStatus>
    {
        ["健康"] = HealthStatus.Healthy, ["慢性病"] = HealthStatus.Chronic, ["大病"] = HealthStatus.SeriousIllness, ["失能"] = HealthStatus.Infirm,
    };

    public static readonly IReadOnlyDictionary<string, int> Disabilities = new Dictionary<string, int> { ["一级"] = 1, ["二级"] = 2, ["三级"] = 3, ["四级"] = 4 };

    public static readonly Field AreaCode = new("areaCode", "区域编码", true, 30);
    public static readonly Field Floor = new("floor", "楼层", false, 8);
    public static readonly Field Room = new("room", "房号", false, 8);
    public static readonly Field Address = new("address", "地址（平房、村居填写）", false, 28);
    public static readonly Field Name = new("name", "姓名", true, 10);
    public static readonly Field IdNumber = new("idNumber", "身份证号", true, 22);
    public static readonly Field Relation = new("relation", "与户主关系", true, 12, [.. Relations.Keys]);
    public static readonly Field Residency = new("residency", "居住类型", true, 10, [.. Residencies.Keys]);
    public static readonly Field Phone = new("phone", "联系电话", false, 14);
    public static readonly Field Ethnicity = new("ethnicity", "民族", false, 8);
    public static readonly Field Political = new("politicalStatus", "政治面貌", false, 12, [.. Politics.Keys]);
    public static readonly Field Employment_ = new("employment", "就业状况", false, 10, [.. Employments.Keys]);
    public static readonly Field Health = new("health", "健康状况", false, 10, [.. Healths.Keys]);
    public static readonly Field Disability = new("disabilityGrade", "残疾等级", false, 10, [.. Disabilities.Keys]);
    public static readonly Field MovedIn = new("movedInOn", "迁入日期", false, 12);
    public static readonly Field Tags = new("tags", "标签（多个用、分隔）", false, 22);

    public static readonly IReadOnlyList<Field> Fields =
        [AreaCode, Floor, Room, Address, Name, IdNumber, Relation, Residency, Phone, Ethnicity, Political, Employment_, Health, Disability, MovedIn, Tags];

    public static T? Lookup<T>(IReadOnlyDictionary<string, T> vocabulary, string? text) where T : struct =>
        text is not null && vocabulary.TryGetValue(text.Trim(), out var value) ? value : null;

    public static string Label<T>(IReadOnlyDictionary<string, T> vocabulary, T? value) where T : struct =>
        value is null ? "" : vocabulary.FirstOrDefault(kv => EqualityComparer<T>.Default.Equals(kv.Value, value.Value)).Key ?? "";
}
