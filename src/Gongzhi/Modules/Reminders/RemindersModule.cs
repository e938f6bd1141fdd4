using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Reminders.Contracts;
using Gongzhi.Modules.Reminders.Features.DueItems;
using Gongzhi.Modules.Reminders.Features.Schedule;
using Microsoft.AspNetCore.Authorization;

namespace Gongzhi.Modules.Reminders;

/// <summary>
/// Date reminders (到期提醒): due items of any kind (inspections, extinguishers, licences, health certificates, annual
/// verifications, care visits, request deadlines) with an owner and a reminder rule; the <c>reminders.due</c> job
/// turns reached points into reminders and messages, once each, and escalates overdue items to the owner's supervisor.
/// Other modules register their dates through <see cref="IDueItems"/>.
/// </summary>
public sealed class RemindersModule : GongzhiModule
{
    public override string Name => "Reminders";

    /// <summary>Who keeps due items: area staff and admins (their data scope bounds it).</summary>
    public const string RemindersPolicy = "reminders";

    public static readonly NotificationKind Due = new("reminders.due", "Reminders", ["title", "due", "days", "state"],
        "到期提醒：{title}", "{title} 的到期日为 {due}（{state}：{days} 天）。请按时办理，办结后在到期提醒页面关闭。",
        "Due: {title}", "{title} is due on {due} ({state}: {days} days). Please see to it, and close it on the reminders page when done.");

    public static readonly NotificationKind Escalated = new("reminders.escalated", "Reminders", ["title", "due", "days", "state"],
        "逾期督办：{title}", "{title} 已逾期 {days} 天（到期日 {due}），责任人尚未办结，请督促。",
        "Overdue: {title}", "{title} is {days} days overdue (due {due}) and its owner has not closed it. Please follow it up.");

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RemindersOptions>(configuration.GetSection("Reminders"));
        services.AddSingleton(Due);
        services.AddSingleton(Escalated);
        services.AddScoped<DueItemsService>();
        services.AddScoped<IDueItems, DueItemRegistry>();
        services.AddScoped<ReminderRunner>();
    }

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(RemindersPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid));

    public override IEnumerable<NavigationEntry> Navigation =>
        [new("Today's tasks", "/today", RemindersPolicy, 5), new("Due reminders", "/reminders", RemindersPolicy, 18)];

    public override IEnumerable<HomeSection> HomeSections => [new(typeof(Pages.DueCountsSection), RemindersPolicy, 15)];

    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
        [JobDeclaration.Every("reminders.due", TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Reminders:CheckMinutes", 60))), ReminderRunner.RunJobAsync)];

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapRemindersApi();


    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Features.Demo.RemindersDemo.SeedAsync(services, ct);
}
