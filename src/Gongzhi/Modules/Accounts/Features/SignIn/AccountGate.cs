using System.Security.Claims;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Accounts.Features.SignIn;

/// <summary>
/// Runs once the caller is known. A bearer token is checked against the account's security stamp (as the cookie is
/// by Identity's validator), at most once per <c>Accounts:SessionCheckSeconds</c> per account and node, so that a
/// forced sign-out, a lock or a new password also ends API sessions. An account holding a temporary password
/// reaches nothing but the password change (and signing out) until it has picked its own.
/// </summary>
public sealed class AccountGate(RequestDelegate next, IMemoryCache cache, IOptions<SecurityStampValidatorOptions> stampOptions, IOptions<IdentityOptions> identity)
{
    public const string MustChangePasswordClaim = "gongzhi:must_change_password";
    public const string PasswordPage = "/account/password";

    private static readonly string[] AllowedWhileChanging = [PasswordPage, "/account/logout", "/account/culture", "/api/me/password", "/login", "/forbidden"];

    public async Task InvokeAsync(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && !await StampHoldsAsync(http, user))
            {
                var l = Localizer(http);
                await ProblemAsync(http, StatusCodes.Status401Unauthorized, l["This session has ended: sign in again."]);
                return;
            }
            if (user.HasClaim(MustChangePasswordClaim, "true") && !AllowedWhileChanging.Any(p => http.Request.Path.StartsWithSegments(p)))
            {
                var l = Localizer(http);
                if (http.Request.Path.StartsWithSegments("/api"))
                    await ProblemAsync(http, StatusCodes.Status403Forbidden, l["Change your temporary password first."]);
                else
                    http.Response.Redirect(PasswordPage);
                return;
            }
        }
        await next(http);
    }

    /// <summary>The token's stamp against the account's (the database is asked at most once per interval and node).</summary>
    private async Task<bool> StampHoldsAsync(HttpContext http, ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return false;
        var key = "gongzhi:stamp:" + id;
        if (!cache.TryGetValue(key, out string? stamp))
        {
            var db = http.RequestServices.GetRequiredService<GongzhiDb>();
            stamp = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefaultAsync(http.RequestAborted) ?? "";
            cache.Set(key, stamp, stampOptions.Value.ValidationInterval);
        }
        return stamp != "" && stamp == user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
    }

    // Services are resolved only on these rare paths: most requests pass the gate without touching the database.
    private static IStringLocalizer<SharedResource> Localizer(HttpContext http) => http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    private static async Task ProblemAsync(HttpContext http, int status, string detail)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status, Detail = detail } });
    }
}
