namespace Gongzhi.Modules.Registry.Domain;

public enum Sex { Male = 1, Female = 2 }

public enum ResidencyType { Registered = 1, Permanent = 2, Floating = 3 }

public enum HouseholdRelation { Householder = 1, Spouse = 2, Child = 3, Parent = 4, Grandchild = 5, Sibling = 6, Other = 9 }

/// <summary>
/// A resident. The ID number and phone are held encrypted (AES-GCM) with a keyed hash for exact lookup and a masked
/// copy for lists; birth date and sex derive from the ID number.
/// </summary>
public sealed class Resident
{
    public long Id { get; set; }
    public long? HouseholdId { get; set; }
    /// <summary>Copy of the household's area path, for subtree queries and the data-scope filter.</summary>
    public required string AreaPath { get; set; }
    public required string Name { get; set; }
    public required string IdNumberCipher { get; set; }
    public required string IdNumberHash { get; set; }
    public required string IdNumberMasked { get; set; }
    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public string? PhoneMasked { get; set; }
    public Sex Sex { get; set; }
    public DateOnly BirthDate { get; set; }
    public HouseholdRelation Relation { get; set; }
    public ResidencyType ResidencyType { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
