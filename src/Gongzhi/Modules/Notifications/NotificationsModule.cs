using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features;
using Gongzhi.Modules.Notifications.Features.Dispatch;
using Gongzhi.Modules.Notifications.Features.Enqueue;
using Gongzhi.Modules.Notifications.Features.Inbox;
using Gongzhi.Modules.Notifications.Features.Jobs;
using Gongzhi.Modules.Notifications.Features.Outbox;
using Gongzhi.Modules.Notifications.Features.Templates;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.Options;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Notifications;

/// <summary>
/// Notifications: every account's inbox, and an outbox that modules fill in their own transaction
/// (<see cref="INotifier"/>) and that a dispatcher delivers over in-app, SMS, WeCom group robots and e-mail.
/// </summary>
public sealed class NotificationsModule : GongzhiModule
{
    public override string Name => "Notifications";

    /// <summary>The kind the demo and the admin's test messages use.</summary>
    public static readonly NotificationKind Welcome = new("notifications.welcome", "Notifications", ["name", "app"],
        "欢迎使用{app}", "{name}，您好！这里是您的消息中心：与您相关的提醒和通知都会出现在这里。",
        "Welcome to {app}", "Hello {name}, this is your inbox: reminders and notices for you arrive here.");

    public static readonly NotificationKind Notice = new("notifications.notice", "Notifications", ["title", "text"],
        "{title}", "{text}", "{title}", "{text}");

