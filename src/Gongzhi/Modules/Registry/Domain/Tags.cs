using Gongzhi.Modules.Areas.Contracts;
namespace Gongzhi.Modules.Registry.Domain;

public enum TagKind { System = 1, Computed = 2, Custom = 3 }

/// <summary>
/// A tag residents can hold. System tags have a bit in <see cref="Resident.SystemTagBits"/>; computed tags (age
/// bands) are derived from the birth date at query time; custom tags belong to a district.
/// </summary>
[AreaPathNotScoped("A custom tag belongs to a district and is offered to every node below it; system tags have no path.", FollowsMoves = true)]
public sealed class TagDefinition
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public TagKind Kind { get; set; }
    public int? Bit { get; set; }
    /// <summary>Custom tags: the district (its path) they belong to.</summary>
    public string? AreaPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A tag set on a resident by staff: who and when.</summary>
public sealed class ResidentTag
{
    public long ResidentId { get; set; }
    public Resident? Resident { get; set; }
    public long TagId { get; set; }
    public string? SetBy { get; set; }
    public DateTimeOffset SetAt { get; set; }
}

/// <summary>The system tags, with their fixed bits and Chinese names. Codes are stable identifiers.</summary>
public static class SystemTags
{
    public sealed record Tag(string Code, string Name, int? Bit, TagKind Kind);

    public static readonly Tag LivingAlone = new("living-alone", "独居", 0, TagKind.System);
    public static readonly Tag EmptyNest = new("empty-nest", "空巢", 1, TagKind.System);
    public static readonly Tag Disabled = new("disabled", "残疾", 2, TagKind.System);
    public static readonly Tag Veteran = new("veteran", "退役军人", 3, TagKind.System);
    public static readonly Tag PartyMember = new("party-member", "党员", 4, TagKind.System);
    public static readonly Tag LowIncome = new("low-income", "低收入", 5, TagKind.System);
    public static readonly Tag MinimumLiving = new("minimum-living", "低保", 6, TagKind.System);
    public static readonly Tag SpecialCare = new("special-care", "优抚对象", 7, TagKind.System);
    public static readonly Tag KeyPopulation = new("key-population", "重点人群", 8, TagKind.System);
    public static readonly Tag LeftBehindChild = new("left-behind-child", "留守儿童", 9, TagKind.System);
    public static readonly Tag SeriousIllness = new("serious-illness", "大病", 10, TagKind.System);
    public static readonly Tag Elderly60 = new("elderly-60", "60岁以上", null, TagKind.Computed);
    public static readonly Tag Elderly80 = new("elderly-80", "80岁以上", null, TagKind.Computed);

    public static readonly Tag[] All = [LivingAlone, EmptyNest, Disabled, Veteran, PartyMember, LowIncome, MinimumLiving, SpecialCare, KeyPopulation, LeftBehindChild, SeriousIllness, Elderly60, Elderly80];

    /// <summary>The tags that follow from other facts: party membership from political status, disability from its grade.</summary>
    public static IEnumerable<Tag> Implied(PoliticalStatus? political, int? disabilityGrade)
    {
        if (political is PoliticalStatus.PartyMember or PoliticalStatus.ProbationaryPartyMember) yield return PartyMember;
        if (disabilityGrade is not null) yield return Disabled;
    }

    public static long Mask(params Tag[] tags) => tags.Where(t => t.Bit is not null).Aggregate(0L, (m, t) => m | (1L << t.Bit!.Value));

    /// <summary>Computed tags: the birth date on or before which a resident holds the tag today.</summary>
    public static DateOnly? BornOnOrBefore(Tag tag, DateOnly today) =>
        tag == Elderly60 ? today.AddYears(-60) : tag == Elderly80 ? today.AddYears(-80) : null;
}
