using System.Threading.RateLimiting;
using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongzhi.Modules.Requests.Features.Intake;

/// <summary>The public side's registrations, kept apart from the module's core so that its entry point only calls in here.</summary>
public static class PublicIntakeSetup
{
    public static readonly NotificationKind Otp = new("requests.otp", "Requests", ["code", "minutes"],
        "验证码", "您的诉求提交验证码为{code}，{minutes}分钟内有效。如非本人操作请忽略。",
        "Verification code", "Your code for submitting a request is {code}, valid for {minutes} minutes. Ignore this if it was not you.");

    public static readonly NotificationKind Received = new("requests.received", "Requests", ["code", "link"],
        "诉求已受理登记：{code}", "您的诉求已提交（编号{code}），办理进度请查看：{link}",
        "Request {code} received", "Your request {code} was received. Follow it here: {link}");

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IntakeOptions>(configuration.GetSection(IntakeOptions.Section));
        services.AddSingleton(Otp);
        services.AddSingleton(Received);
        services.AddScoped<DoorPlateCodes>();
        services.AddScoped<PhoneConfirmation>();
        services.AddScoped<PublicIntake>();
        services.AddScoped<StaffPhotos>();
        // Per client address, on every public page and API call; the per-phone and per-code limits are counted in the database.
        var perMinute = configuration.GetValue($"{IntakeOptions.Section}:PerAddressPerMinute", new IntakeOptions().PerAddressPerMinute);
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(IntakeOptions.AddressRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1) })));
    }

    public const string ResidentPolicy = "requests-resident";

    public static IEnumerable<HomeSection> HomeSections => [new(typeof(Pages.ResidentRequestSection), ResidentPolicy, 20)];

    public static IEnumerable<PageSection> PageSections =>
        [new(RegistrySlots.Building, typeof(Pages.DoorPlateSection), Roles.StaffPolicy, 50)];
}