    /// <summary>The admin's "send a test message" over one channel.</summary>
    public static readonly NotificationKind Test = new("notifications.test", "Notifications", ["channel", "time"],
        "测试消息", "这是一条经{channel}发送的测试消息（{time}）。",
        "Test message", "A test message sent over {channel} at {time}.");

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection("Notifications"));
        services.AddSingleton(Welcome);
        services.AddSingleton(Notice);
        services.AddSingleton(Test);
        services.AddSingleton<NotificationMetrics>();
        services.AddScoped<INotifier, Notifier>();
        services.AddScoped<IDeliveryTracking, DeliveryTracking>();
        services.AddScoped<TemplateService>();
        services.AddScoped<InboxService>();
        services.AddScoped<Preferences>();
        services.AddScoped<OutboxAdmin>();
        services.AddScoped<ChannelSelfTest>();
        services.AddSingleton<ChannelSettings>();
        services.AddHostedService<ChannelSettingsCheck>();
        services.AddScoped<RobotAdmin>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();
        services.Configure<JobOptions>(configuration.GetSection("Jobs"));
        services.AddSingleton<JobMetrics>();
        services.AddSingleton<JobScheduler>();
        services.AddScoped<JobsAdmin>();
        services.AddHostedService<JobWorker>();

        services.Configure<SmtpOptions>(configuration.GetSection("Notifications:Email"));
        services.Configure<SmsOptions>(configuration.GetSection("Notifications:Sms"));
        services.Configure<Senders.WeComOptions>(configuration.GetSection("Notifications:WeCom"));
        // The providers' client: a time limit per call and a circuit breaker that stops calling a provider that keeps
        // failing, one circuit per provider host (a dead WeCom does not stop SMS). No retries here: the outbox retries,
        // with backoff and a record of every attempt.
        var notificationOptions = configuration.GetSection("Notifications").Get<NotificationOptions>() ?? new();
        services.AddHttpClient("notifications", c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("notifications", pipeline => pipeline
                .AddTimeout(TimeSpan.FromSeconds(notificationOptions.ProviderTimeoutSeconds))
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = TimeSpan.FromSeconds(notificationOptions.ProviderBreakSeconds),
                }))
            .SelectPipelineByAuthority();

        // Nothing leaves the machine unless configured: SMS and e-mail go to a development file by default, and a
        // WeCom delivery to a robot that is not configured is refused.
        var outbox = configuration["Notifications:DevelopmentOutbox"] ?? "data";
        IChannelSender Development(IServiceProvider sp, DeliveryChannel channel) => new DevelopmentSender(channel,
            Path.Combine(Path.IsPathRooted(outbox) ? outbox : Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, outbox),
                $"outbox-{channel.ToString().ToLowerInvariant()}.jsonl"),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gongzhi.Notifications.Development"));
        static HttpClient Http(IServiceProvider sp) => sp.GetRequiredService<IHttpClientFactory>().CreateClient("notifications");

        var smsProvider = configuration["Notifications:Sms:Provider"];
        if (string.Equals(smsProvider, "Http", StringComparison.OrdinalIgnoreCase))
            services.AddSingleton<IChannelSender>(sp => new HttpSmsSender(Http(sp), sp.GetRequiredService<IOptionsMonitor<SmsOptions>>()));
        else if (string.Equals(smsProvider, "Aliyun", StringComparison.OrdinalIgnoreCase))
            services.AddSingleton<IChannelSender>(sp => new AliyunSmsSender(Http(sp), sp.GetRequiredService<IOptionsMonitor<SmsOptions>>(), sp.GetRequiredService<TimeProvider>()));
        else
            services.AddSingleton(sp => Development(sp, DeliveryChannel.Sms));
        if (!string.IsNullOrWhiteSpace(configuration["Notifications:Email:Host"]))
            services.AddSingleton<IChannelSender>(sp => new SmtpEmailSender(sp.GetRequiredService<IOptionsMonitor<SmtpOptions>>()));
        else
            services.AddSingleton(sp => Development(sp, DeliveryChannel.Email));
        services.AddSingleton<IChannelSender>(sp => new WeComRobotSender(Http(sp), sp.GetRequiredService<IOptionsMonitor<Senders.WeComOptions>>(),
            (name, ct) => sp.AsSystemAsync(async scope =>
            {
                var cipher = await scope.GetRequiredService<GongzhiDb>().WeComRobots.Where(r => r.Name == name).Select(r => r.UrlCipher).FirstOrDefaultAsync(ct);
                return cipher is null ? null : scope.GetRequiredService<PersonalDataProtector>().Decrypt(cipher);
            })));
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapNotificationsApi().MapJobsApi();

    public override void MapForms(IEndpointRouteBuilder app) => app.MapNotificationsForms();

    public override IEnumerable<NavigationEntry> Navigation =>
    [
        new("Inbox", "/inbox", Roles.SignedInPolicy, 900),
        new("Outbox", "/admin/outbox", Roles.AdminPolicy, 930, "Administration"),
        new("Message templates", "/admin/templates", Roles.AdminPolicy, 935, "Administration"),
        new("Scheduled jobs", "/admin/jobs", Roles.AdminPolicy, 940, "Administration"),
    ];

    public override IEnumerable<HeaderItem> HeaderItems => [new(typeof(Pages.InboxBell), Roles.SignedInPolicy, 10)];

    /// <summary>
    /// Read in-app messages older than 180 days and their deliveries are removed every night at 03:30 Beijing time.
    /// <c>Jobs:HeartbeatSeconds</c> &gt; 0 adds a job that only records that the scheduler ticks (for operators, and for
    /// the multi-node test).
    /// </summary>
    public override IEnumerable<JobDeclaration> Jobs(IConfiguration configuration) =>
    [
        JobDeclaration.Cron("notifications.cleanup", "30 3 * * *", (sp, ct) => Features.Cleanup.RunAsync(sp, ct)),
        .. configuration.GetValue("Jobs:HeartbeatSeconds", 0) is > 0 and var seconds
            ? [JobDeclaration.Every("jobs.heartbeat", TimeSpan.FromSeconds(seconds), (_, _) => Task.CompletedTask)] : Array.Empty<JobDeclaration>(),
    ];

    public override IEnumerable<PersonalDataTable> PersonalDataTables =>
    [
        PersonalDataTable.For<NotificationDelivery>("notification_deliveries", d => d.Id, (d, p) =>
        {
            if (d.Channel is DeliveryChannel.Sms or DeliveryChannel.Email && d.Address is not null) d.Address = p.Renew(d.Address, p.Decrypt(d.Address));
            d.Options = WeComDeliveryOptions.Renew(d.Options, p);
        }),
        PersonalDataTable.For<WeComRobot>("wecom_robots", r => r.Id, (r, p) => r.UrlCipher = p.Renew(r.UrlCipher, p.Decrypt(r.UrlCipher))),
    ];

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Features.DemoInbox.SeedAsync(services, ct);
}
