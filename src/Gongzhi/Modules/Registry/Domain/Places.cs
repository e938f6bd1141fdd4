using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;
namespace Gongzhi.Modules.Registry.Domain;

public enum MerchantCategory { Catering = 1, Retail = 2, BeautySalon = 3, Repair = 4, Lodging = 5, Education = 6, Medical = 7, Other = 9 }

/// <summary>A merchant (商户) in the area, with its licence and the health certificates of its staff.</summary>
[Display(Name = "Merchants")]
public sealed class Merchant : IAreaScoped
{
    public long Id { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public required string Name { get; set; }
    public string? LicenceNumber { get; set; }
    public MerchantCategory Category { get; set; }
    public required string OwnerName { get; set; }
    public string? OwnerPhoneCipher { get; set; }
    public string? OwnerPhoneHash { get; set; }
    public string? OwnerPhoneMasked { get; set; }
    public required string Address { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>A health certificate (健康证) of one of a merchant's staff; later modules remind before it expires.</summary>
public sealed class HealthCertificate
{
    public long Id { get; set; }
    public long MerchantId { get; set; }
    public required string HolderName { get; set; }
    public string? CertificateNumber { get; set; }
    public DateOnly ExpiresOn { get; set; }
}

public enum FacilityKind { FireExtinguisher = 1, Hydrant = 2, Lift = 3, Camera = 4, ChargingPile = 5, SmokeDetector = 6, Other = 9 }

/// <summary>A facility (设施) to watch: where it is and when it was inspected, is due, or expires.</summary>
[Display(Name = "Facilities")]
public sealed class Facility : IAreaScoped
{
    public long Id { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public FacilityKind Kind { get; set; }
    public required string Name { get; set; }
    public string? Location { get; set; }
    public DateOnly? InstalledOn { get; set; }
    public DateOnly? LastInspectedOn { get; set; }
    public DateOnly? NextInspectionOn { get; set; }
    public DateOnly? ExpiresOn { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
}

/// <summary>A search a user keeps under a name (its query string).</summary>
public sealed class SavedSearch
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Query { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The outcome of one registry import, kept so that its report can be downloaded.</summary>
public sealed class ImportRun
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string FileName { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public int Rows { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    /// <summary>Rejections as JSON lines: row, field, message (at most <c>RegistryImporter.MaxStoredErrors</c>).</summary>
    public string? Errors { get; set; }
}
