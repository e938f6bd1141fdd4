using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Audit.Features;

namespace Gongzhi.Modules.Audit;

/// <summary>The audit log: who did what, when, from where, to which record.</summary>
public sealed class AuditModule : GongzhiModule
{
    public override string Name => "Audit";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditSearch>();
        services.AddScoped<AuditHistory>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapAuditApi();

    public override IEnumerable<NavigationEntry> Navigation => [new("Audit log", "/admin/audit", Roles.AssignPolicy, 920, "Administration")];
}
