using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Modules.Notifications.Features.Inbox;
using Gongzhi.Modules.Notifications.Features.Outbox;
using Gongzhi.Modules.Notifications.Features.Templates;

namespace Gongzhi.Modules.Notifications;

public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/inbox").WithTags("Inbox").RequireAuthorization(Roles.SignedInPolicy);
        inbox.MapGet("", async (bool? unread, string? module, int? page, int? pageSize, InboxService service, CancellationToken ct) =>
        {
            var (p, s) = Paging.Normalize(page, pageSize, defaultSize: 20, max: 100);
            return TypedResults.Ok(await service.ListAsync(unread, module, p, s, ct));
        }).WithSummary("The caller's messages, newest first: items, total (after filters) and the unread count.");
        inbox.MapGet("/{id:long}", async (long id, InboxService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithSummary("One of the caller's messages (404 for anyone else's).");
        inbox.MapPost("/{id:long}/read", async (long id, InboxService service, CancellationToken ct) => TypedResults.Ok(await service.MarkReadAsync(id, ct)))
            .WithSummary("Marks one of the caller's messages read.");
        inbox.MapPost("/read-all", async (string? module, InboxService service, CancellationToken ct) =>
            TypedResults.Ok(new { updated = await service.MarkAllReadAsync(module, ct) }))
            .WithSummary("Marks all the caller's messages read (optionally of one module).");
        inbox.MapGet("/preferences", async (Preferences preferences, CancellationToken ct) => TypedResults.Ok(await preferences.ListAsync(ct)))
            .WithSummary("Which kinds of message also reach the caller by SMS or e-mail.");
        inbox.MapPut("/preferences/{kind}", async (string kind, PreferenceInput input, Preferences preferences, CancellationToken ct) =>
            TypedResults.Ok(await preferences.SaveAsync(kind, input, ct)))
            .WithSummary("Sets whether a kind of message also reaches the caller by SMS or e-mail.");

        var admin = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization(Roles.AdminPolicy);
        admin.MapGet("/outbox", async (DeliveryChannel? channel, DeliveryState? state, int? page, int? pageSize, OutboxAdmin outbox, CancellationToken ct) =>
        {
            var (p, s) = Paging.Normalize(page, pageSize);
            return TypedResults.Ok(await outbox.ListAsync(channel, state, p, s, ct));
        }).WithSummary("Deliveries by channel and state (addresses masked), newest first, with counts per channel and state.");
        admin.MapGet("/outbox/{id:long}/attempts", async (long id, OutboxAdmin outbox, CancellationToken ct) => TypedResults.Ok(await outbox.AttemptsAsync(id, ct)))
            .WithSummary("Every attempt of a delivery with the provider's answer.");
        admin.MapPost("/outbox/{id:long}/retry", async (long id, OutboxAdmin outbox, CancellationToken ct) =>
        {
            await outbox.RetryAsync(id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Queues a dead delivery again.");
        admin.MapGet("/channels", (ChannelSettings channels) => TypedResults.Ok(channels.Check()))
            .WithSummary("Each channel's sender, whether a repeated call is safe, its rate limit and what in its settings cannot work.");
        admin.MapPost("/test", async (SelfTestInput input, ChannelSelfTest test, CancellationToken ct) => TypedResults.Ok(await test.RunAsync(input, ct)))
            .WithSummary("Sends a test message over one channel (SMS, e-mail, WeCom robot) at once and answers the provider's reply.");
        admin.MapGet("/robots", async (RobotAdmin robots, CancellationToken ct) => TypedResults.Ok(await robots.ListAsync(ct)))
            .WithSummary("WeCom group robots per area node (webhook URLs masked).");
        admin.MapPut("/robots/{name}", async (string name, RobotInput input, RobotAdmin robots, CancellationToken ct) => TypedResults.Ok(await robots.SaveAsync(name, input, ct)))
            .WithSummary("Sets a WeCom group robot of an area node (the URL is stored encrypted).");
        admin.MapDelete("/robots/{name}", async (string name, RobotAdmin robots, CancellationToken ct) =>
        {
            await robots.DeleteAsync(name, ct);
            return TypedResults.NoContent();
        }).WithSummary("Removes a WeCom group robot.");
        admin.MapGet("/templates", async (TemplateService templates, CancellationToken ct) => TypedResults.Ok(await templates.ListAsync(ct)))
            .WithSummary("Every declared kind of message with its variables and its text in force per language.");
        admin.MapPut("/templates/{kind}/{culture}", async (string kind, string culture, TemplateInput input, TemplateService templates, CancellationToken ct) =>
            TypedResults.Ok(await templates.SaveAsync(kind, culture, input, ct)))
            .WithSummary("Replaces a kind's text in one language (zh-CN, en-US); unknown variables are refused by name.");
        return app;
    }
}
