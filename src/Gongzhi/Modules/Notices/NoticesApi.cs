using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notices.Features.Attachments;
using Gongzhi.Modules.Notices.Features.Board;
using Gongzhi.Modules.Notices.Features.Poster;
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
        notices.MapGet("/{id:long}/poster.pdf", PosterPdfAsync)
            .WithSummary("The notice's A4 poster as a PDF: urgency, title, text, issuing area, date, a QR code to its public page and the link written out.");
        notices.MapPost("/{id:long}/withdraw", WithdrawAsync)
            .WithSummary("Hides the notice and cancels its deliveries not yet sent; audited.");

        notices.MapPost("/{id:long}/approve", ApproveAsync)
            .WithSummary("Approves a notice waiting for approval (not by its author; the approver's reach holds all its areas); it is then published or scheduled; audited.");
        notices.MapPost("/{id:long}/reject", RejectAsync)
            .WithSummary("Rejects a notice waiting for approval with a reason (1 to 500 characters); audited.");

        notices.MapGet("/{id:long}/attachments", async (long id, NoticeAttachments s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(id, ct)))
            .WithSummary("The notice's attachments, each with its public download link.");
        // Multipart from API clients with a bearer token (as every upload); pages attach files on the new-notice form.
        app.MapPost("/api/notices/{id:long}/attachments", AttachAsync).WithTags("Notices")
            .RequireAuthorization(Roles.ApiUploadPolicy).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUploadRequestBytes))
            .WithSummary("Adds files (multipart, field 'files'; PDF, JPEG, PNG, WebP, Word, Excel, PowerPoint; Notices:MaxAttachmentBytes each, Notices:MaxAttachments in all) to a notice; one bad file writes none; audited.");

        app.MapGet("/api/my/notices", async (Features.Home.ResidentNotices s, CancellationToken ct) => TypedResults.Ok(await s.ForMeAsync(ct)))
            .WithTags("Notices").RequireAuthorization(NoticesModule.ResidentPolicy)
            .WithSummary("A signed-in resident's notices: the latest published ones whose areas hold their home, emergencies first, with read state.");

        var open = app.MapGroup("/api/public/notices").WithTags("Notices (public)").AllowAnonymous();
        open.MapGet("/{id:long}", async (long id, NoticeService s, CancellationToken ct) => TypedResults.Ok(await s.PublicAsync(id, ct)))
            .WithSummary("A published notice's text (no personal data) and its attachments' links; withdrawn or scheduled ones are 404.");
        open.MapGet("/{id:long}/attachments/{token}", DownloadAsync)
            .WithSummary("Downloads an attachment of a published notice by its unguessable token (Content-Disposition: attachment).");
        open.MapGet("/area/{code}", async (string code, int? page, AreaNoticeBoard s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(code, page ?? 1, ct)))
            .WithSummary("The published notices for every resident that reach an area node (addressed to it or to a node above it), emergencies first, then newest; " +
                         "20 a page (page from 1); title, urgency, date and issuing area only. An unknown area is 404.");
        return app;
    }

    /// <summary>The request limit of an upload: the most files a notice takes at the largest size, and room for the form.</summary>
    public const long MaxUploadRequestBytes = 64L * 1024 * 1024;

    private static async Task<Ok<IReadOnlyList<AttachmentLink>>> AttachAsync(long id, IFormFileCollection files, NoticeAttachments s, CancellationToken ct) =>
        TypedResults.Ok(await s.AddAsync(id, [.. files.Select(IncomingFile.From)], ct));

    private static async Task<FileContentHttpResult> DownloadAsync(long id, string token, NoticeAttachments s, HttpContext http, CancellationToken ct)
    {
        var file = await s.DownloadAsync(id, token, ct);
        // The type was decided when the file was checked; the browser must not guess another, nor show it inline.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<FileContentHttpResult> PosterPdfAsync(long id, NoticePosterPrint print, CancellationToken ct)
    {
        var (name, content) = await print.PdfAsync(id, ct);
        return TypedResults.File(content, "application/pdf", name);
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
