using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Pages;

/// <summary>Labels of the registry's vocabularies in the page's language.</summary>
public static class RegistryLabels
{
    public static string Of(IStringLocalizer<SharedResource> l, Enum? value) => value is null ? "" : value switch
    {
        Sex s => l[s.ToString()],
        HouseholdRelation r => l[r.ToString()],
        ResidencyType t => l[t.ToString()],
        ResidentStatus st => st switch { ResidentStatus.Active => l["Registered here"], ResidentStatus.MovedOut => l["Moved out"], _ => l["Deceased"] },
        PoliticalStatus p => p switch
        {
            PoliticalStatus.Masses => l["The masses"], PoliticalStatus.PartyMember => l["Party member"], PoliticalStatus.ProbationaryPartyMember => l["Probationary party member"],
            PoliticalStatus.LeagueMember => l["League member"], PoliticalStatus.DemocraticParty => l["Democratic party member"], _ => l["Non-partisan"],
        },
        Employment e => e switch
        {
            Employment.Employed => l["Employed"], Employment.Unemployed => l["Unemployed"], Employment.Retired => l["Retired (pension)"], Employment.Student => l["Student"],
            Employment.Preschool => l["Preschool"], Employment.Farming => l["Farming"], _ => l["Other"],
        },
        HealthStatus h => h switch { HealthStatus.Healthy => l["Healthy"], HealthStatus.Chronic => l["Chronic illness"], HealthStatus.SeriousIllness => l["Serious illness"], _ => l["Infirm"] },
        Tenure t => t switch { Tenure.OwnerOccupied => l["Owner-occupied"], Tenure.Rented => l["Rented"], Tenure.Vacant => l["Vacant"], _ => l["Other"] },
        MembershipEnd m => m switch { MembershipEnd.MovedHousehold => l["Moved to another household"], MembershipEnd.MovedOut => l["Moved out"], _ => l["Deceased"] },
        MerchantCategory c => c switch
        {
            MerchantCategory.Catering => l["Catering"], MerchantCategory.Retail => l["Retail"], MerchantCategory.BeautySalon => l["Beauty and hair"], MerchantCategory.Repair => l["Repair"],
            MerchantCategory.Lodging => l["Lodging"], MerchantCategory.Education => l["Education"], MerchantCategory.Medical => l["Medical"], _ => l["Other"],
        },
        FacilityKind k => k switch
        {
            FacilityKind.FireExtinguisher => l["Fire extinguisher"], FacilityKind.Hydrant => l["Hydrant"], FacilityKind.Lift => l["Lift"], FacilityKind.Camera => l["Camera"],
            FacilityKind.ChargingPile => l["Charging pile"], FacilityKind.SmokeDetector => l["Smoke detector"], _ => l["Other"],
        },
        _ => value.ToString(),
    };

    /// <summary>Tag names are data (Chinese for system tags); English pages show the code's words instead.</summary>
    public static string Tag(string code, string name) =>
        System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("en") && !code.StartsWith("c-") ? code.Replace('-', ' ') : name;
}
