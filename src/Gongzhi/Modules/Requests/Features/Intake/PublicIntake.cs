using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Categories;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Requests.Features.Intake;

/// <summary>What the public form posts (the JSON API takes the same record; photos come as files beside it).</summary>
public sealed record PublicRequestInput(
    string? CategoryCode, string? Description, string? PreferredContactTime, string? SubmitterName, string? Phone, string? Code);

public sealed record PhoneInput(string? Phone);

public sealed record PhoneCodeInput(string? Phone, string? Code);

public sealed record SupplementInput(string? Note);

public sealed record PublicSubmitted(string TrackingCode, string TrackingUrl);

public sealed record CategoryOption(string Code, string Name, bool IsChild);

/// <summary>What the door-plate form shows before anything is typed: the household's address and the categories.</summary>
public sealed record DoorPlateForm(string Address, IReadOnlyList<CategoryOption> Categories);

/// <summary>One step of the public timeline: what happened and when; only the resident's own words and the resolution note are shown.</summary>
public sealed record PublicEvent(DateTimeOffset At, RequestEventKind Kind, string Label, string? Note);

public sealed record PublicPhoto(long Id, PhotoKind Kind, string Url);

/// <summary>A request as its tracking link shows it: no staff names, no phone in clear.</summary>
public sealed record TrackingView(
    string TrackingCode, RequestStatus Status, string StatusLabel, string CategoryName, string? Address, string Description,
    DateTimeOffset SubmittedAt, string? ResolutionNote, bool? Satisfied, int? Score, string? PhoneMasked,
    bool CanRate, bool CanSupplement, IReadOnlyList<PublicEvent> Timeline, IReadOnlyList<PublicPhoto> Photos);

