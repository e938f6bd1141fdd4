using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.Sessions;

/// <summary>A 书记有约 session to record: when, where, the area it serves, the secretary (default: the caller) and notes.</summary>
public sealed record SaveSession(DateOnly? HeldOn, string? Place, string? AreaCode, string? SecretaryUserName = null, string? Notes = null);

public sealed record SessionSummary(long Id, DateOnly HeldOn, string Place, string SecretaryName, string AreaName, int Matters, int Open);

/// <summary>A matter taken at the session and where it stands: 谁受理 (first responsible)、谁处置 (handler)、谁反馈 (feedback and return visit).</summary>
public sealed record SessionMatter(long Id, string TrackingCode, string CategoryName, RequestStatus Status, string Description, string? SubmitterName,
    string? FirstResponsibleName, string? HandlerName, DateTimeOffset? ResolvedAt, bool? Satisfied, int? SatisfactionScore, DateTimeOffset? ReturnVisitAt);

public sealed record SessionDetail(SessionSummary Session, string? Notes, string AreaCode, IReadOnlyList<SessionMatter> Matters);

/// <summary>
/// 书记有约 sessions: community and street staff record a session; the requests taken there are made through the
/// ordinary workflow (channel SecretarySession) and point at it; the session's page follows each one to its end.
/// </summary>
public sealed class SecretarySessions(GongzhiDb db, RequestWorkflow workflow, RequestAccess access, IAreaDirectory areas, IAccountDirectory accounts,
    AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>Secretaries' sessions are held and recorded by community and street staff (and admins).</summary>
    public bool MayRecord => access.IsAdmin || access.IsInRole(Roles.Street) || access.IsInRole(Roles.Community);

    public async Task<SessionSummary> CreateAsync(SaveSession input, CancellationToken ct)
    {
        if (!MayRecord) throw AppProblem.Forbidden(l["Only community and street staff record secretary's sessions."]);
        var v = new Validation();
        var place = input.Place?.Trim() ?? "";
        v.Require(place.Length is > 0 and <= 200, "place", l["Enter the place (at most {0} characters).", 200]);
        v.Require(input.HeldOn is not null, "heldOn", l["Enter the date of the session."]);
        var today = BeijingTime.Today(clock);
        v.Require(input.HeldOn is null || (input.HeldOn <= today.AddDays(60) && input.HeldOn >= today.AddYears(-2)), "heldOn", l["The date is not plausible."]);
        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        v.Require(notes is null || notes.Length <= RequestWorkflow.NoteMax, "notes", l["At most {0} characters.", RequestWorkflow.NoteMax]);
        AreaRef? node = null;
        if (string.IsNullOrWhiteSpace(input.AreaCode)) v.Add("areaCode", l["Choose the area."]);
        else if ((node = await areas.FindAsync(input.AreaCode.Trim(), ct)) is null) v.Add("areaCode", l["No area node with code {0} is within your reach.", input.AreaCode]);
        string? secretaryId = access.UserId, secretaryName = access.ActorName;
        if (!string.IsNullOrWhiteSpace(input.SecretaryUserName))
        {
            var staff = await accounts.StaffAsync(input.SecretaryUserName.Trim(), ct);
            if (staff is null || staff.IsLocked || staff.Role is not (Roles.Community or Roles.Street))
                v.Add("secretaryUserName", l["{0} is not an active community or street worker.", input.SecretaryUserName]);
            else (secretaryId, secretaryName) = (staff.UserId, staff.DisplayName.Length > 0 ? staff.DisplayName : staff.UserName);
        }
        v.ThrowIfInvalid();
        var session = new SecretarySession
        {
            HeldOn = input.HeldOn!.Value, Place = place, AreaNodeId = node!.Id, AreaPath = node.Path, SecretaryUserId = secretaryId,
            SecretaryName = secretaryName, Notes = notes, CreatedAt = clock.GetUtcNow(), CreatedByUserId = access.UserId,
        };
        db.SecretarySessions.Add(session);
        audit.RecordNew("secretary-session.create", "secretary-session", session, $"{session.HeldOn:yyyy-MM-dd} {place}; secretary: {secretaryName}", node.Path);
        await db.SaveChangesAsync(ct);
        return new SessionSummary(session.Id, session.HeldOn, place, secretaryName, node.Name, 0, 0);
    }

    /// <summary>Records a matter taken at the session: a request of channel SecretarySession, in the same transaction as its link to the session.</summary>
    public async Task<Request> AddRequestAsync(long sessionId, CreateRequest input, CancellationToken ct)
    {
        var session = await db.SecretarySessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct)
                      ?? throw AppProblem.NotFound(l["No secretary's session {0} is within your reach.", sessionId]);
        // Matters stay inside the session's area, so whoever sees the session may follow all of them.
        if (!string.IsNullOrWhiteSpace(input.AreaCode) && await areas.FindAsync(input.AreaCode.Trim(), ct) is { } node && !node.Path.StartsWith(session.AreaPath, StringComparison.Ordinal))
            throw AppProblem.Invalid("areaCode", l["Matters of this session lie in its area."]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = await workflow.CreateAsync(input with { Channel = RequestChannel.SecretarySession }, ct);
        if (!request.AreaPath.StartsWith(session.AreaPath, StringComparison.Ordinal))
            throw AppProblem.Invalid("householdId", l["Matters of this session lie in its area."]);
        request.SessionId = session.Id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request;
    }

    /// <summary>The sessions in the caller's subtree, newest first, with how many matters each took and how many are still open.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListAsync(string? areaCode, CancellationToken ct)
    {
        var query = db.SecretarySessions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(areaCode))
        {
            var node = await areas.FindAsync(areaCode.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", areaCode]);
            query = query.Under(s => s.AreaPath, node.Path);
        }
        var rows = await query.OrderByDescending(s => s.HeldOn).ThenByDescending(s => s.Id).Take(200)
            .Select(s => new
            {
                s.Id, s.HeldOn, s.Place, s.SecretaryName, s.AreaNodeId,
                Matters = db.Requests.IgnoreQueryFilters().Count(r => r.SessionId == s.Id),
                Open = db.Requests.IgnoreQueryFilters().Count(r => r.SessionId == s.Id && r.Status != RequestStatus.Closed),
            }).ToListAsync(ct);
        var names = (await areas.NamesAsync(rows.Select(r => r.AreaNodeId).Distinct().ToList(), ct)).ToDictionary(a => a.Id, a => a.Name);
        return [.. rows.Select(r => new SessionSummary(r.Id, r.HeldOn, r.Place, r.SecretaryName, names.GetValueOrDefault(r.AreaNodeId, ""), r.Matters, r.Open))];
    }

    public async Task<SessionDetail> GetAsync(long id, CancellationToken ct)
    {
        var s = await db.SecretarySessions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw AppProblem.NotFound(l["No secretary's session {0} is within your reach.", id]);
        // The session is within reach, so are the matters taken at it (they hang on its area or below it, or the
        // caller took them): list them all, the call-back needs each one.
        var matters = await (
            from r in db.Requests.IgnoreQueryFilters().AsNoTracking()
            where r.SessionId == id
            join c in db.RequestCategories on r.CategoryId equals c.Id
            orderby r.SubmittedAt
            select new SessionMatter(r.Id, r.TrackingCode, c.Name, r.Status, r.Description, r.SubmitterName, r.FirstResponsibleName, r.HandlerName,
                r.ResolvedAt, r.Satisfied, r.SatisfactionScore, r.ReturnVisitAt)).ToListAsync(ct);
        var area = (await areas.NamesAsync([s.AreaNodeId], ct)).FirstOrDefault();
        return new SessionDetail(new SessionSummary(s.Id, s.HeldOn, s.Place, s.SecretaryName, area?.Name ?? "", matters.Count, matters.Count(m => m.Status != RequestStatus.Closed)),
            s.Notes, area?.Code ?? "", matters);
    }
}
