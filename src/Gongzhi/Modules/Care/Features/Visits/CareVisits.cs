using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Modules.Requests.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Care.Features.Visits;

/// <summary>
/// 三三探访 on a phone: a visitor records the nine checks of 三问三检三清 for a resident on the roster within their
/// scope (outside it the entry is not found, and nothing is written), which moves the entry's next due date; from a
/// visit that found a problem, one request is raised for the household through the requests module's contract, and
/// its tracking code kept on the visit.
/// </summary>
public sealed class CareVisits(GongzhiDb db, IRequestIntake intake, CurrentUser user, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l,
    Gongzhi.Modules.Reminders.Contracts.IDueItems dueItems, Microsoft.Extensions.Options.IOptions<CareOptions> options)
{
    public const int NoteMax = 200;
    public const int NotesMax = 2000;

    public async Task<VisitView> RecordAsync(long entryId, RecordVisit input, CancellationToken ct)
    {
        var entry = await db.CareEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct)
                    ?? throw AppProblem.NotFound(l["No care roster entry {0} is within your reach.", entryId]);
        var v = new Validation();
        var given = (input.Checklist ?? []).Where(c => c is not null).ToList();
        var results = new List<CheckResult>();
        foreach (var item in CareChecklist.Items)
        {
            var found = given.Where(c => string.Equals(c.Item?.Trim(), item, StringComparison.OrdinalIgnoreCase)).ToList();
            var note = found.Count == 1 && !string.IsNullOrWhiteSpace(found[0].Note) ? found[0].Note!.Trim() : null;
            if (found.Count != 1 || found[0].Ok is null) v.Add("checklist", l["Mark {0} as ok or a problem.", ItemName(item)]);
            else if (found[0].Ok == false && note is null) v.Add("checklist", l["Say what the problem with {0} is.", ItemName(item)]);
            else if (note is { Length: > NoteMax }) v.Add("checklist", l["A note is at most {0} characters.", NoteMax]);
            else results.Add(new CheckResult(item, found[0].Ok!.Value, note));
        }
        foreach (var unknown in given.Where(c => !CareChecklist.Items.Contains(c.Item?.Trim().ToLowerInvariant())))
            v.Add("checklist", l["{0} is not an item of the checklist.", unknown.Item ?? ""]);
        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        v.Require(notes is null || notes.Length <= NotesMax, "notes", l["At most {0} characters.", NotesMax]);
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var visit = new CareVisit
        {
            EntryId = entry.Id, AreaPath = entry.AreaPath, VisitedAt = now, VisitorUserId = user.Id, VisitorName = user.DisplayName ?? user.UserName ?? "system",
            ChecklistJson = CareEntry.ToJson(results), ProblemCount = results.Count(r => !r.Ok), Notes = notes,
        };
        db.CareVisits.Add(visit);
        if (entry.LastVisitedAt is null || entry.LastVisitedAt < now) entry.LastVisitedAt = now;
        entry.NextDueOn = CareRoster.NextDue(entry);
        entry.UpdatedAt = now;
        audit.RecordNew("care.visit", "care-visit", visit,
            $"{entry.ResidentName}; problems: {string.Join(",", results.Where(r => !r.Ok).Select(r => r.Item))}", entry.AreaPath);
        // The visit is made: the reminder moves to the next one (its schedule starts afresh for the new date).
        await Reminders.CareDueVisits.RegisterAsync(dueItems, entry, options.Value, ct);
        await db.SaveChangesAsync(ct);
        return CareRoster.View(visit);
    }

    public async Task<VisitView> GetAsync(long id, CancellationToken ct) =>
        CareRoster.View(await db.CareVisits.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw NotFound(id));

    /// <summary>
    /// One request per visit with a problem, placed on the household; the request and the link to it are saved in one
    /// transaction, so a refused request leaves the visit as it was.
    /// </summary>
    public async Task<VisitView> RaiseRequestAsync(long visitId, RaiseRequest input, CancellationToken ct)
    {
        var visit = await db.CareVisits.FirstOrDefaultAsync(x => x.Id == visitId, ct) ?? throw NotFound(visitId);
        if (visit.ProblemCount == 0) throw AppProblem.Conflict(l["The visit found no problem to raise a request for."]);
        if (visit.RequestTrackingCode is not null) throw AppProblem.Conflict(l["A request was raised from this visit already: {0}.", visit.RequestTrackingCode]);
        var entry = await db.CareEntries.AsNoTracking().FirstAsync(e => e.Id == visit.EntryId, ct);
        var description = string.IsNullOrWhiteSpace(input.Description)
            ? l["Care visit to {0} found: {1}", entry.ResidentName, string.Join("; ", visit.Checklist.Where(c => !c.Ok).Select(c => $"{ItemName(c.Item)}: {c.Note}"))].Value
            : input.Description;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the visit first: a second raise at the same moment waits on this row and then finds it taken.
        if (await db.CareVisits.Where(x => x.Id == visitId && x.RequestTrackingCode == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.RequestTrackingCode, "-"), ct) == 0)
            throw AppProblem.Conflict(l["A request is being raised from this visit already."]);
        var request = await intake.RecordForHouseholdAsync(new HouseholdRequest(entry.HouseholdId, input.CategoryCode, description, entry.ResidentName, $"care visit {visit.Id}"), ct);
        visit.RequestTrackingCode = request.TrackingCode;
        audit.Record("care.request", "care-visit", visit.Id, request.TrackingCode, areaPath: visit.AreaPath);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CareRoster.View(visit);
    }

    private string ItemName(string item) => item switch
    {
        "health" => l["Health"], "meals" => l["Meals"], "family" => l["Family"], "water" => l["Water"], "electricity" => l["Electricity"],
        "gas" => l["Gas"], "rubbish" => l["Rubbish"], "clutter" => l["Clutter"], "passage" => l["Passage"], _ => item,
    };

    private AppProblem NotFound(long id) => AppProblem.NotFound(l["No care visit {0} is within your reach.", id]);
}
