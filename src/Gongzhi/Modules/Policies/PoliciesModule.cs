using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Policies.Features.Definitions;
using Gongzhi.Modules.Policies.Features.Eligibility;
using Gongzhi.Modules.Policies.Features.Enrolments;

namespace Gongzhi.Modules.Policies;

/// <summary>Policy targeting (政策找人): policies with eligibility rules over the registry, their lists and enrolments.</summary>
public sealed class PoliciesModule : GongzhiModule
{
    public override string Name => "Policies";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<PolicyService>();
        services.AddScoped<Eligibility>();
        services.AddScoped<Enrolments>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapPoliciesApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapPoliciesForms();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Policy targeting", "/policies", Roles.StaffPolicy, 40),
    ];

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => PoliciesDemo.SeedAsync(services, ct);
}
