using Gongzhi.Infrastructure;
using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Care.Features.Roster;

/// <summary>
/// The care roster (关爱名册): residents of the caller's scope enrolled with a kind, a visit frequency, visitors and
/// emergency contacts (phones encrypted, shown masked). The resident is picked through the registry's contract; the
/// entry hangs on their household's node, so every list and change stays inside the caller's subtree. Each entry
/// knows when its next visit is owed (<see cref="CareEntry.NextDueOn"/>), which lists mark as due or overdue.
/// </summary>
public sealed partial class CareRoster(GongzhiDb db, IResidentDirectory residents, IAreaDirectory areas, IAccountDirectory accounts,
    PersonalDataProtector protector, AuditLog audit, TimeProvider clock, IOptions<CareOptions> options, IStringLocalizer<SharedResource> l,
    Gongzhi.Modules.Reminders.Contracts.IDueItems dueItems)
{
    public const int MaxVisitors = 5;
    public const int MaxContacts = 5;
    public const int NoteMax = 1000;

    [GeneratedRegex(@"^\+?[0-9][0-9\- ]{6,19}$")]
    private static partial Regex PhonePattern();

    /// <summary>Roles whose accounts may be assigned as visitors.</summary>
    private static readonly string[] VisitorRoles = [Roles.Grid, Roles.Community, Roles.Street, Roles.Volunteer];

    public async Task<CareEntryDetail> CreateAsync(SaveCareEntry input, CancellationToken ct)
    {
        var v = new Validation();
        ResidentRef? resident = null;
        if (input.ResidentId is not { } residentId) v.Add("residentId", l["Choose the resident."]);
        else if ((resident = await residents.FindAsync(residentId, ct)) is null)
            v.Add("residentId", l["Resident {0} is not a current resident within your area.", residentId]);
        else if (await db.CareEntries.IgnoreQueryFilters().AnyAsync(e => e.ResidentId == residentId, ct))
            v.Add("residentId", l["{0} is on the care roster already.", resident.Name]);
        var (kind, frequency, visitors, contacts, note) = await CheckAsync(v, input, ct);
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var today = BeijingTime.Date(now);
        var entry = new CareEntry
        {
            ResidentId = resident!.Id, ResidentName = resident.Name, ResidentPhoneMasked = resident.PhoneMasked, HouseholdId = resident.HouseholdId,
            Address = resident.Address, AreaNodeId = resident.AreaNodeId, AreaPath = resident.AreaPath,
            Kind = kind, FrequencyDays = frequency, VisitorsJson = CareEntry.ToJson(visitors), ContactsJson = CareEntry.ToJson(contacts), Note = note,
            // The first visit is owed within one period of enrolment.
            EnrolledOn = today, NextDueOn = today.AddDays(frequency), CreatedAt = now, UpdatedAt = now,
        };
        db.CareEntries.Add(entry);
        audit.RecordNew("care.enrol", "care-entry", entry, $"{resident.Name}; {kind}; every {frequency} days; visitors: {string.Join(",", visitors.Select(x => x.UserName))}", resident.AreaPath);
        await db.SaveChangesAsync(ct);
        // The missed-visit reminder links to the entry, so it is registered once the entry has its id (a second save).
        await Reminders.CareDueVisits.RegisterAsync(dueItems, entry, options.Value, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(entry.Id, ct);
    }

    public async Task<CareEntryDetail> UpdateAsync(long id, SaveCareEntry input, CancellationToken ct)
    {
        var entry = await TrackedAsync(id, ct);
        var v = new Validation();
        v.Require(input.ResidentId is null || input.ResidentId == entry.ResidentId, "residentId", l["The resident of an entry does not change; enrol the other resident instead."]);
        var (kind, frequency, visitors, contacts, note) = await CheckAsync(v, input, ct);
        v.ThrowIfInvalid();
        var detail = AuditLog.Join(AuditLog.Change("kind", entry.Kind, kind), AuditLog.Change("frequencyDays", entry.FrequencyDays, frequency),
            AuditLog.Change("visitors", string.Join(",", entry.Visitors.Select(x => x.UserName)), string.Join(",", visitors.Select(x => x.UserName))),
            AuditLog.Change("contacts", entry.Contacts.Count, contacts.Count));
        (entry.Kind, entry.FrequencyDays, entry.VisitorsJson, entry.ContactsJson, entry.Note, entry.UpdatedAt) =
            (kind, frequency, CareEntry.ToJson(visitors), CareEntry.ToJson(contacts), note, clock.GetUtcNow());
        entry.NextDueOn = NextDue(entry);
        audit.Record("care.update", "care-entry", entry.Id, detail, areaPath: entry.AreaPath);
        await Reminders.CareDueVisits.RegisterAsync(dueItems, entry, options.Value, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Takes a resident off the roster; an entry with visits keeps its history and is refused (409).</summary>
    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        var entry = await TrackedAsync(id, ct);
        if (await db.CareVisits.AnyAsync(x => x.EntryId == id, ct)) throw AppProblem.Conflict(l["The entry has visits on record and stays on the roster."]);
        db.CareEntries.Remove(entry);
        audit.Record("care.remove", "care-entry", entry.Id, entry.ResidentName, areaPath: entry.AreaPath);
        await Reminders.CareDueVisits.CloseAsync(dueItems, entry, ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task<CareEntryDetail> GetAsync(long id, CancellationToken ct)
    {
        var e = await db.CareEntries.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw NotFound(id);
        var visits = await db.CareVisits.AsNoTracking().Where(x => x.EntryId == id).OrderByDescending(x => x.VisitedAt).ThenByDescending(x => x.Id).Take(20).ToListAsync(ct);
        return new CareEntryDetail(Summary(e, Today(), options.Value.DueWithinDays), [.. e.Contacts.Select(c => new ContactView(c.Name, c.Relation, c.PhoneMasked))],
            e.Note, e.EnrolledOn, [.. visits.Select(View)], [.. e.CheckInWatchers.Select(w => w.UserName)]);
    }

    /// <summary>The roster in reach (or under an area), the most pressing first: by the date the next visit is owed.</summary>
    public async Task<PagedList<CareEntrySummary>> ListAsync(CareFilter filter, CancellationToken ct)
    {
        var (page, size) = Paging.Normalize(filter.Page, filter.PageSize, 50, 200);
        var query = db.CareEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Area))
        {
            var node = await areas.FindAsync(filter.Area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", filter.Area]);
            query = query.Under(e => e.AreaPath, node.Path);
        }
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            var kind = ParseKind(filter.Kind) ?? throw AppProblem.Invalid("kind", l["Unknown kind of care: {0}.", filter.Kind]);
            query = query.Where(e => e.Kind == kind);
        }
        var today = Today();
        var within = options.Value.DueWithinDays;
        if (!string.IsNullOrWhiteSpace(filter.State))
        {
            if (!Enum.TryParse<VisitState>(filter.State.Trim(), ignoreCase: true, out var state) || !Enum.IsDefined(state))
                throw AppProblem.Invalid("state", l["Unknown visit state: {0}.", filter.State]);
            var soon = today.AddDays(within);
            query = state switch
            {
                VisitState.Overdue => query.Where(e => e.NextDueOn < today),
                VisitState.Due => query.Where(e => e.NextDueOn <= soon),
                _ => query.Where(e => e.NextDueOn > soon),
            };
        }
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var q = filter.Q.Trim();
            query = query.Where(e => e.ResidentName.Contains(q) || e.Address.Contains(q));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(e => e.NextDueOn).ThenBy(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<CareEntrySummary>([.. rows.Select(e => Summary(e, today, within))], total);
    }

    public static CareKind? ParseKind(string? text) =>
        Enum.TryParse<CareKind>(text?.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _) ? kind : null;

    /// <summary>The next visit is owed one period after the last visit, or after enrolment while there was none.</summary>
    public static DateOnly NextDue(CareEntry e) =>
        (e.LastVisitedAt is { } last ? BeijingTime.Date(last) : e.EnrolledOn).AddDays(e.FrequencyDays);


    public static VisitState State(DateOnly nextDue, DateOnly today, int dueWithinDays) =>
        nextDue < today ? VisitState.Overdue : nextDue <= today.AddDays(dueWithinDays) ? VisitState.Due : VisitState.Ok;

    internal static VisitView View(CareVisit x) =>
        new(x.Id, x.EntryId, x.VisitedAt, x.VisitorName, x.Checklist, x.ProblemCount, x.Notes, x.RequestTrackingCode);

    private DateOnly Today() => BeijingTime.Date(clock.GetUtcNow());

    private static CareEntrySummary Summary(CareEntry e, DateOnly today, int within) =>
        new(e.Id, e.ResidentId, e.ResidentName, e.ResidentPhoneMasked, e.HouseholdId, e.Address, e.Kind, e.FrequencyDays, e.LastVisitedAt, e.NextDueOn,
            State(e.NextDueOn, today, within), Math.Max(0, today.DayNumber - e.NextDueOn.DayNumber), e.Visitors);

    private async Task<CareEntry> TrackedAsync(long id, CancellationToken ct) =>
        await db.CareEntries.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw NotFound(id);

    private AppProblem NotFound(long id) => AppProblem.NotFound(l["No care roster entry {0} is within your reach.", id]);

    private async Task<(CareKind Kind, int Frequency, List<CareVisitor> Visitors, List<CareContact> Contacts, string? Note)> CheckAsync(
        Validation v, SaveCareEntry input, CancellationToken ct)
    {
        var kind = ParseKind(input.Kind);
        v.Require(kind is not null, "kind", l["Choose the kind of care: living alone, empty nest, disabled, left-behind child or other."]);
        v.Require(input.FrequencyDays is >= 1 and <= 366, "frequencyDays", l["The visit frequency is 1 to {0} days.", 366]);
        var visitors = new List<CareVisitor>();
        var names = (input.Visitors ?? []).Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        v.Require(names.Count <= MaxVisitors, "visitors", l["At most {0} visitors.", MaxVisitors]);
        foreach (var name in names.Take(MaxVisitors))
        {
            var staff = await accounts.StaffAsync(name, ct);
            if (staff is null || staff.IsLocked || !VisitorRoles.Contains(staff.Role)) v.Add("visitors", l["{0} is not an active grid worker, community worker or volunteer.", name]);
            else visitors.Add(new CareVisitor(staff.UserId, staff.UserName, staff.DisplayName.Length > 0 ? staff.DisplayName : staff.UserName));
        }
        var contacts = new List<CareContact>();
        var given = (input.Contacts ?? []).Where(c => c is not null && !(string.IsNullOrWhiteSpace(c.Name) && string.IsNullOrWhiteSpace(c.Relation) && string.IsNullOrWhiteSpace(c.Phone))).ToList();
        v.Require(given.Count <= MaxContacts, "contacts", l["At most {0} emergency contacts.", MaxContacts]);
        foreach (var c in given.Take(MaxContacts))
        {
            var (name, relation, phone) = (c.Name?.Trim() ?? "", c.Relation?.Trim() ?? "", c.Phone?.Trim() ?? "");
            if (name.Length is < 1 or > 50 || relation.Length is < 1 or > 20 || !PhonePattern().IsMatch(phone))
                v.Add("contacts", l["Each emergency contact needs a name (at most {0} characters), a relation (at most {1}) and a valid phone number.", 50, 20]);
            else contacts.Add(new CareContact(name, relation, protector.Encrypt(phone), Masking.Phone(phone)));
        }
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        v.Require(note is null || note.Length <= NoteMax, "note", l["At most {0} characters.", NoteMax]);
        return (kind ?? CareKind.Other, input.FrequencyDays ?? 0, visitors, contacts, note);
    }
}
