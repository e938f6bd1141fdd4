using Gongzhi.Modules.Accounts.Contracts;
using System.Security.Claims;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Localization;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Accounts.Features.SignIn;
using Gongzhi.Modules.Accounts.Features.Users;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Accounts;

public sealed record CultureRequest(string? Culture);

public static class AccountsApi
{
    public const string SignInRateLimit = "sign-in";

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", async (TokenRequest body, SignInService signIn, IStringLocalizer<SharedResource> l) =>
        {
            var v = new Validation();
            v.Require(!string.IsNullOrWhiteSpace(body.UserName), "userName", l["Enter the user name."]);
            v.Require(!string.IsNullOrEmpty(body.Password), "password", l["Enter a password."]);
            v.ThrowIfInvalid();
            var (outcome, user) = await signIn.CheckAsync(body.UserName, body.Password);
            if (user is null) throw new AppProblem(StatusCodes.Status401Unauthorized, signIn.Message(outcome));
            return TypedResults.Ok(await signIn.IssueTokenAsync(user));
        }).WithTags("Accounts").AllowAnonymous().RequireRateLimiting(SignInRateLimit)
          .WithSummary("Issues a bearer token for API clients: {\"userName\", \"password\"} → {access_token, token_type, expires_in}.");

        app.MapGet("/api/me", async (ClaimsPrincipal principal, UserManager<GongzhiUser> users, GongzhiDb db, IAreaDirectory areas, CancellationToken ct) =>
        {
            var user = await users.GetUserAsync(principal) ?? throw new AppProblem(401, "");
            var roles = await users.GetRolesAsync(user);
            var nodeIds = await db.UserAreaAssignments.Where(a => a.UserId == user.Id).Select(a => a.AreaNodeId).ToListAsync(ct);
            var bound = await areas.NamesAsync(nodeIds, ct);
            return TypedResults.Ok(new { user.Id, user.UserName, user.DisplayName, user.Culture, Roles = roles, Areas = bound.Select(r => new { r.Code, r.Name, r.Level }) });
        }).WithTags("Accounts").RequireAuthorization();

        app.MapPut("/api/me/culture", async (CultureRequest body, ClaimsPrincipal principal, UserManager<GongzhiUser> users, HttpContext http) =>
        {
            var user = await users.GetUserAsync(principal) ?? throw new AppProblem(401, "");
            user.Culture = CultureSetup.Normalize(body.Culture);
            await users.UpdateAsync(user);
            CultureSetup.WriteCookie(http.Response, user.Culture);
            return TypedResults.NoContent();
        }).WithTags("Accounts").RequireAuthorization();

        var admin = app.MapGroup("/api/users").WithTags("Accounts");
        admin.MapGet("/", async (string? q, string? role, int? page, int? pageSize, UserAdministration a, CancellationToken ct) =>
        {
            var (p, s) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await a.ListAsync(q, role, p, s, ct));
        }).RequireAuthorization(Roles.AssignPolicy);
        admin.MapGet("/{id}", async (string id, UserAdministration a, CancellationToken ct) => TypedResults.Ok(await a.GetAsync(id, ct)))
            .RequireAuthorization(Roles.AssignPolicy);
        admin.MapPost("/", async (CreateUser body, UserAdministration a, CancellationToken ct) =>
        {
            var created = await a.CreateAsync(body, ct);
            return TypedResults.Created($"/api/users/{created.Id}", created);
        }).RequireAuthorization(Roles.AdminPolicy);
        admin.MapPut("/{id}/areas", async (string id, AssignAreas body, UserAdministration a, CancellationToken ct) =>
            TypedResults.Ok(await a.AssignAsync(id, body, ct))).RequireAuthorization(Roles.AssignPolicy)
            .WithSummary("Binds an account to area nodes (replacing the bindings the caller can see).");
        return app;
    }

    /// <summary>Form posts of the pages: sign in, sign out, switch language. They answer with redirects.</summary>
    public static IEndpointRouteBuilder MapAccountForms(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", async ([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
            SignInService signIn, SignInManager<GongzhiUser> manager, HttpContext http) =>
        {
            var (outcome, user) = await signIn.CheckAsync(userName, password);
            var back = SafeReturnUrl(returnUrl);
            if (user is null)
                // The refusal travels in the flash cookie: a link cannot make the login page say something.
                return Gongzhi.Components.Forms.FlashMessage.Redirect(
                    $"/login?returnUrl={Uri.EscapeDataString(back)}&userName={Uri.EscapeDataString(userName ?? "")}", ok: false, signIn.Message(outcome));
            await manager.SignInAsync(user, isPersistent: false);
            CultureSetup.WriteCookie(http.Response, user.Culture);
            return Results.Redirect(back);
        }).RequireRateLimiting(SignInRateLimit).ExcludeFromDescription();

        var assign = app.MapGroup("/forms/users").RequireAuthorization(Roles.AssignPolicy).ExcludeFromDescription();
        assign.MapPost("/{id}/areas", (string id, IFormCollection f, UserAdministration u, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/admin/users/{id}", async () => ($"/admin/users/{id}", l["Saved {0}.", (await u.AssignAsync(id, new AssignAreas(Codes(f)), default)).UserName])));

        app.MapPost("/account/logout", async (SignInManager<GongzhiUser> manager) =>
        {
            await manager.SignOutAsync();
            return Results.Redirect("/login");
        }).ExcludeFromDescription();

        app.MapPost("/account/culture", async ([FromForm] string? culture, [FromForm] string? returnUrl, ClaimsPrincipal principal,
            UserManager<GongzhiUser> users, HttpContext http) =>
        {
            var chosen = CultureSetup.Normalize(culture);
            CultureSetup.WriteCookie(http.Response, chosen);
            if (await users.GetUserAsync(principal) is { } user && user.Culture != chosen)
            {
                user.Culture = chosen;
                await users.UpdateAsync(user);
            }
            return Results.Redirect(SafeReturnUrl(returnUrl));
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>The area codes a staff-binding form sends (chips, or typed and separated).</summary>
    private static string[] Codes(IFormCollection f) =>
        (FormPost.Text(f, "areaCodes") ?? "").Split([',', '，', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Only local paths: never redirect a signed-in user to another site.</summary>
    public static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
