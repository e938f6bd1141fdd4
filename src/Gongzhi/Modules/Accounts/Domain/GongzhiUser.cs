using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Modules.Accounts.Domain;

public sealed class GongzhiUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The account's language (zh-CN or en-US), restored at every sign-in.</summary>
    public string Culture { get; set; } = "zh-CN";
    /// <summary>Department staff belong to a department, not to an area.</summary>
    public long? DepartmentId { get; set; }
    /// <summary>A resident's account points at their registry record.</summary>
    public long? ResidentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class GongzhiRole : IdentityRole
{
    public GongzhiRole() { }
    public GongzhiRole(string name) : base(name) { }
}

/// <summary>A staff account bound to one area node: it sees and changes that subtree only.</summary>
public sealed class UserAreaAssignment
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long AreaNodeId { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public string? AssignedBy { get; set; }
}

/// <summary>The roles of Gongzhi; the names are stable identifiers, the labels are localized.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Street = "street";
    public const string Community = "community";
    public const string Grid = "grid";
    public const string Department = "department";
    public const string Volunteer = "volunteer";
    public const string Resident = "resident";
    public const string SocialOrganization = "socialorg";

    public static readonly string[] All = [Admin, Street, Community, Grid, Department, Volunteer, Resident, SocialOrganization];

    /// <summary>Roles bound to area nodes, most senior first.</summary>
    public static readonly string[] AreaStaff = [Street, Community, Grid];

    /// <summary>Who may browse and manage the area tree (within their scope).</summary>
    public const string StaffPolicy = "staff";
    public const string AdminPolicy = "admin";
    /// <summary>Who may assign staff to nodes (admin anywhere, street and community staff inside their subtree).</summary>
    public const string AssignPolicy = "assign";

    public static string Label(string role) => role switch
    {
        Admin => "Platform admin",
        Street => "Street staff",
        Community => "Community worker",
        Grid => "Grid worker",
        Department => "Department staff",
        Volunteer => "Volunteer",
        Resident => "Resident",
        SocialOrganization => "Social organisation",
        _ => role,
    };

    /// <summary>Seniority for assignment: an assigner may bind only accounts of a lower rank.</summary>
    public static int Rank(string role) => role switch { Admin => 4, Street => 3, Community => 2, Grid => 1, _ => 0 };
}
