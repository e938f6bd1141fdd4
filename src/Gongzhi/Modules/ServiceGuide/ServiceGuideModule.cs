using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.ServiceGuide.Features.Catalogue;
using Gongzhi.Modules.ServiceGuide.Features.Window;
using Microsoft.AspNetCore.Authorization;

namespace Gongzhi.Modules.ServiceGuide;

/// <summary>
/// The service guide (办事指南) and the window (一口受理 / 代办): a public catalogue of service matters grouped by life
/// event and department, searchable and printable, kept by admins and street staff; and applications a worker records
/// at the window for a resident of their area, followed to completion against the matter's time limit, with SMS to
/// the resident at each step and a one-time notification list (一次性告知单) of missing materials.
/// </summary>
public sealed class ServiceGuideModule : GongzhiModule
{
    public override string Name => "ServiceGuide";

    /// <summary>Who keeps the catalogue: admins and street staff.</summary>
    public const string EditorsPolicy = "service-guide-editors";

    /// <summary>Who works the window: area staff and admins.</summary>
    public const string WindowPolicy = "service-window";

    public static readonly NotificationKind Recorded = new("service-guide.recorded", "ServiceGuide", ["matter", "due", "missing"],
        "办事受理：{matter}", "您的“{matter}”申请已由社区窗口受理，预计{due}前办结。尚缺材料：{missing}。",
        "Application received: {matter}", "Your application for {matter} was received at the community window and is due by {due}. Materials still missing: {missing}.");

    public static readonly NotificationKind Submitted = new("service-guide.submitted", "ServiceGuide", ["matter", "department", "due"],
        "办事进度：{matter}", "您的“{matter}”申请材料已报送{department}，预计{due}前办结。",
        "Application progress: {matter}", "Your application for {matter} was taken to {department}; it is due by {due}.");

    public static readonly NotificationKind Completed = new("service-guide.completed", "ServiceGuide", ["matter", "note"],
        "办事办结：{matter}", "您的“{matter}”申请已办结。{note}",
        "Application completed: {matter}", "Your application for {matter} is completed. {note}");

    public static readonly NotificationKind Returned = new("service-guide.returned", "ServiceGuide", ["matter", "reason"],
        "办事退回：{matter}", "您的“{matter}”申请被退回，原因：{reason}。如有疑问请联系社区窗口。",
        "Application returned: {matter}", "Your application for {matter} was returned: {reason}. Ask the community window if anything is unclear.");

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WindowOptions>(configuration.GetSection("ServiceGuide"));
        services.AddSingleton(Recorded);
        services.AddSingleton(Submitted);
        services.AddSingleton(Completed);
        services.AddSingleton(Returned);
        services.AddScoped<ServiceCatalogue>();
        services.AddScoped<Contracts.IServiceCatalog, ServiceCatalogReader>();
        services.AddScoped<WindowApplications>();
    }

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(EditorsPolicy, p => p.RequireRole(Roles.Admin, Roles.Street))
            .AddPolicy(WindowPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid));

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Window", "/window", WindowPolicy, 18),
        new("Service guide", "/guide", Roles.SignedInPolicy, 19),
        new("Service catalogue", "/guide/manage", EditorsPolicy, 905, "Administration"),
    ];

    public override IEnumerable<HomeSection> HomeSections => [new(typeof(Pages.GuideHomeSection), Roles.SignedInPolicy, 80)];

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapServiceGuideApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapServiceGuideForms();

    /// <summary>The reference catalogue, into an empty catalogue only (see <see cref="CatalogueReference"/>).</summary>
    public override Task EnsureReferenceDataAsync(IServiceProvider services, CancellationToken ct) => CatalogueReference.EnsureAsync(services, ct);
}
