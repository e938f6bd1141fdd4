using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Features.Browse;
using Gongzhi.Modules.Areas.Features.Departments;
using Gongzhi.Modules.Areas.Features.ImportDivisions;
using Gongzhi.Modules.Areas.Features.Manage;
using Gongzhi.Modules.Areas.Features.PartyOrganizations;

namespace Gongzhi.Modules.Areas;

/// <summary>The area tree (五级网格), departments and party organisations (五级四层).</summary>
public sealed class AreasModule : GongzhiModule
{
    public override string Name => "Areas";

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<AreaQueries>();
        services.AddScoped<AreaCommands>();
        services.AddScoped<DivisionImporter>();
        services.AddScoped<DepartmentCommands>();
        services.AddScoped<PartyOrganizationCommands>();
        services.AddScoped<AreaDirectory>();
        services.AddScoped<IAreaDirectory>(sp => sp.GetRequiredService<AreaDirectory>());
        services.AddScoped<IDepartmentDirectory>(sp => sp.GetRequiredService<AreaDirectory>());
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapAreasApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapAreaForms();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Area tree", "/areas", Roles.StaffPolicy, 10),
        new("Departments", "/admin/departments", Roles.AdminPolicy, 900, "Administration"),
        new("Division import", "/admin/divisions", Roles.AdminPolicy, 910, "Administration"),
    ];

    public override IEnumerable<HomeSection> HomeSections => [new(typeof(Pages.YourAreasSection), Roles.StaffPolicy, 10)];
}
