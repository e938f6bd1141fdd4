using Gongzhi.Modules.Accounts.Contracts;
using System.Security.Claims;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Localization;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Accounts.Features.Administration;
using Gongzhi.Modules.Accounts.Features.Passwords;
using Gongzhi.Modules.Accounts.Features.SignIn;
using Gongzhi.Modules.Accounts.Features.Users;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
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

        app.MapPasswordApi();

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
        admin.MapPost("/{id}/lock", async (string id, LockAccount body, AccountAdministration a, UserAdministration u, CancellationToken ct) =>
        {
            await a.LockAsync(id, body, ct);
            return TypedResults.Ok(await u.GetAsync(id, ct));
        }).RequireAuthorization(Roles.AdminPolicy)
          .WithSummary("Locks an account until unlocked, with a reason; its sessions end. Admins only; never one's own account.");
        admin.MapPost("/{id}/unlock", async (string id, LockAccount? body, AccountAdministration a, UserAdministration u, CancellationToken ct) =>
        {
            await a.UnlockAsync(id, body ?? new LockAccount(null), ct);
            return TypedResults.Ok(await u.GetAsync(id, ct));
        }).RequireAuthorization(Roles.AdminPolicy).WithSummary("Unlocks an account (locked by an admin or by failed sign-ins).");
        admin.MapPost("/{id}/sign-out", async (string id, AccountAdministration a, CancellationToken ct) =>
        {
            await a.SignOutEverywhereAsync(id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Roles.AdminPolicy)
          .WithSummary("Signs an account out everywhere: its cookies and tokens stop working within Accounts:SessionCheckSeconds.");
        admin.MapPost("/{id}/temporary-password", async (string id, TemporaryPasswordRequest? body, AccountAdministration a, CancellationToken ct) =>
            TypedResults.Ok(await a.SetTemporaryPasswordAsync(id, body ?? new TemporaryPasswordRequest(null), ct)))
            .RequireAuthorization(Roles.AdminPolicy)
            .WithSummary("Sets a temporary password (the one given, or a generated one, answered once) that must be changed at the next sign-in.");
        admin.MapPost("/{id}/reset-link", async (string id, AccountAdministration a, HttpContext http, CancellationToken ct) =>
        {
            var link = await a.CreateResetLinkAsync(id, ct);
            return TypedResults.Ok(new { link.UserName, link.Path, Url = AbsoluteUrl(http, link.Path), link.ExpiresAt });
        }).RequireAuthorization(Roles.AdminPolicy)
          .WithSummary("Makes a one-time password reset link (earlier unused links of the account stop working).");
        admin.MapPut("/{id}/areas", async (string id, AssignAreas body, UserAdministration a, CancellationToken ct) =>
            TypedResults.Ok(await a.AssignAsync(id, body, ct))).RequireAuthorization(Roles.AssignPolicy)
            .WithSummary("Binds an account to area nodes (replacing the bindings the caller can see).");
        return app;
    }

    /// <summary>The absolute address of a local path on this site, as the request reached it.</summary>
    public static string AbsoluteUrl(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{path}";

    private static IEndpointRouteBuilder MapPasswordApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sign-in-attempts", async (string? userName, string? ip, SignInFailure? failure, DateOnly? from, DateOnly? to,
            int? page, int? pageSize, AccountAdministration a, CancellationToken ct) =>
        {
            var (p, s) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await a.FailedSignInsAsync(userName, ip, failure, from, to, p, s, ct));
        }).WithTags("Accounts").RequireAuthorization(Roles.AdminPolicy)
          .WithSummary("Failed sign-ins (wrong password, unknown user, locked out), newest first; filters by name, address prefix, kind and Beijing days.");

        app.MapPut("/api/me/password", ChangeOwnPasswordAsync).WithTags("Accounts").RequireAuthorization()
            .WithSummary("Changes the caller's password (current, new, confirm). Other sessions end; a bearer caller gets a new token.");

        app.MapPost("/api/auth/password-reset", async (RedeemResetLink body, PasswordChanges passwords, CancellationToken ct) =>
        {
            await passwords.RedeemAsync(body, ct);
            return TypedResults.NoContent();
        }).WithTags("Accounts").AllowAnonymous().RequireRateLimiting(SignInRateLimit)
          .WithSummary("Sets a new password with a one-time reset link's token: 404 unknown, 410 used or expired.");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, NoContent>> ChangeOwnPasswordAsync(ChangePassword body, PasswordChanges passwords,
        SignInService signIn, SignInManager<GongzhiUser> manager, HttpContext http, CancellationToken ct)
    {
        var user = await passwords.ChangeOwnAsync(body, ct);
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Ok(await signIn.IssueTokenAsync(user));
        await manager.SignInAsync(user, isPersistent: false); // this browser stays signed in, the others end
        return TypedResults.NoContent();
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

        var accounts = app.MapGroup("/forms/users").RequireAuthorization(Roles.AdminPolicy).ExcludeFromDescription();
        accounts.MapPost("/{id}/lock", (string id, IFormCollection f, AccountAdministration a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/admin/users/{id}", async () => ($"/admin/users/{id}", l["Locked {0}.", await a.LockAsync(id, new LockAccount(FormPost.Text(f, "reason")), default)])));
        accounts.MapPost("/{id}/unlock", (string id, IFormCollection f, AccountAdministration a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/admin/users/{id}", async () => ($"/admin/users/{id}", l["Unlocked {0}.", await a.UnlockAsync(id, new LockAccount(FormPost.Text(f, "reason")), default)])));
        accounts.MapPost("/{id}/sign-out", (string id, AccountAdministration a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/admin/users/{id}", async () => ($"/admin/users/{id}", l["Signed {0} out everywhere.", await a.SignOutEverywhereAsync(id, default)])));
        accounts.MapPost("/{id}/temporary-password", (string id, IFormCollection f, AccountAdministration a, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/admin/users/{id}", async () =>
            {
                var set = await a.SetTemporaryPasswordAsync(id, new TemporaryPasswordRequest(FormPost.Text(f, "password")), default);
                return ($"/admin/users/{id}", l["Temporary password of {0}: {1} — hand it over; it must be changed at the next sign-in.", set.UserName, set.Password]);
            }));
        accounts.MapPost("/{id}/reset-link", (string id, AccountAdministration a, HttpContext http, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle($"/admin/users/{id}", async () =>
            {
                var link = await a.CreateResetLinkAsync(id, default);
                return ($"/admin/users/{id}", l["Reset link for {0} (works once, until {1:yyyy-MM-dd HH:mm}): {2}", link.UserName, link.ExpiresAt.ToOffset(TimeSpan.FromHours(8)), AbsoluteUrl(http, link.Path)]);
            }));

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
