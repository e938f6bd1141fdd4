using System.ComponentModel.DataAnnotations;
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
    /// <summary>The last successful sign-in (page or token).</summary>
    public DateTimeOffset? LastSignInAt { get; set; }
    /// <summary>Set with a temporary password: until the account picks its own, it may do nothing else.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>Why an admin locked the account (null when it is not locked by an admin).</summary>
    public string? LockReason { get; set; }
}

public sealed class GongzhiRole : IdentityRole
{
    public GongzhiRole() { }
    public GongzhiRole(string name) : base(name) { }
}

/// <summary>A staff account bound to one area node: it sees and changes that subtree only.</summary>
[Display(Name = "Staff bindings")]
public sealed class UserAreaAssignment
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long AreaNodeId { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    public string? AssignedBy { get; set; }
}

