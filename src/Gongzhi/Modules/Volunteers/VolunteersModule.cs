using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Volunteers.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Modules.Volunteers.Features.Activities;
using Gongzhi.Modules.Volunteers.Features.Certificates;
using Gongzhi.Modules.Volunteers.Features.Orders;
using Gongzhi.Modules.Volunteers.Features.Pool;
using Gongzhi.Modules.Volunteers.Features.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Volunteers;

/// <summary>
/// Volunteers (志愿服务): the resource pool with a configurable skills catalogue, teams of 总队 → 分队 → 小队,
/// activities (菜单式) with sign-up, a rotating QR check-in at the site and the organiser's confirmation, service
/// orders (点单式), certificates of service hours with a public check, and rankings. Points go to the bank through
/// the PointsBank contract <c>IPointsLedger</c> (when the bank is installed); residents come from the registry
/// through <c>IResidentDirectory</c>. Implements <see cref="IVolunteerDirectory"/> for the bank.
/// </summary>
public sealed class VolunteersModule : GongzhiModule
{
    public override string Name => "Volunteers";

    /// <summary>Who keeps the pool, teams and activities of their subtree: area staff and admins.</summary>
    public const string StaffPolicy = "volunteers-staff";

    /// <summary>The catalogue as first installed: code, name, whether residents can order it (点单式).</summary>
    public static readonly (string Code, string Name, bool Orderable)[] Catalogue =
    [
        ("doctor", "医生", true), ("veteran", "退役军人", false), ("retired-teacher", "退休教师", false), ("lawyer", "律师", true), ("massage", "按摩", true),
        ("calligraphy", "书法", false), ("dance", "舞蹈", false), ("singing", "唱歌", false), ("haircut", "理发", true), ("escort", "陪诊", true),
        ("tutoring", "辅导功课", true), ("repair", "家电维修", true), ("psychology", "心理疏导", true), ("photography", "摄影", false),
    ];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<VolunteersOptions>(configuration.GetSection("Volunteers"));
        services.AddScoped<VolunteerPool>();
        services.AddScoped<IVolunteerDirectory>(sp => sp.GetRequiredService<VolunteerPool>());
        services.AddScoped<VolunteerActivities>();
        services.AddScoped<ServiceOrders>();
        services.AddScoped<ServiceCertificates>();
        services.AddScoped<CertificatePrint>();
        services.AddScoped<VolunteerTeams>();
        services.AddScoped<Features.Awards.VolunteerAwards>();
        services.AddScoped<Features.BuildingLeaders.BuildingLeaderDuties>();
    }

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(StaffPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid));

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Volunteer pool", "/volunteers", StaffPolicy, 18),
        new("Activities", "/volunteers/activities", Roles.SignedInPolicy, 19),
        new("My volunteering", "/volunteers/me", Roles.SignedInPolicy, 20),
        new("Service orders", "/volunteers/orders", Roles.SignedInPolicy, 20),
        new("Volunteer teams", "/volunteers/teams", StaffPolicy, 20),
        new("Awards", "/volunteers/awards", StaffPolicy, 20),
        new("Building leaders", "/volunteers/building-leaders", StaffPolicy, 20),
    ];

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapVolunteersApi();
        app.MapVolunteerAwardsApi();
    }

    public override void MapForms(IEndpointRouteBuilder app)
    {
        app.MapVolunteersForms();
        app.MapVolunteerAwardsForms();
    }

    public override async Task EnsureReferenceDataAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<GongzhiDb>();
        var present = await db.VolunteerSkills.Select(s => s.Code).ToListAsync(ct);
        var order = 0;
        foreach (var (code, name, orderable) in Catalogue)
        {
            order += 10;
            if (!present.Contains(code)) db.VolunteerSkills.Add(new VolunteerSkill { Code = code, Name = name, Orderable = orderable, SortOrder = order });
        }
        await db.SaveChangesAsync(ct);
        await Features.Awards.VolunteerAwards.EnsureTitlesAsync(db, ct);
        await Features.BuildingLeaders.BuildingLeaderDuties.EnsureDutiesAsync(db, ct);
    }

    public override async Task SeedDemoAsync(IServiceProvider services, CancellationToken ct)
    {
        await Features.Demo.VolunteersDemo.SeedAsync(services, ct);
        await Features.Demo.AwardsDemo.SeedAsync(services, ct);
    }
}
