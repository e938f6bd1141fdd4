namespace Gongzhi.Modules.Accounts.Contracts;

/// <summary>How an account can be reached, as the notifications module needs it (phone and e-mail as the account holds them).</summary>
public sealed record AccountContact(string UserId, string UserName, string Culture, string? Phone, string? Email, string DisplayName);

/// <summary>An account to whom work can be handed: <paramref name="Role"/> is its most senior role; <paramref name="AreaNodeIds"/> its bindings.</summary>
public sealed record StaffAccount(string UserId, string UserName, string DisplayName, string? Role, long? DepartmentId, IReadOnlyList<long> AreaNodeIds, bool IsLocked);

/// <summary>Who holds an account, for modules that address people (notifications). No data-scope filter: callers decide whom to address.</summary>
public interface IAccountDirectory
{
    Task<IReadOnlyList<AccountContact>> FindAsync(IReadOnlyCollection<string> userIds, CancellationToken ct);

    /// <summary>Accounts holding <paramref name="role"/> that are bound to the area node itself.</summary>
    Task<IReadOnlyList<AccountContact>> WithRoleAtAsync(string role, long areaNodeId, CancellationToken ct);

    /// <summary>The accounts of residents (a resident's own account), by resident id.</summary>
    Task<IReadOnlyDictionary<long, AccountContact>> OfResidentsAsync(IReadOnlyCollection<long> residentIds, CancellationToken ct);

    /// <summary>
    /// A staff account as work is handed to it (requests): its main role, department and whether it can sign in; by user
    /// name or id. Null when there is no such account.
    /// </summary>
    Task<StaffAccount?> StaffAsync(string userNameOrId, CancellationToken ct);

    /// <summary>The accounts of a department that can still sign in (not locked), for messages to the department.</summary>
    Task<IReadOnlyList<AccountContact>> OfDepartmentAsync(long departmentId, CancellationToken ct);

    /// <summary>The resident an account belongs to (a resident's own account), or null.</summary>
    Task<long?> ResidentOfAsync(string userId, CancellationToken ct);

    /// <summary>Every account (the demo uses it to leave messages in every inbox).</summary>
    Task<IReadOnlyList<AccountContact>> AllAsync(CancellationToken ct);
}
