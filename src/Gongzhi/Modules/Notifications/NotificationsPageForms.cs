using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Features.Inbox;
using Gongzhi.Modules.Notifications.Features.Jobs;
using Gongzhi.Modules.Notifications.Features.Outbox;
using Gongzhi.Modules.Notifications.Features.Templates;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications;

/// <summary>Form posts of the inbox, outbox and jobs pages (post/redirect/get).</summary>
public static class NotificationsPageForms
{
    public static IEndpointRouteBuilder MapNotificationsForms(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/forms/inbox").RequireAuthorization(Roles.SignedInPolicy).ExcludeFromDescription();
        inbox.MapPost("/{id:long}/read", (long id, InboxService s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/inbox", async () => { await s.MarkReadAsync(id, default); return ("/inbox", l["Marked read."]); }));
        inbox.MapPost("/{id:long}/open", async (long id, InboxService s, PublicLinks links) =>
        {
            try
            {
                // Messages that also leave the app carry absolute links to it: followed as the local path only.
                var m = await s.MarkReadAsync(id, default);
                return Results.Redirect(links.LocalPath(m.Link) ?? "/inbox");
            }
            catch (AppProblem problem)
            {
                return Gongzhi.Components.Forms.FlashMessage.Redirect("/inbox", ok: false, problem.Detail);
            }
        });
        inbox.MapPost("/read-all", (InboxService s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/inbox", async () => ("/inbox", l["Marked {0} read.", await s.MarkAllReadAsync(null, default)])));

        var admin = app.MapGroup("/forms").RequireAuthorization(Roles.AdminPolicy).ExcludeFromDescription();
        admin.MapPost("/notifications/outbox/{id:long}/retry", (long id, OutboxAdmin s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/outbox", async () => { await s.RetryAsync(id, default); return ("/admin/outbox", l["Queued again."]); }));
        admin.MapPost("/notifications/templates/{kind}/{culture}", (string kind, string culture, IFormCollection f, TemplateService s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/templates", async () =>
            {
                await s.SaveAsync(kind, culture, new TemplateInput(FormPost.Text(f, "title"), FormPost.Text(f, "body")), default);
                return ($"/admin/templates#template-{kind}", l["Saved {0}.", $"{kind} {culture}"]);
            }));
        admin.MapPost("/notifications/test", (IFormCollection f, ChannelSelfTest test, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/outbox", async () =>
            {
                var result = await test.RunAsync(new SelfTestInput(Enum.TryParse<Domain.DeliveryChannel>(FormPost.Text(f, "channel"), ignoreCase: true, out var channel) && Enum.IsDefined(channel) ? channel : null, FormPost.Text(f, "to")), default);
                return ("/admin/outbox", l["Test message to {0}: {1} {2}", result.To, result.Status.ToString(), result.Response ?? ""]);
            }));
        admin.MapPost("/jobs/{name}/run", (string name, JobsAdmin s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/jobs", async () => { await s.RunNowAsync(name, default); return ("/admin/jobs", l["{0} will run shortly.", name]); }));
        admin.MapPost("/jobs/{name}/pause", (string name, JobsAdmin s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/jobs", async () => { await s.PauseAsync(name, default); return ("/admin/jobs", l["Paused {0}.", name]); }));
        admin.MapPost("/jobs/{name}/resume", (string name, JobsAdmin s, IStringLocalizer<SharedResource> l) =>
            FormPost.Handle("/admin/jobs", async () => { await s.ResumeAsync(name, default); return ("/admin/jobs", l["Resumed {0}.", name]); }));
        return app;
    }
}
