using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Gongzhi.Components;
using Gongzhi.Demo;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Localization;
using Gongzhi.Infrastructure.Metrics;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Accounts.Features.SignIn;
using Gongzhi.Modules.Accounts.Features.Users;
using Gongzhi.Modules.Areas;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Features.Browse;
using Gongzhi.Modules.Areas.Features.Departments;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Areas.Features.Manage;
using Gongzhi.Modules.Areas.Features.PartyOrganizations;
using Gongzhi.Modules.Audit;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Audit.Features;
using Gongzhi.Modules.Registry;
using Gongzhi.Modules.Registry.Features;
using Gongzhi.Modules.Registry.Features.Households;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gongzhi.Infrastructure;

/// <summary>Composition of the application: services of every module, the request pipeline, the endpoints.</summary>
public static class GongzhiHost
{
    public static WebApplicationBuilder AddGongzhi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddGongzhiDatabase();
        services.AddScoped<Migrator>();
        services.AddSingleton(sp => PersonalDataProtector.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddHostedService<StartupTasks>();

        // Identity: PBKDF2 hashes, lockout; cookies for pages, bearer tokens for API clients.
        services.AddIdentityCore<GongzhiUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = config.GetValue("Security:MaxFailedSignIns", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(config.GetValue("Security:LockoutMinutes", 15));
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<GongzhiRole>()
            .AddEntityFrameworkStores<GongzhiDb>()
            .AddSignInManager()
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
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.StaffPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid))
            .AddPolicy(Roles.AssignPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community))
            .AddPolicy(Roles.ApiUploadPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid))
            .AddPolicy(Roles.ApiAdminUploadPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.Admin));
        services.AddDataProtection().SetApplicationName("Gongzhi");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AccountsApi.SignInRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("Security:SignInsPerMinute", 20), Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (ctx, ct) =>
            {
                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = ctx.HttpContext, ProblemDetails = { Status = 429 } });
            };
        });

        services.AddLocalization();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = AppProblemExceptionHandler.Customize);
        services.AddExceptionHandler<AppProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddGongzhiOpenApi();
        services.AddRazorComponents();
        // Chinese pages: write CJK as text, not as &#x…; entities (four times smaller and readable in the source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddSingleton<PrometheusMetrics>();

        // Modules.
        services.AddScoped<CurrentUser>();
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditSearch>();
        services.AddScoped<AreaQueries>();
        services.AddScoped<AreaCommands>();
        services.AddScoped<DivisionImporter>();
        services.AddScoped<DepartmentCommands>();
        services.AddScoped<PartyOrganizationCommands>();
        services.AddScoped<SignInService>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<HouseholdService>();
        services.AddScoped<AuditHistory>();
        services.AddScoped<Modules.Registry.Features.Tags.TagCatalog>();
        services.AddScoped<Modules.Registry.Features.Residents.ResidentService>();
        services.AddScoped<Modules.Registry.Features.Search.ResidentSearch>();
        services.AddScoped<Modules.Registry.Features.Search.SavedSearches>();
        services.AddScoped<Modules.Registry.Features.Buildings.BuildingLayout>();
        services.AddScoped<Modules.Registry.Features.Import.RegistryImporter>();
        services.AddScoped<Modules.Registry.Features.Import.RegistryFiles>();
        services.AddScoped<Modules.Registry.Features.Places.PlaceService>();
        services.AddScoped<AreaDirectory>();
        services.AddScoped<IAreaDirectory>(sp => sp.GetRequiredService<AreaDirectory>());
        services.AddScoped<IDepartmentDirectory>(sp => sp.GetRequiredService<AreaDirectory>());
        services.AddScoped<IAreaDeletionGuard, StaffBindingGuard>();
        services.AddScoped<IAreaDataHolder, RegistryAreaData>();
        services.AddSingleton(new AreaPageSection(typeof(Modules.Registry.Pages.AreaHouseholdsSection), AreaLevels.CanHoldHouseholds, Order: 10));
        services.AddSingleton(new AreaPageSection(typeof(Modules.Registry.Pages.AreaPlacesSection), level => level is >= AreaLevel.Community and <= AreaLevel.Building, Order: 20));
        services.AddScoped<DemoSeeder>();
        return builder;
    }

    public static WebApplication UseGongzhi(this WebApplication app)
    {
        app.Services.GetRequiredService<PrometheusMetrics>();
        // Localization first: problem details written by the handlers below speak the request's language too.
        app.UseRequestLocalization(CultureSetup.Options());
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseMiddleware<DataScopeMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapGet("/metrics", (PrometheusMetrics m) => Results.Text(m.Render(), "text/plain; version=0.0.4")).ExcludeFromDescription();
        app.MapOpenApi();
        app.MapAccountsApi();
        app.MapAccountForms();
        app.MapAreasApi();
        app.MapRegistryApi();
        app.MapAuditApi();
        app.MapPageForms();
        app.MapRegistryForms();
        app.MapRazorComponents<App>();
        return app;
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

/// <summary>Ready when the database answers and no migration is pending.</summary>
public sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            using var scope = scopes.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<Migrator>().IsCurrentAsync(ct)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Migrations are pending.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.", ex);
        }
    }
}
