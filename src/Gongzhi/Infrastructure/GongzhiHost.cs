using System.Diagnostics.Metrics;
using System.Text.Json.Serialization;
using Gongzhi.Components;
using Gongzhi.Demo;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Localization;
using Gongzhi.Infrastructure.Metrics;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts;
using Gongzhi.Modules.Areas;
using Gongzhi.Modules.Assistant;
using Gongzhi.Modules.Care;
using Gongzhi.Modules.Reminders;
using Gongzhi.Modules.Audit;
using Gongzhi.Modules.Notifications;
using Gongzhi.Modules.Open311;
using Gongzhi.Modules.Operations;
using Gongzhi.Modules.Notices;
using Gongzhi.Modules.PointsBank;
using Gongzhi.Modules.Policies;
using Gongzhi.Modules.Registry;
using Gongzhi.Modules.Requests;
using Gongzhi.Modules.ServiceGuide;
using Gongzhi.Modules.Volunteers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Gongzhi.Infrastructure;

/// <summary>Composition of the application: services of every module, the request pipeline, the endpoints.</summary>
public static class GongzhiHost
{
    /// <summary>The modules, in dependency order (reference and demo data run in this order). A new module is one line here.</summary>
    public static readonly IReadOnlyList<GongzhiModule> Modules =
    [
        new AreasModule(),
        new AccountsModule(),
        new AuditModule(),
        new RegistryModule(),
        new PoliciesModule(),
        new NoticesModule(),
        new NotificationsModule(),
        new RequestsModule(),
        new Open311Module(),
        new ServiceGuideModule(),
        new AssistantModule(),
        new CareModule(),
        new VolunteersModule(),
        new PointsBankModule(),
        new RemindersModule(),
        new OperationsModule(),
    ];

    public static WebApplicationBuilder AddGongzhi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<Http.PublicLinks>();
        services.AddGongzhiDatabase();
        services.AddScoped<Migrator>();
        services.Configure<Printing.PrintingOptions>(config.GetSection("Printing"));
        services.AddSingleton<Printing.PdfWriter>();
        services.AddScoped<PersonalDataRotation>();
        services.AddSingleton(sp => PersonalDataProtector.FromConfiguration(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddHostedService<StartupTasks>();

        var authorization = services.AddAuthorizationBuilder();
        foreach (var module in Modules)
        {
            module.AddServices(services, config);
            module.AddPolicies(authorization);
        }
        services.AddSingleton(new ModuleCatalog(Modules, config));
        services.AddDataProtection().SetApplicationName("Gongzhi");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = ctx.HttpContext, ProblemDetails = { Status = 429 } });
            };
        });

        services.AddLocalization();
        services.AddSingleton<IStringLocalizer<Resources.SharedResource>>(sp =>
            new ModularLocalizer(sp.GetRequiredService<IStringLocalizerFactory>(), Modules.Select(m => m.Name)));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = AppProblemExceptionHandler.Customize);
        services.AddExceptionHandler<AppProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddGongzhiOpenApi();
        services.AddRazorComponents();
        // Chinese pages: write CJK as text, not as &#x…; entities (four times smaller and readable in the source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        // Metrics: Gongzhi's meter, ASP.NET Core's requests, HttpClient's calls (the channels' providers) and the runtime,
        // in Prometheus text at /metrics. Nothing is pushed anywhere unless Telemetry:OtlpEndpoint is set.
        services.Replace(ServiceDescriptor.Singleton<IMeterFactory>(ProcessMeterFactory.Instance));
        var otlp = builder.Configuration["Telemetry:OtlpEndpoint"];
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics
                .AddMeter(GongzhiMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                // No scrape cache: a scrape shows what happened up to that moment (operators and tests read it right after).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            if (!string.IsNullOrWhiteSpace(otlp)) metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
        });

        // The demo scenario spans modules (accounts bound to grids, a resident's account on a household).
        services.AddScoped<DemoSeeder>();
        return builder;
    }

    public static WebApplication UseGongzhi(this WebApplication app)
    {
        // Localization first: problem details written by the handlers below speak the request's language too.
        app.UseRequestLocalization(CultureSetup.Options());
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseAuthentication();
        foreach (var module in Modules) module.UseAfterAuthentication(app);
        app.UseMiddleware<DataScopeMiddleware>();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<PageQueryGuard>();
        app.UseEmptyQueryValuesAsAbsent();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi();
        foreach (var module in Modules) module.MapEndpoints(app);
        foreach (var module in Modules) module.MapForms(app);
        app.MapRazorComponents<App>();
        return app;
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
