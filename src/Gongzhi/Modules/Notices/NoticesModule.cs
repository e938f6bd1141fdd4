using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
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
        services.Configure<NoticeOptions>(configuration.GetSection("Notices"));
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapNoticesApi();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Notices", "/notices", Roles.StaffPolicy, 45),
    ];

    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
        [JobDeclaration.Every("notices.publish", TimeSpan.FromMinutes(1), (sp, ct) => sp.GetRequiredService<NoticeService>().PublishDueAsync(ct))];

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => NoticesDemo.SeedAsync(services, ct);
}
