using System.Security.Cryptography;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Requests.Domain;

namespace Gongzhi.Modules.Requests.Features.Workflow;

/// <summary>What a channel knows when a request comes in, already checked by that channel; the factory derives the rest.</summary>
public sealed record NewRequest(
    RequestChannel Channel, RequestCategory Category, long AreaNodeId, string AreaPath, string Description, DateTimeOffset SubmittedAt)
{
    public long? HouseholdId { get; init; }
    public string? Address { get; init; }
    public string? SubmitterName { get; init; }
    public string? SubmitterPhone { get; init; }
    public string? PreferredContactTime { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    /// <summary>The staff account that recorded it; null for the public form's door plate and for imports.</summary>
    public string? CreatedByUserId { get; init; }
    public string? HotlineCaseNumber { get; init; }
}

/// <summary>Who a request's first timeline step and audit entry name: an account, a resident, or an outside system.</summary>
public sealed record RequestActor(string? UserId, string Name, bool NameInAudit);

/// <summary>
/// The one way a request comes to be, whatever its channel (staff, the public form, the hotline, Open311): a tracking
/// code, the category's service-level deadlines counted from submission, the phone encrypted, hashed and masked, the
/// Submitted event, and the audit entry in the same unit of work. The caller saves, with anything else it adds.
/// </summary>
public sealed class RequestFactory(GongzhiDb db, PersonalDataProtector protector, AuditLog audit, TimeProvider clock)
{
    public Request Add(NewRequest n, RequestActor actor, params string?[] auditDetail)
    {
        var phone = n.SubmitterPhone;
        var request = new Request
        {
            TrackingCode = NewTrackingCode(), Channel = n.Channel, CategoryId = n.Category.Id, AreaNodeId = n.AreaNodeId, AreaPath = n.AreaPath,
            HouseholdId = n.HouseholdId, Address = n.Address, SubmitterName = n.SubmitterName, Description = n.Description,
            PreferredContactTime = n.PreferredContactTime,
            SubmitterPhoneCipher = phone is null ? null : protector.Encrypt(phone), SubmitterPhoneHash = phone is null ? null : protector.LookupHash(phone),
            SubmitterPhoneMasked = phone is null ? null : Masking.Phone(phone),
            Latitude = n.Latitude, Longitude = n.Longitude, CreatedByUserId = n.CreatedByUserId, HotlineCaseNumber = n.HotlineCaseNumber,
            SubmittedAt = n.SubmittedAt,
            AcceptDueAt = n.SubmittedAt.AddHours(n.Category.AcceptWithinHours), ResolveDueAt = n.SubmittedAt.AddHours(n.Category.ResolveWithinHours),
        };
        request.Events.Add(new RequestEvent
        {
            At = clock.GetUtcNow(), Kind = RequestEventKind.Submitted, ActorUserId = actor.UserId, ActorName = actor.Name, Note = n.Channel.ToString(),
        });
        db.Requests.Add(request);
        audit.RecordNew("request.create", "request", request,
            AuditLog.Join([$"channel: {n.Channel}", $"category: {n.Category.Code}", .. auditDetail]), userName: actor.NameInAudit ? actor.Name : null);
        return request;
    }

    /// <summary>12 characters of an alphabet without look-alikes: 31^12 ≈ 7.9e17 codes, drawn from a CSPRNG.</summary>
    public static string NewTrackingCode() => RandomNumberGenerator.GetString("23456789ABCDEFGHJKLMNPQRSTUVWXYZ", 12);
}
