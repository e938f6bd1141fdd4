namespace Gongzhi.Modules.Accounts.Contracts;

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

    /// <summary>Any signed-in account.</summary>
    public const string SignedInPolicy = "signed-in";
    /// <summary>Who may browse and manage the area tree (within their scope).</summary>
    public const string StaffPolicy = "staff";
    public const string AdminPolicy = "admin";
    /// <summary>Who may assign staff to nodes (admin anywhere, street and community staff inside their subtree).</summary>
    public const string AssignPolicy = "assign";
    /// <summary>Multipart uploads to the API: area staff and admins, with a bearer token only (a cookie could be replayed by a cross-site form).</summary>
    public const string ApiUploadPolicy = "api-upload";
    /// <summary>The same for admins only (division import).</summary>
    public const string ApiAdminUploadPolicy = "api-admin-upload";

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
