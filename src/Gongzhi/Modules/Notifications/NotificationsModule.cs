using Gongzhi.Infrastructure.Modules;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Senders;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features;
using Gongzhi.Modules.Notifications.Features.Dispatch;
using Gongzhi.Modules.Notifications.Features.Enqueue;
using Gongzhi.Modules.Notifications.Features.Inbox;
using Gongzhi.Modules.Notifications.Features.Outbox;
using Gongzhi.Modules.Notifications.Features.Templates;

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
        services.AddScoped<TemplateService>();
        services.AddScoped<InboxService>();
        services.AddScoped<OutboxAdmin>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxWorker>();

        var outbox = configuration["Notifications:DevelopmentOutbox"] ?? "data";
        foreach (var channel in new[] { DeliveryChannel.Sms, DeliveryChannel.Email })
            services.AddSingleton<IChannelSender>(sp => new DevelopmentSender(channel,
                Path.Combine(Path.IsPathRooted(outbox) ? outbox : Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, outbox),
                    $"outbox-{channel.ToString().ToLowerInvariant()}.jsonl"),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Gongzhi.Notifications.Development")));
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapNotificationsApi();

    public override Task SeedDemoAsync(IServiceProvider services, CancellationToken ct) => Features.DemoInbox.SeedAsync(services, ct);
}
