using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Policies.Features.Definitions;
using Gongzhi.Modules.Policies.Features.Eligibility;
using Gongzhi.Modules.Policies.Features.Enrolments;
using Gongzhi.Modules.Policies.Features.Reminders;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Registry.Contracts;

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
        services.AddScoped<PolicyReminderLog>();
        services.AddSingleton(Reminder);
        services.AddSingleton(ContactReminder);
        services.AddScoped<Registry.Contracts.IResidentChanged, PolicyRemindersOnResidentChange>();
    }

    /// <summary>The same half of the 双提醒 to the household contact, when the resident has no phone of their own.</summary>
    public static readonly NotificationKind ContactReminder = new(PolicyReminders.ContactMessageKind, "Policies", ["name", "policy", "date", "days", "benefit"],
        "{policy}申领提醒", "您好！您的家人{name}将于{date}（{days}天后）符合{policy}的条件：{benefit}。网格员会与您家联系，您也可以到社区服务站咨询办理。",
        "{policy}: your household member qualifies soon", "{name} of your household will qualify for {policy} on {date} (in {days} days): {benefit}. Your grid worker will contact you; you may also ask at the community service centre.");

    /// <summary>The resident's half of the 双提醒 (SMS; non-urgent, so the outbox holds it through quiet hours).</summary>
    public static readonly NotificationKind Reminder = new(PolicyReminders.MessageKind, "Policies", ["policy", "date", "days", "benefit"],
        "{policy}申领提醒", "您好！您将于{date}（{days}天后）符合{policy}的条件：{benefit}。网格员会与您联系，您也可以到社区服务站咨询办理。",
        "{policy}: you qualify soon", "You will qualify for {policy} on {date} (in {days} days): {benefit}. Your grid worker will contact you; you may also ask at the community service centre.");

    /// <summary>Nightly (Beijing time, <c>Policies:RemindCron</c>, default 09:30 so that the SMS leave at once, after quiet hours).</summary>
    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
        [JobDeclaration.Cron(PolicyReminders.JobName, configuration.GetValue("Policies:RemindCron", "30 9 * * *")!, PolicyReminders.RunJobAsync)];

    public override IEnumerable<PageSection> PageSections => [new(RegistrySlots.Resident, typeof(Pages.PolicyRemindersSection), Roles.StaffPolicy, 40)];

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapPoliciesApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapPoliciesForms();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Policy targeting", "/policies", Roles.StaffPolicy, 40),
    ];

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => PoliciesDemo.SeedAsync(services, ct);
}
