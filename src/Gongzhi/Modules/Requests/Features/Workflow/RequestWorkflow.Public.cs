using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Intake;

namespace Gongzhi.Modules.Requests.Features.Workflow;

/// <summary>What a resident typed, checked: trimmed texts and the active category.</summary>
public sealed record CheckedResidentInput(string Description, string? Name, string? Preferred, Domain.RequestCategory Category);

/// <summary>What a resident submits (door-plate form or their own account), once checked, their phone confirmed and the household known.</summary>
public sealed record ResidentSubmission(
    RequestChannel Channel, HouseholdRef Household, CheckedResidentInput Input, string Phone, IReadOnlyList<CleanPhoto> Photos, string BaseUrl);

/// <summary>The resident's own steps: the public create path, adding information, and rating (the submitter only; callers prove that).</summary>
public sealed partial class RequestWorkflow
{
    /// <summary>Set for the resident's own steps: their name (or masked phone) stands in the timeline and the audit instead of an account.</summary>
    private string? _submitterName;

    public const int PublicNameMax = 50;
    public const int PreferredTimeMax = 100;

    /// <summary>
    /// Creates a request from a resident: the household's node and address, the category's SLA deadlines, the phone
    /// encrypted, hashed and masked as staff-recorded ones are, photos already sanitised, and an SMS with the tracking link.
    /// </summary>
    public async Task<Request> CreateForResidentAsync(ResidentSubmission input, CancellationToken ct)
    {
        var (description, name, preferred, category) = input.Input;
        _submitterName = name ?? Masking.Phone(input.Phone);
        var request = factory.Add(new NewRequest(input.Channel, category, input.Household.AreaNodeId, input.Household.AreaPath, description, clock.GetUtcNow())
        {
            HouseholdId = input.Household.Id, Address = input.Household.Address, SubmitterName = name, SubmitterPhone = input.Phone,
            PreferredContactTime = preferred, CreatedByUserId = input.Channel == RequestChannel.ResidentWeb ? access.UserId : null,
        }, new RequestActor(null, _submitterName, NameInAudit: true), $"photos: {input.Photos.Count}");
        foreach (var photo in input.Photos) db.RequestPhotos.Add(Photo(request, PhotoKind.Submission, photo));
        var link = $"{input.BaseUrl.TrimEnd('/')}/t/{request.TrackingCode}";
        await notifier.EnqueueAsync(new OutgoingMessage(PublicIntakeSetup.Received.Code, $"request:{request.TrackingCode}:received",
            [new Recipient.Resident(0, input.Phone)], new Dictionary<string, string> { ["code"] = request.TrackingCode, ["link"] = link },
            Channels.Sms, Link: link, Urgent: true), ct);
        // Residents' submissions come in bursts (a notice, an outage): saved in groups, see GroupCommit.
        await groupCommit.SaveAsync(db, ct);
        return request;
    }

    /// <summary>Checks what the resident typed, before the phone's code is spent on it.</summary>
    public async Task<CheckedResidentInput> CheckResidentInputAsync(
        string? categoryCode, string? descriptionText, string? preferredText, string? nameText, int descriptionMax, CancellationToken ct)
    {
        var v = new Validation();
        var description = descriptionText?.Trim() ?? "";
        v.Require(description.Length is > 0 && description.Length <= descriptionMax, "description", l["Describe the request in 1 to {0} characters.", descriptionMax]);
        var name = string.IsNullOrWhiteSpace(nameText) ? null : nameText.Trim();
        v.Require(name is null or { Length: <= PublicNameMax }, "submitterName", l["At most {0} characters.", PublicNameMax]);
        var preferred = string.IsNullOrWhiteSpace(preferredText) ? null : preferredText.Trim();
        v.Require(preferred is null or { Length: <= PreferredTimeMax }, "preferredContactTime", l["At most {0} characters.", PreferredTimeMax]);
        var category = await CategoryOrNullAsync(v, categoryCode, ct);
        v.ThrowIfInvalid();
        return new CheckedResidentInput(description, name, preferred, category!);
    }

    /// <summary>The submitter adds information (text and photos) while the request is open.</summary>
    public async Task<Request> SupplementAsync(Request r, string? text, IReadOnlyList<CleanPhoto> photos, CancellationToken ct)
    {
        if (r.Status == RequestStatus.Closed) throw AppProblem.Conflict(l["The request is closed: contact the community for anything new."]);
        var note = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (note is null && photos.Count == 0) throw AppProblem.Invalid("note", l["Write what you want to add, or add a photo."]);
        if (note is { Length: > NoteMax }) throw AppProblem.Invalid("note", l["At most {0} characters.", NoteMax]);
        _submitterName = r.SubmitterName ?? r.SubmitterPhoneMasked ?? "resident";
        foreach (var photo in photos) db.RequestPhotos.Add(Photo(r, PhotoKind.Submission, photo));
        return await SaveAsync(r, RequestEventKind.Supplemented, "request.supplement", null, note ?? $"+{photos.Count} photo(s)", ct);
    }

    /// <summary>The submitter's own verdict: exactly the rules staff follow when recording it (once per resolution; not satisfied reopens).</summary>
    public async Task<Request> SubmitterFeedbackAsync(Request r, FeedbackInput input, CancellationToken ct)
    {
        Require(r, "rate", RequestStatus.Resolved);
        _submitterName = r.SubmitterName ?? r.SubmitterPhoneMasked ?? "resident";
        return await RateAsync(r, input, ct);
    }

    /// <summary>Staff photos (resolution, 随手拍) on a request the caller handles or oversees.</summary>
    public async Task<IReadOnlyList<long>> AttachPhotosAsync(long id, PhotoKind kind, IReadOnlyList<CleanPhoto> photos, CancellationToken ct)
    {
        var r = await TrackedAsync(id, ct);
        if (r.Status == RequestStatus.Closed) throw AppProblem.Conflict(l["The request is closed: contact the community for anything new."]);
        if (!await access.IsHandlerAsync(r, ct) && r.FirstResponsibleUserId != access.UserId && !access.IsAreaStaffOf(r)) throw Forbidden();
        var added = photos.Select(p => Photo(r, kind, p)).ToList();
        db.RequestPhotos.AddRange(added);
        audit.Record("request.photos", "request", r.Id, $"kind: {kind}; photos: {photos.Count}", areaPath: r.AreaPath);
        await db.SaveChangesAsync(ct);
        return [.. added.Select(p => p.Id)];
    }

    private RequestPhoto Photo(Request r, PhotoKind kind, CleanPhoto p) => new()
    {
        RequestId = r.Id, Request = r.Id == 0 ? r : null, Kind = kind, Jpeg = p.Jpeg, Width = p.Width, Height = p.Height, CreatedAt = clock.GetUtcNow(),
    };
}
