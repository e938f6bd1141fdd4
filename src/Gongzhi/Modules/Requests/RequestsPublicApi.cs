using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Intake;
using Gongzhi.Modules.Requests.Features.Workflow;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Modules.Requests;

public sealed record OtpSent(DateTimeOffset ExpiresAt);

public sealed record PhotosAdded(IReadOnlyList<long> Ids);

/// <summary>
/// The public side of requests over HTTP: the door-plate form and tracking link for residents without an account
/// (no sign-in; rate-limited per client address, per phone and per code), door-plate codes and photos for staff.
/// </summary>
public static class RequestsPublicApi
{
    public static IEndpointRouteBuilder MapRequestsPublicApi(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/public").WithTags("Requests (public)").AllowAnonymous().RequireRateLimiting(IntakeOptions.AddressRateLimit);
        open.MapGet("/door-plates/{token}", DoorPlate).WithSummary("What a door-plate code opens: the household's address and the categories to choose from. Forged: 404; replaced: 410.");
        open.MapPost("/phone-codes", SendCode).WithSummary("Sends a one-time code by SMS to confirm the phone (per-phone hourly cap).");
        open.MapPost("/door-plates/{token}/requests", Submit)
            .WithSummary("Submits a request for the code's household. The phone must be confirmed: by this browser's cookie, or by the code sent to it (which sets the cookie).");
        open.MapGet("/tracking/{trackingCode}", Track).WithSummary("A request as its tracking link shows it: status, public timeline, photos.");
        open.MapPost("/tracking/{trackingCode}/confirm", Confirm).WithSummary("The submitter confirms the request's phone with a code on this browser.");
        open.MapPost("/tracking/{trackingCode}/information", Supplement).DisableAntiforgery()
            .WithSummary("The submitter adds information: a note and/or photos (multipart: note, photos). Submitter only.");
        open.MapPost("/tracking/{trackingCode}/feedback", Feedback)
            .WithSummary("The submitter rates the resolution (satisfied, score 1–5); not satisfied reopens it. Once per resolution; submitter only.");

        var staff = app.MapGroup("/api/requests").WithTags("Requests").RequireAuthorization(RequestsModule.WorkersPolicy);
        staff.MapGet("/{id:long}/photos", ListPhotos).WithSummary("The request's photos (submission, resolution, snapshot), for those who reach the request.");
        staff.MapGet("/{id:long}/photos/{photoId:long}", GetPhoto).WithSummary("One photo (JPEG, re-encoded without metadata).");
        staff.MapPost("/{id:long}/photos", AttachPhotos).RequireAuthorization(Roles.ApiUploadPolicy).DisableAntiforgery()
            .WithSummary("Attaches photos (multipart: photos; kind=Resolution|Snapshot) to a request the caller handles or oversees.");
        var plates = app.MapGroup("/api/door-plates").WithTags("Requests").RequireAuthorization(Roles.StaffPolicy);
        plates.MapGet("/buildings/{buildingId:long}", Sheet).WithSummary("The door-plate codes of a building's households (codes issued where missing).");
        plates.MapPost("/households/{householdId:long}/reissue", Reissue).WithSummary("Revokes a household's code and issues a new one (audited).");
        return app;
    }

    private static async Task<Ok<DoorPlateForm>> DoorPlate(string token, PublicIntake intake, CancellationToken ct) =>
        TypedResults.Ok(await intake.FormAsync(token, ct));

    private static async Task<Accepted<OtpSent>> SendCode(PhoneInput body, PhoneConfirmation phones, CancellationToken ct) =>
        TypedResults.Accepted((string?)null, new OtpSent(await phones.SendAsync(body.Phone, ct)));

    private static async Task<Created<PublicSubmitted>> Submit(string token, PublicRequestInput body, PublicIntake intake, HttpContext http, CancellationToken ct)
    {
        var submitted = await intake.SubmitAsync(http, token, body, [], ct);
        return TypedResults.Created($"/api/public/tracking/{submitted.TrackingCode}", submitted);
    }

    private static async Task<Ok<TrackingView>> Track(string trackingCode, PublicIntake intake, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await intake.TrackAsync(http, trackingCode, ct));

    private static async Task<NoContent> Confirm(string trackingCode, PhoneCodeInput body, PublicIntake intake, HttpContext http, CancellationToken ct)
    {
        await intake.ConfirmSubmitterAsync(http, trackingCode, body, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TrackingView>> Supplement(string trackingCode, [FromForm] string? note, IFormFileCollection? photos, PublicIntake intake, HttpContext http, CancellationToken ct)
    {
        await intake.SupplementAsync(http, trackingCode, new SupplementInput(note), [.. photos ?? new FormFileCollection()], ct);
        return TypedResults.Ok(await intake.TrackAsync(http, trackingCode, ct));
    }

    private static async Task<Ok<TrackingView>> Feedback(string trackingCode, FeedbackInput body, PublicIntake intake, HttpContext http, CancellationToken ct)
    {
        await intake.RateAsync(http, trackingCode, body, ct);
        return TypedResults.Ok(await intake.TrackAsync(http, trackingCode, ct));
    }

    private static async Task<Ok<IReadOnlyList<PhotoView>>> ListPhotos(long id, StaffPhotos photos, CancellationToken ct) =>
        TypedResults.Ok(await photos.ListAsync(id, ct));

    private static async Task<FileContentHttpResult> GetPhoto(long id, long photoId, StaffPhotos photos, CancellationToken ct) =>
        TypedResults.File(await photos.GetAsync(id, photoId, ct), "image/jpeg");

    private static async Task<Ok<PhotosAdded>> AttachPhotos(long id, PhotoKind? kind, IFormFileCollection photos, PublicIntake intake, RequestWorkflow workflow, CancellationToken ct)
    {
        var clean = await intake.PhotosAsync([.. photos], 0, ct);
        return TypedResults.Ok(new PhotosAdded(await workflow.AttachPhotosAsync(id, kind is PhotoKind.Snapshot ? PhotoKind.Snapshot : PhotoKind.Resolution, clean, ct)));
    }

    private static async Task<Ok<DoorPlateSheet>> Sheet(long buildingId, DoorPlateCodes codes, CancellationToken ct) =>
        TypedResults.Ok(await codes.SheetAsync(buildingId, ct));

    private static async Task<Ok<DoorPlate>> Reissue(long householdId, DoorPlateCodes codes, CancellationToken ct) =>
        TypedResults.Ok(await codes.ReissueAsync(householdId, ct));
}
