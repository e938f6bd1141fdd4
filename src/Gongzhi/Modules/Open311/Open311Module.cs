using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Open311.Features;
using Gongzhi.Modules.Open311.Features.GeoReport;
using Gongzhi.Modules.Open311.Features.Hotline;
using Gongzhi.Modules.Open311.Features.Keys;
using Gongzhi.Resources;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Open311;

/// <summary>
/// Requests from systems outside Gongzhi: Open311 GeoReport v2 at /open311/v2, the 12345 hotline import, and the
/// API keys admins issue to both. Meets the Requests module only through its contracts (IRequestIntake, IRequestDirectory).
/// </summary>
public sealed class Open311Module : GongzhiModule
{
    public override string Name => "Open311";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Open311Options>(configuration.GetSection("Open311"));
        services.AddScoped<ApiKeys>();
        services.AddScoped<GeoReport>();
        services.AddScoped<HotlineImport>();
        services.Configure<RateLimiterOptions>(o => o.AddPolicy<string, ReadsRateLimitPolicy>(Open311Api.ReadsRateLimit));
    }

    public override IEnumerable<PersonalDataTable> PersonalDataTables =>
    [
        PersonalDataTable.For<Domain.Open311Submission>("open311_submissions", s => s.Id, (s, p) =>
        {
            if (s.EmailCipher is null) return;
            s.EmailCipher = p.Renew(s.EmailCipher, p.Decrypt(s.EmailCipher));
        }),
    ];

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Features.Demo.Open311Demo.SeedAsync(services, ct);

    public override IEnumerable<NavigationEntry> Navigation => [new("API keys", "/admin/api-keys", Roles.AdminPolicy, 930, "Administration")];

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapOpen311Api();

    public override void MapForms(IEndpointRouteBuilder app) =>
        app.MapPost("/forms/api-keys/{id:long}/revoke", (long id, ApiKeys keys, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/api-keys", async () => ("/admin/api-keys", l["Revoked the key of {0}.", (await keys.RevokeAsync(id, default)).Name])))
            .RequireAuthorization(Roles.AdminPolicy).ExcludeFromDescription();
}
