using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notices.Features.Publishing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Modules.Notices;

public static class NoticesApi
{
    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var notices = app.MapGroup("/api/notices").WithTags("Notices").RequireAuthorization(Roles.StaffPolicy);
        notices.MapGet("/", async (NoticeService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .WithSummary("The notices in the caller's reach, latest first (at most 200).");
        notices.MapPost("/preview", async (WriteNotice body, NoticeService s, CancellationToken ct) => TypedResults.Ok(await s.PreviewAsync(body, ct)))
            .WithSummary("How many residents the notice's audience (areaCodes, tags, minAge, maxAge) holds now; a 400 problem names what is wrong.");
        notices.MapPost("/", CreateAsync)
            .WithSummary("Writes a notice (community, street, admin; areas in their reach) and publishes it now or at publishAt; audited.");
        notices.MapGet("/{id:long}", async (long id, NoticeService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(id, ct)));
        notices.MapGet("/{id:long}/report", async (long id, NoticeService s, CancellationToken ct) => TypedResults.Ok(await s.ReportAsync(id, ct)))
            .WithSummary("The delivery report: per channel recipients, sent, failed, pending, cancelled and read (in-app); the notice's linkOpens counts public page opens.");
        notices.MapPost("/{id:long}/withdraw", WithdrawAsync)
            .WithSummary("Hides the notice and cancels its deliveries not yet sent; audited.");

        notices.MapPost("/{id:long}/approve", ApproveAsync)
            .WithSummary("Approves a notice waiting for approval (not by its author; the approver's reach holds all its areas); it is then published or scheduled; audited.");
        notices.MapPost("/{id:long}/reject", RejectAsync)
            .WithSummary("Rejects a notice waiting for approval with a reason (1 to 500 characters); audited.");

        var open = app.MapGroup("/api/public/notices").WithTags("Notices (public)").AllowAnonymous();
        open.MapGet("/{id:long}", async (long id, NoticeService s, CancellationToken ct) => TypedResults.Ok(await s.PublicAsync(id, ct)))
            .WithSummary("A published notice's text (no personal data); withdrawn or scheduled ones are 404.");
        return app;
    }

    private static async Task<Created<NoticeView>> CreateAsync(WriteNotice body, NoticeService s, CancellationToken ct)
    {
        var notice = await s.CreateAsync(body, ct);
        return TypedResults.Created($"/api/notices/{notice.Id}", await s.GetAsync(notice.Id, ct));
    }

    private static async Task<Ok<NoticeView>> ApproveAsync(long id, NoticeService s, CancellationToken ct)
    {
        await s.ApproveAsync(id, ct);
        return TypedResults.Ok(await s.GetAsync(id, ct));
    }

    private static async Task<Ok<NoticeView>> RejectAsync(long id, RejectNotice body, NoticeService s, CancellationToken ct)
    {
        await s.RejectAsync(id, body, ct);
        return TypedResults.Ok(await s.GetAsync(id, ct));
    }

    private static async Task<Ok<NoticeView>> WithdrawAsync(long id, NoticeService s, CancellationToken ct)
    {
        await s.WithdrawAsync(id, ct);
        return TypedResults.Ok(await s.GetAsync(id, ct));
    }
}
