using Gongzhi.Infrastructure.Modules;
using Microsoft.AspNetCore.Authorization;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notices.Features.Attachments;
using Gongzhi.Modules.Notices.Features.Board;
using Gongzhi.Modules.Notices.Features.Home;
using Gongzhi.Modules.Notices.Features.Poster;
using Gongzhi.Modules.Notices.Features.Publishing;
using Gongzhi.Modules.Notifications.Contracts;

namespace Gongzhi.Modules.Notices;

/// <summary>Notices (通知公告): staff write to the residents of areas, now or at a time; delivered through the outbox.</summary>
public sealed class NoticesModule : GongzhiModule
{
    public override string Name => "Notices";

    public static readonly NotificationKind NoticeKind = new(NoticeService.Kind, "Notices", ["title", "text"],
        "【通知】{title}", "{text}", "Notice: {title}", "{text}");

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(NoticeKind);
        services.AddScoped<NoticeService>();
        services.AddScoped<AttachmentFiles>();
        services.AddScoped<NoticeAttachments>();
        services.AddScoped<ResidentNotices>();
        services.AddScoped<NoticePosterPrint>();
        services.AddScoped<AreaNoticeBoard>();
        services.Configure<NoticeOptions>(configuration.GetSection("Notices"));
    }

    /// <summary>Signed-in residents: their area's notices on the home page and at <c>/api/my/notices</c>.</summary>
    public const string ResidentPolicy = "notices-resident";

    public override void AddPolicies(AuthorizationBuilder policies) => policies.AddPolicy(ResidentPolicy, p => p.RequireRole(Roles.Resident));

    public override IEnumerable<HomeSection> HomeSections => [new(typeof(Pages.NoticesHomeSection), ResidentPolicy, 18)];

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapNoticesApi();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Notices", "/notices", Roles.StaffPolicy, 45),
    ];

    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
        [JobDeclaration.Every("notices.publish", TimeSpan.FromMinutes(1), (sp, ct) => sp.GetRequiredService<NoticeService>().PublishDueAsync(ct))];

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => NoticesDemo.SeedAsync(services, ct);
}
