using System.Security.Claims;
using Gongzhi.Modules.Accounts.Domain;

namespace Gongzhi.Modules.Accounts.Contracts;

/// <summary>The signed-in account of this request, as other modules need to know it.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal? _runAs;

    private ClaimsPrincipal? Principal => _runAs ?? accessor.HttpContext?.User;

    /// <summary>Background work on behalf of an account (see <c>Reach.AsAccountAsync</c>): this scope acts as it.</summary>
    public void RunAs(ClaimsPrincipal principal) => _runAs = principal;

    public string? Id => Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
    public string? UserName => Principal?.Identity?.Name;

    public const string DisplayNameClaim = "gongzhi:display_name";

    /// <summary>How the account is greeted (王主任); the login name when it has none.</summary>
    public string? DisplayName => Principal?.FindFirstValue(DisplayNameClaim) ?? UserName;
    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;
    public bool IsAdmin => IsInRole(Roles.Admin);
    public bool IsInRole(string role) => Principal?.IsInRole(role) == true;
    public string? IpAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    /// <summary>The most senior role the account holds (accounts normally hold one).</summary>
    public string? MainRole => Roles.All.FirstOrDefault(IsInRole);

    /// <summary>May this account change the area tree (not only browse it)?</summary>
    public bool CanManageAreas => IsAdmin || IsInRole(Roles.Street) || IsInRole(Roles.Community);

    /// <summary>May this account see resident ID numbers and phones unmasked (each time audited)?</summary>
    public bool CanUnmask => IsAdmin || IsInRole(Roles.Street) || IsInRole(Roles.Community);

    /// <summary>May this account register and edit households (grid workers do door visits)?</summary>
    public bool CanManageHouseholds => CanManageAreas || IsInRole(Roles.Grid);
}
