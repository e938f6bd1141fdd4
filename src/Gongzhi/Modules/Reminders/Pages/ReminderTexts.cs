using Gongzhi.Modules.Reminders.Contracts;
using Gongzhi.Modules.Reminders.Features.DueItems;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Reminders.Pages;

/// <summary>The reminders pages' names for kinds, states, owners and reminder points.</summary>
public static class ReminderTexts
{
    public static string Kind(IStringLocalizer l, DueKind kind) => kind switch
    {
        DueKind.FacilityInspection => l["Facility inspection or expiry"],
        DueKind.FireExtinguisher => l["Fire extinguisher"],
        DueKind.MerchantLicence => l["Merchant licence"],
        DueKind.HealthCertificate => l["Staff health certificate"],
        DueKind.AllowanceVerification => l["Allowance annual verification"],
        DueKind.CareVisit => l["Care visit"],
        DueKind.RequestDeadline => l["Request deadline"],
        _ => l["Other due item"],
    };

    public static string State(IStringLocalizer l, DueState state) => state switch
    {
        DueState.Overdue => l["Past due"],
        DueState.Today => l["Due today"],
        DueState.Upcoming => l["Upcoming"],
        DueState.Closed => l["Closed"],
        _ => l["Later"],
    };

    public static string StateBadge(DueState state) => state switch
    {
        DueState.Overdue => "text-bg-danger",
        DueState.Today => "text-bg-warning",
        DueState.Upcoming => "text-bg-info",
        DueState.Closed => "text-bg-secondary",
        _ => "text-bg-light",
    };

    public static string Role(IStringLocalizer l, string? role) => role switch
    {
        "grid" => l["Grid worker"],
        "community" => l["Community worker"],
        "street" => l["Street staff"],
        _ => role ?? "",
    };

    public static string Owner(IStringLocalizer l, DueItemView v) => v.OwnerName ?? (v.OwnerRole is null ? "" : l["{0} of the area", Role(l, v.OwnerRole)]);

    public static string Point(IStringLocalizer l, string point) => point switch
    {
        "day" => l["On the day"],
        "escalate" => l["Escalated to the supervisor"],
        _ when point.StartsWith("before:") => l["{0} days before", point["before:".Length..]],
        _ when point.StartsWith("overdue:") => l["{0} days overdue", point["overdue:".Length..]],
        _ => point,
    };
}
