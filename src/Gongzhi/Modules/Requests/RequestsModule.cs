using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Requests.Features.Categories;

namespace Gongzhi.Modules.Requests;

/// <summary>
/// Residents' requests (诉求办理), the closed loop 收集—派发—处置—反馈: categories with service levels, requests taken on
/// any channel, their workflow with first responsibility (首问负责), escalation to departments (吹哨报到) and SLA timers.
/// </summary>
public sealed class RequestsModule : GongzhiModule
{
    public override string Name => "Requests";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CategoryCatalog>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapRequestsApi();

    public override Task EnsureReferenceDataAsync(IServiceProvider services, CancellationToken ct) =>
        CategoryCatalog.EnsureDefaultsAsync(services.GetRequiredService<GongzhiDb>(), ct);
}