/// <summary>
/// The public side of requests: the door-plate form (token → household, phone proof, per-phone and per-household
/// limits, photos sanitised) and the tracking link (status, public timeline, photos; the submitter alone adds
/// information and rates, proven by the confirmed-phone cookie for the request's phone).
/// </summary>
public sealed class PublicIntake(
    GongzhiDb db, DoorPlateCodes codes, PhoneConfirmation phones, RequestWorkflow workflow, CategoryCatalog categories,
    Accounts.Contracts.CurrentUser user, Accounts.Contracts.IAccountDirectory accounts, IServiceProvider services, IOptions<IntakeOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> l, PublicLinks links)
{
    private static readonly RequestEventKind[] NotesShown = [RequestEventKind.Supplemented, RequestEventKind.Feedback, RequestEventKind.Resolved];

    public async Task<DoorPlateForm> FormAsync(string? token, CancellationToken ct)
    {
        var (_, household) = await codes.ResolveAsync(token, ct);
        return new DoorPlateForm(household.Address, await CategoryOptionsAsync(ct));
    }

    public async Task<IReadOnlyList<CategoryOption>> CategoryOptionsAsync(CancellationToken ct) =>
        [.. (await categories.ListAsync(false, ct)).Select(c => new CategoryOption(c.Code, c.Name, c.ParentCode is not null))];

    /// <summary>
    /// The household of a signed-in resident: accounts link to a resident (<c>ResidentId</c>), the registry knows where
    /// that resident lives. Looked up with system reach (a resident's account holds no area), and only for the caller.
    /// </summary>
    public async Task<HouseholdRef> OwnHouseholdAsync(CancellationToken ct)
    {
        var residentId = user.Id is { } id && user.IsInRole(Accounts.Contracts.Roles.Resident) ? await accounts.ResidentOfAsync(id, ct) : null;
        var household = residentId is { } rid ? await services.AsSystemAsync(sp => sp.GetRequiredService<IHouseholdDirectory>().OfResidentAsync(rid, ct)) : null;
        return household is { IsRetired: false } ? household
            : throw AppProblem.NotFound(l["Your account is not linked to a household. Ask your community to link it, or use the code on your door."]);
    }

    public async Task<DoorPlateForm> OwnFormAsync(CancellationToken ct) =>
        new((await OwnHouseholdAsync(ct)).Address, await CategoryOptionsAsync(ct));

    public async Task<PublicSubmitted> SubmitAsync(HttpContext http, string? token, PublicRequestInput input, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var (_, household) = await codes.ResolveAsync(token, ct);
        return await SubmitForAsync(http, RequestChannel.DoorPlate, household, input, files, ct);
    }

    /// <summary>The shared path of the door-plate form and a signed-in resident's own form.</summary>
    public async Task<PublicSubmitted> SubmitForAsync(HttpContext http, RequestChannel channel, HouseholdRef household, PublicRequestInput input, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var o = options.Value;
        var photos = await PhotosAsync(files, 0, ct);
        var checkedInput = await workflow.CheckResidentInputAsync(input.CategoryCode, input.Description, input.PreferredContactTime, input.SubmitterName, o.DescriptionMax, ct);
        var phone = await phones.ProveAsync(http, input.Phone, input.Code, ct);
        var since = clock.GetUtcNow().AddDays(-1);
        var hashes = phones.HashesOf(phone);
        if (await db.Requests.IgnoreQueryFilters().CountAsync(r => r.SubmitterPhoneHash != null && hashes.Contains(r.SubmitterPhoneHash) && r.SubmittedAt > since, ct) >= o.SubmissionsPerPhonePerDay)
            throw new AppProblem(StatusCodes.Status429TooManyRequests, l["This phone has sent many requests today. Please call your community for anything urgent."]);
        if (channel == RequestChannel.DoorPlate
            && await db.Requests.IgnoreQueryFilters().CountAsync(r => r.HouseholdId == household.Id && r.Channel == RequestChannel.DoorPlate && r.SubmittedAt > since, ct) >= o.SubmissionsPerHouseholdPerDay)
            throw new AppProblem(StatusCodes.Status429TooManyRequests, l["This door-plate code has sent many requests today. Please call your community for anything urgent."]);
        var baseUrl = BaseUrl(http);
        var request = await workflow.CreateForResidentAsync(new ResidentSubmission(channel, household, checkedInput, phone, photos, baseUrl), ct);
        return new PublicSubmitted(request.TrackingCode, $"{baseUrl}/t/{request.TrackingCode}");
    }

    public async Task<TrackingView> TrackAsync(HttpContext? http, string? trackingCode, CancellationToken ct)
    {
        var r = await FindAsync(trackingCode, tracked: false, ct);
        var category = await db.RequestCategories.AsNoTracking().Where(c => c.Id == r.CategoryId).Select(c => c.Name).FirstAsync(ct);
        var photos = await db.RequestPhotos.AsNoTracking().Where(p => p.RequestId == r.Id && p.Kind != PhotoKind.Snapshot)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.Kind }).ToListAsync(ct);
        var isSubmitter = http is not null && IsSubmitter(http, r);
        return new TrackingView(r.TrackingCode, r.Status, RequestTexts.Status(l, r.Status), category, r.Address, r.Description, r.SubmittedAt,
            r.ResolutionNote, r.Satisfied, r.SatisfactionScore, r.SubmitterPhoneMasked,
            isSubmitter && r.Status == RequestStatus.Resolved, isSubmitter && r.Status != RequestStatus.Closed,
            [.. r.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new PublicEvent(e.At, e.Kind, RequestTexts.Event(l, e.Kind), NotesShown.Contains(e.Kind) ? e.Note : null))],
            [.. photos.Select(p => new PublicPhoto(p.Id, p.Kind, $"/t/{r.TrackingCode}/photos/{p.Id}"))]);
    }

    /// <summary>Whether this browser holds the confirmed phone the request was submitted with.</summary>
    public bool IsSubmitter(HttpContext http, Request r) => phones.Confirmed(http) is { } phone && phones.Matches(phone, r.SubmitterPhoneHash);

    /// <summary>Confirms the phone on the tracking page (the submitter on a new device); refuses any phone but the request's own.</summary>
    public async Task ConfirmSubmitterAsync(HttpContext http, string? trackingCode, PhoneCodeInput input, CancellationToken ct)
    {
        var r = await FindAsync(trackingCode, tracked: false, ct);
        var phone = phones.RequirePhone(input.Phone);
        if (!phones.Matches(phone, r.SubmitterPhoneHash)) throw NotSubmitter();
        await phones.VerifyAsync(phone, input.Code, ct);
        phones.Remember(http, phone);
    }

    public async Task<bool> IsPhoneOfAsync(string? trackingCode, string phone, CancellationToken ct) =>
        phones.Matches(phone, (await FindAsync(trackingCode, tracked: false, ct)).SubmitterPhoneHash);

    public async Task SupplementAsync(HttpContext http, string? trackingCode, SupplementInput input, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var r = await SubmitterRequestAsync(http, trackingCode, ct);
        var existing = await db.RequestPhotos.CountAsync(p => p.RequestId == r.Id && p.Kind == PhotoKind.Submission, ct);
        await workflow.SupplementAsync(r, input.Note, await PhotosAsync(files, existing, ct), ct);
    }

    public async Task RateAsync(HttpContext http, string? trackingCode, FeedbackInput input, CancellationToken ct) =>
        await workflow.SubmitterFeedbackAsync(await SubmitterRequestAsync(http, trackingCode, ct), input, ct);

    public async Task<byte[]?> PhotoAsync(string? trackingCode, long photoId, CancellationToken ct)
    {
        var r = await FindAsync(trackingCode, tracked: false, ct);
        return await db.RequestPhotos.AsNoTracking().Where(p => p.Id == photoId && p.RequestId == r.Id && p.Kind != PhotoKind.Snapshot)
            .Select(p => p.Jpeg).FirstOrDefaultAsync(ct);
    }

    /// <summary>Reads and sanitises uploads: at most <see cref="IntakeOptions.MaxPhotos"/> per request, each checked by content.</summary>
    public async Task<IReadOnlyList<CleanPhoto>> PhotosAsync(IReadOnlyList<IFormFile> files, int already, CancellationToken ct)
    {
        var o = options.Value;
        var real = files.Where(f => f.Length > 0).ToList();
        if (already + real.Count > o.MaxPhotos) throw AppProblem.Invalid("photos", l["At most {0} photos.", o.MaxPhotos]);
        var result = new List<CleanPhoto>();
        foreach (var file in real)
        {
            if (file.Length > o.PhotoMaxBytes) throw AppProblem.Invalid("photos", l["A photo may be at most {0} MB.", o.PhotoMaxBytes / 1024 / 1024]);
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            result.Add(Sanitize(buffer.ToArray()));
        }
        return result;
    }

    public CleanPhoto Sanitize(byte[] bytes)
    {
        var o = options.Value;
        try { return PhotoSanitizer.Sanitize(bytes, o.PhotoMaxBytes, o.PhotoMaxPixels, o.PhotoMaxEdge); }
        catch (PhotoRefusedException e)
        {
            throw AppProblem.Invalid("photos", e.Reason switch
            {
                PhotoRefusal.TooLarge => l["A photo may be at most {0} MB.", o.PhotoMaxBytes / 1024 / 1024],
                PhotoRefusal.TooManyPixels => l["The photo is too large in pixels."],
                _ => l["This file is not a photo (JPEG, PNG, WebP or GIF)."],
            });
        }
    }

    /// <summary><c>Requests:Public:BaseUrl</c>, else the app's <c>App:PublicBaseUrl</c>, else the request's own address.</summary>
    public string BaseUrl(HttpContext http) =>
        options.Value.BaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : links.BaseUrl ?? $"{http.Request.Scheme}://{http.Request.Host}";

    private async Task<Request> SubmitterRequestAsync(HttpContext http, string? trackingCode, CancellationToken ct)
    {
        var r = await FindAsync(trackingCode, tracked: true, ct);
        if (!IsSubmitter(http, r)) throw NotSubmitter();
        return r;
    }

    private AppProblem NotSubmitter() =>
        AppProblem.Forbidden(l["Only the person who submitted this request may do this: confirm the phone number it was submitted with."]);

    private async Task<Request> FindAsync(string? trackingCode, bool tracked, CancellationToken ct)
    {
        var code = trackingCode?.Trim().ToUpperInvariant() ?? "";
        var query = db.Requests.IgnoreQueryFilters().Include(r => r.Events).Where(r => r.TrackingCode == code);
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct)
            ?? throw AppProblem.NotFound(l["No request has the tracking code {0}.", code]);
    }
}
