using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;
namespace Gongzhi.Modules.Registry.Domain;

public enum Sex { Male = 1, Female = 2 }

public enum ResidencyType { Registered = 1, Permanent = 2, Floating = 3 }

public enum HouseholdRelation { Householder = 1, Spouse = 2, Child = 3, Parent = 4, Grandchild = 5, Sibling = 6, Other = 9 }

public enum ResidentStatus { Active = 1, MovedOut = 2, Deceased = 3 }

public enum PoliticalStatus { Masses = 1, PartyMember = 2, ProbationaryPartyMember = 3, LeagueMember = 4, DemocraticParty = 5, NonPartisan = 6 }

public enum Employment { Employed = 1, Unemployed = 2, Retired = 3, Student = 4, Preschool = 5, Farming = 6, Other = 9 }

public enum HealthStatus { Healthy = 1, Chronic = 2, SeriousIllness = 3, Infirm = 4 }

/// <summary>
/// A resident. The ID number and phone are held encrypted (AES-GCM) with a keyed hash for exact lookup and a masked
/// copy for lists; birth date and sex derive from the ID number. A resident is never deleted: moving out or death
/// ends the membership of their household and keeps the record and its history.
/// </summary>
[Display(Name = "Residents")]
public sealed class Resident : IAreaScoped
{
    public long Id { get; set; }
    public long? HouseholdId { get; set; }
    /// <summary>Copy of the (last) household's area path, for subtree queries and the data-scope filter.</summary>
    public required string AreaPath { get; set; }
    public required string Name { get; set; }
    public required string IdNumberCipher { get; set; }
    public required string IdNumberHash { get; set; }
    public required string IdNumberMasked { get; set; }
    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public string? PhoneMasked { get; set; }
    /// <summary>
    /// Keyed hashes of the ID number's last 6 characters and the phone's last 4 digits (what the masked copies already
    /// show), so staff can search by the digits they usually have. Null on rows written before migration 0003 until
    /// they are saved or imported again.
    /// </summary>
    public string? IdNumberTailHash { get; set; }
    public string? PhoneTailHash { get; set; }
    public Sex Sex { get; set; }
    public DateOnly BirthDate { get; set; }
    public HouseholdRelation Relation { get; set; }
    public ResidencyType ResidencyType { get; set; }
    public ResidentStatus Status { get; set; } = ResidentStatus.Active;
    public string? Ethnicity { get; set; }
    public PoliticalStatus? PoliticalStatus { get; set; }
    public Employment? Employment { get; set; }
    public HealthStatus? Health { get; set; }
    /// <summary>Disability grade 1 (most severe) to 4; null when not disabled.</summary>
    public int? DisabilityGrade { get; set; }
    public DateOnly? MovedInOn { get; set; }
    public DateOnly? MovedOutOn { get; set; }
    /// <summary>The system tags the resident holds, one bit each (see <see cref="SystemTags"/>): fast to search.</summary>
    public long SystemTagBits { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One stay of a resident in a household: the registry's history of who lived where.</summary>
public sealed class HouseholdMembership
{
    public long Id { get; set; }
    public long ResidentId { get; set; }
    public Resident? Resident { get; set; }
    public long HouseholdId { get; set; }
    public HouseholdRelation Relation { get; set; }
    public DateOnly StartedOn { get; set; }
    public DateOnly? EndedOn { get; set; }
    public MembershipEnd? EndReason { get; set; }
}

public enum MembershipEnd { MovedHousehold = 1, MovedOut = 2, Deceased = 3 }
