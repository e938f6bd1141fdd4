using Gongzhi.Infrastructure.Modules;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Modules.Care.Features.Visits;
using Gongzhi.Modules.Notifications.Contracts;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongzhi.Modules.Care;

/// <summary>
/// Care (关爱): the roster of residents under care (独居、空巢老人, 残疾人, 留守儿童 …) with visit frequency, visitors and
/// emergency contacts, and 三三探访 visits recorded on a phone with the 三问三检三清 checklist, from which a request is
/// raised for the household through the requests module's contract. Meets the registry through IResidentDirectory.
/// </summary>
public sealed class CareModule : GongzhiModule
{
    public override string Name => "Care";

    /// <summary>Who keeps the roster and records visits: area staff and admins (their data scope bounds both).</summary>
    public const string CarePolicy = "care";

    /// <summary>The door's public page and API (窗帘之约 by QR code): requests per minute per client address (<c>Care:DoorPerMinute</c>).</summary>
    public const string DoorRateLimit = "care-door";

    public static readonly NotificationKind CheckInMissed = new("care.checkin-missed", "Care", ["name", "address", "hour"],
        "窗帘之约未报平安：{name}", "{name}（{address}）今天{hour}点前未报平安，请尽快上门或电话确认，并在关爱页面记录情况。",
        "No check-in: {name}", "{name} ({address}) has not checked in by {hour}:00 today. Please call or visit, and record what you found on the care page.");

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CareOptions>(configuration.GetSection("Care"));
        services.AddSingleton(CheckInMissed);
        services.AddScoped<Features.CheckIn.CareCheckIns>();
        services.AddScoped<Features.CheckIn.CareDoorCards>();
        services.AddScoped<Features.CheckIn.CareSmsCheckIns>();
        var perMinute = configuration.GetValue("Care:DoorPerMinute", 30);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(DoorRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1) })));
        services.AddScoped<CareRoster>();
        services.AddScoped<CareVisits>();
    }

    public override void AddPolicies(AuthorizationBuilder policies) =>
        policies.AddPolicy(CarePolicy, p => p.RequireRole(Roles.Admin, Roles.Street, Roles.Community, Roles.Grid));

    public override IEnumerable<NavigationEntry> Navigation => [new("Care roster", "/care", CarePolicy, 17)];

    public override IEnumerable<PageSection> PageSections => [new(Modules.Reminders.Contracts.RemindersSlots.Today, typeof(Pages.TodayCheckInAlerts), CarePolicy, 20)];

    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
        [JobDeclaration.Every("care.checkin", TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Care:CheckInCheckMinutes", 10))), Features.CheckIn.CareCheckIns.RunJobAsync)];

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapCareApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapCareForms();

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Features.Demo.CareDemo.SeedAsync(services, ct);

    public override IEnumerable<PersonalDataTable> PersonalDataTables =>
    [
        PersonalDataTable.For<CareDoorToken>("care_door_tokens", t => t.Id, (t, p) => t.TokenCipher = p.Renew(t.TokenCipher, p.Decrypt(t.TokenCipher))),
        PersonalDataTable.For<CareCheckInPhone>("care_checkin_phones", t => t.Id, (t, p) =>
        {
            var phone = p.Decrypt(t.PhoneCipher);
            (t.PhoneCipher, t.PhoneHash) = (p.Renew(t.PhoneCipher, phone), p.LookupHash(phone));
        }),
        PersonalDataTable.For<CareEntry>("care_entries", e => e.Id, (e, p) =>
            e.ContactsJson = CareEntry.ToJson(e.Contacts.Select(c => c with { PhoneCipher = p.Renew(c.PhoneCipher, p.Decrypt(c.PhoneCipher)) }).ToList())),
    ];

}
