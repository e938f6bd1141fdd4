using System.Threading.RateLimiting;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Accounts.Features.Administration;
using Gongzhi.Modules.Accounts.Features.Passwords;
using Gongzhi.Modules.Accounts.Features.SignIn;
using Gongzhi.Modules.Accounts.Features.Users;
using Gongzhi.Modules.Areas.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongzhi.Modules.Accounts;

/// <summary>Accounts (ASP.NET Core Identity), roles and their policies, sign-in, tokens, staff bindings.</summary>
public sealed class AccountsModule : GongzhiModule
{
    public override string Name => "Accounts";

    public override void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<CurrentUser>();
        services.AddScoped<SignInService>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<IAccountDirectory, AccountDirectory>();
        services.AddScoped<IDepartmentStaff, DepartmentStaff>();
        services.AddScoped<PasswordPolicy>();
        services.AddScoped<PasswordChanges>();
        services.AddScoped<AccountAdministration>();
        services.AddMemoryCache();

        // Identity: PBKDF2 hashes, lockout (rules from Accounts:Password:* and Accounts:Lockout:*); cookies for
        // pages, bearer tokens for API clients.
        services.AddIdentityCore<GongzhiUser>(o =>
            {
                PasswordPolicy.Configure(o, config);
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<GongzhiRole>()
            .AddEntityFrameworkStores<GongzhiDb>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<GongzhiClaimsFactory>()
            .AddDefaultTokenProviders();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "cookie-or-bearer";
                o.DefaultChallengeScheme = "cookie-or-bearer";
            })
            .AddPolicyScheme("cookie-or-bearer", null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(config.GetValue("Security:TokenHours", 8)))
            .AddIdentityCookies(c => c.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "gongzhi";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.HttpOnly = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                // The API answers with status codes, never with a redirect to the login page.
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx.HttpContext, 401, () => ctx.Response.Redirect(ctx.RedirectUri));
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx.HttpContext, 403, () => ctx.Response.Redirect(ctx.RedirectUri));
            }));
        // How soon a forced sign-out, a lock or a new password reaches sessions already open: the cookie (Identity's
        // security-stamp validator) and bearer tokens (AccountGate) are checked against the account this often.
        services.Configure<SecurityStampValidatorOptions>(o =>
            o.ValidationInterval = TimeSpan.FromSeconds(Math.Max(0, config.GetValue("Accounts:SessionCheckSeconds", 60))));
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(AccountsApi.SignInRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("Security:SignInsPerMinute", 20), Window = TimeSpan.FromMinutes(1) })));
    }

    public override void AddPolicies(AuthorizationBuilder policies) => policies
        .AddPolicy(Roles.SignedInPolicy, p => p.RequireAuthenticatedUser())
        .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin))
        .AddPolicy(Roles.StaffPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid))
        .AddPolicy(Roles.AssignPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community))
        .AddPolicy(Roles.ApiUploadPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid))
        .AddPolicy(Roles.ApiAdminUploadPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.Admin));

    public override void UseAfterAuthentication(IApplicationBuilder app) => app.UseMiddleware<AccountGate>();

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapAccountsApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapAccountForms();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Staff", "/admin/users", Roles.AssignPolicy, 50),
        new("Failed sign-ins", "/admin/sign-ins", Roles.AdminPolicy, 920, "Administration"),
        new("API documentation", "/api-docs/", Roles.AdminPolicy, 990, "Administration"),
    ];

    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) => [JobDeclaration.Cron(AccountsCleanup.JobName, "45 3 * * *", AccountsCleanup.RunAsync)];

    public override IEnumerable<HomeSection> HomeSections => [new(typeof(Pages.RoleWelcomeSection), Roles.SignedInPolicy, 1000)];

    public override async Task EnsureReferenceDataAsync(IServiceProvider services, CancellationToken ct)
    {
        var roles = services.GetRequiredService<RoleManager<GongzhiRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new GongzhiRole(role));
    }

    private static Task ApiOr(HttpContext http, int status, Action page)
    {
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.StatusCode = status;
            return http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status } }).AsTask();
        }
        page();
        return Task.CompletedTask;
    }
}
