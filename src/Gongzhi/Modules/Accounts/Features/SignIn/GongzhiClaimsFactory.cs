using System.Security.Claims;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Accounts.Features.SignIn;

/// <summary>Puts the account's display name (王主任) into its cookie and tokens, so every page can greet it without a query.</summary>
public sealed class GongzhiClaimsFactory(UserManager<GongzhiUser> users, RoleManager<GongzhiRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<GongzhiUser, GongzhiRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(GongzhiUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName)) identity.AddClaim(new Claim(CurrentUser.DisplayNameClaim, user.DisplayName));
        if (user.MustChangePassword) identity.AddClaim(new Claim(AccountGate.MustChangePasswordClaim, "true"));
        return identity;
    }
}
