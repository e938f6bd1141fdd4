using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Audit.Domain;

/// <summary>Who did what, when, from where, to which record. Written in the same transaction as the change it records.</summary>
[AreaPathNotScoped("The audit search scopes entries itself: entries with no path (sign-ins, departments) stay for admins, and a record's history is read through the record's own scope.")]
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>A stable verb such as <c>area.create</c>, <c>resident.unmask</c>, <c>auth.login-failed</c>.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    /// <summary>What changed (field: old → new) or why, in plain text.</summary>
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }

    /// <summary>
    /// The record this entry is about when it is created in the same save (its id is not known yet):
    /// <c>GongzhiDb</c> fills <see cref="EntityId"/> from it inside the save's transaction.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public object? Subject { get; set; }

    /// <summary>
    /// The area path of what the entry touched, so street and community staff can read the entries of their own
    /// subtree. Null for what belongs to no node (sign-ins, departments): those stay for admins.
    /// </summary>
    public string? AreaPath { get; set; }
}
