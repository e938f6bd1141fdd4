using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Requests.Features;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Intake;
using Gongzhi.Modules.Requests.Features.Lists;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Authorization;

namespace Gongzhi.Modules.Requests;

/// <summary>
/// Residents' requests (诉求办理), the closed loop 收集—派发—处置—反馈: categories with service levels, requests taken on
/// any channel, their workflow with first responsibility (首问负责), escalation to departments (吹哨报到) and SLA timers.
/// </summary>
public sealed class RequestsModule : GongzhiModule
{
    public override string Name => "Requests";

    /// <summary>Who works on requests: area staff and department staff.</summary>
    public const string WorkersPolicy = "request-workers";

    /// <summary>Work handed to an account or a department.</summary>
    public static readonly NotificationKind Assigned = new("requests.assigned", "Requests", ["code", "description", "by", "note"],
        "新诉求派给您：{code}", "{by}将诉求{code}派给您办理：{description} {note}",
        "Request {code} assigned to you", "{by} assigned request {code} to you: {description} {note}");

    /// <summary>A department called in (吹哨): it must report in.</summary>
    public static readonly NotificationKind Whistled = new("requests.whistled", "Requests", ["code", "description", "by", "reason"],
        "吹哨报到：{code}", "{by}就诉求{code}向贵部门吹哨，请及时报到：{description}（理由：{reason}）",
        "Whistle: request {code}", "{by} called your department in on request {code}; please report in: {description} (reason: {reason})");

    public static readonly NotificationKind SlaWarning = new("requests.sla-warning", "Requests", ["code", "description", "due"],
        "诉求即将超时：{code}", "诉求{code}将于{due}到期，请及时办理：{description}",
        "Request {code} is nearly due", "Request {code} is due at {due}: {description}");

    public static readonly NotificationKind Overdue = new("requests.overdue", "Requests", ["code", "description", "due"],
        "诉求已超时：{code}", "诉求{code}已超过办理时限（{due}），请尽快办理：{description}",
        "Request {code} is overdue", "Request {code} passed its deadline ({due}): {description}");

    public static readonly NotificationKind OverdueSupervisor = new("requests.overdue-supervisor", "Requests", ["code", "description", "due", "handler"],
        "督办：诉求{code}已超时", "诉求{code}已超过办理时限（{due}），当前承办：{handler}。请督促办理：{description}",
        "Supervise: request {code} is overdue", "Request {code} passed its deadline ({due}); handled by {handler}: {description}");

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RequestOptions>(configuration.GetSection("Requests"));
        services.AddSingleton(Assigned);
        services.AddSingleton(Whistled);
        services.AddSingleton(SlaWarning);
        services.AddSingleton(Overdue);
        services.AddSingleton(OverdueSupervisor);
        services.AddScoped<CategoryCatalog>();
        services.AddScoped<RequestAccess>();
        services.AddScoped<RequestFactory>();
        services.AddScoped<RequestWorkflow>();
        services.AddScoped<RequestQueries>();
        PublicIntakeSetup.AddServices(services, configuration);
        services.AddScoped<Contracts.IRequestIntake, Features.External.RequestIntake>();
        services.AddScoped<Contracts.IRequestDirectory, Features.External.RequestDirectory>();
        services.AddScoped<Features.Oversight.RequestOversight>();
        services.AddScoped<Features.Sessions.SecretarySessions>();
        services.AddScoped<Features.Statistics.RequestStatistics>();
    }

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(WorkersPolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid, Roles.Department))
            .AddPolicy(PublicIntakeSetup.ResidentPolicy, p => p.RequireRole(Roles.Resident));

    public override IEnumerable<HomeSection> HomeSections => PublicIntakeSetup.HomeSections;

    public override IEnumerable<PersonalDataTable> PersonalDataTables =>
    [
        PersonalDataTable.For<Domain.Request>("requests", r => r.Id, (r, p) =>
        {
            if (r.SubmitterPhoneCipher is null) return;
            var phone = p.Decrypt(r.SubmitterPhoneCipher);
            r.SubmitterPhoneCipher = p.Renew(r.SubmitterPhoneCipher, phone);
            r.SubmitterPhoneHash = p.LookupHash(phone);
        }),
        // Door-plate tokens are kept encrypted for reprinting. (phone_otps holds lookup hashes too, but lives ten minutes.)
        PersonalDataTable.For<Domain.HouseholdCode>("household_codes", c => c.Id, (c, p) => c.TokenCipher = p.Renew(c.TokenCipher, p.Decrypt(c.TokenCipher))),
    ];


    /// <summary>The SLA timers: warnings, overdue marks and their messages, overdue minutes.</summary>
    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
        [JobDeclaration.Every("requests.sla", TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Requests:SlaCheckMinutes", 5))), Features.Sla.RequestSla.RunJobAsync)];

    public override IEnumerable<NavigationEntry> Navigation =>
        [new("Requests", "/requests", WorkersPolicy, 15), new("Snapshot report", "/requests/snapshot", Roles.StaffPolicy, 16)];

    public override void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapRequestsApi();
        app.MapRequestOversightApi();
        app.MapRequestsPublicApi();
    }

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Features.Demo.RequestsDemo.SeedAsync(services, ct);

    public override void MapForms(IEndpointRouteBuilder app) => app.MapRequestsPublicForms();

    public override IEnumerable<PageSection> PageSections => PublicIntakeSetup.PageSections;

    public override Task EnsureReferenceDataAsync(IServiceProvider services, CancellationToken ct) =>
        CategoryCatalog.EnsureDefaultsAsync(services.GetRequiredService<GongzhiDb>(), ct);
}
