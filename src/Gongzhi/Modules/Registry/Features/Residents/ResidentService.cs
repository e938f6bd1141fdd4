using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Tags;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Residents;

public sealed record SaveResident(
    long? HouseholdId, string? Name, string? IdNumber, string? Phone, HouseholdRelation? Relation, ResidencyType? ResidencyType,
    string? Ethnicity = null, PoliticalStatus? PoliticalStatus = null, Employment? Employment = null, HealthStatus? Health = null,
    int? DisabilityGrade = null, DateOnly? MovedInOn = null, DateOnly? BirthDate = null, Sex? Sex = null, string[]? Tags = null, string? Note = null);

public sealed record MoveResident(long? HouseholdId, HouseholdRelation? Relation, DateOnly? On);

public sealed record EndMembership(MembershipEnd? Reason, DateOnly? On);

public sealed record UnmaskRequest(string? Reason);

public sealed record UnmaskedData(string IdNumber, string? Phone);

public sealed record TagOnResident(string Code, string Name, TagKind Kind, string? SetBy, DateTimeOffset? SetAt);

/// <summary>
/// A household the resident lived in. One outside the caller's reach keeps its dates and relation but loses its id and
/// address (<see cref="OutsideYourArea"/>); <see cref="Place"/> is what to show either way.
/// </summary>
public sealed record MembershipView(long? HouseholdId, string? Address, HouseholdRelation Relation, DateOnly StartedOn, DateOnly? EndedOn, MembershipEnd? EndReason,
    bool OutsideYourArea, string Place);

public sealed record ResidentDetail(
    long Id, string Name, Sex Sex, DateOnly BirthDate, int Age, string IdNumber, string? Phone, HouseholdRelation Relation,
    ResidencyType ResidencyType, ResidentStatus Status, string? Ethnicity, PoliticalStatus? PoliticalStatus, Employment? Employment,
    HealthStatus? Health, int? DisabilityGrade, DateOnly? MovedInOn, DateOnly? MovedOutOn, string? Note, long? HouseholdId,
    string? Address, IReadOnlyList<TagOnResident> Tags, IReadOnlyList<MembershipView> Memberships);

/// <summary>
/// Residents: register, edit, move between households, end a membership (moving out, death), tag, and — for those
/// who hold the permission — show personal data unmasked, with an audit entry each time.
/// </summary>
public sealed class ResidentService(
    GongzhiDb db, PersonalDataProtector protector, TagCatalog tags, AuditLog audit, AuditHistory history, CurrentUser user, TimeProvider clock,
    IStringLocalizer<SharedResource> l, IEnumerable<Contracts.IResidentChanged> listeners, ILogger<ResidentService> log)
{
    /// <summary>
    /// Tells the other modules (<see cref="Contracts.IResidentChanged"/>) once the change has committed. A listener's
    /// failure is logged, not thrown: the registry's change stands, and the listener's nightly work catches up.
    /// </summary>
    private async Task NotifyAsync(long residentId, Contracts.ResidentChangeKind kinds, CancellationToken ct)
    {
        foreach (var listener in listeners)
        {
            try { await listener.ResidentChangedAsync(new Contracts.ResidentChange(residentId, kinds), ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "A listener ({Listener}) failed on the change of resident {ResidentId}.", listener.GetType().Name, residentId);
            }
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<ResidentDetail> GetAsync(long id, CancellationToken ct)
    {
        var r = await db.Residents.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw NotFound(id);
        var address = r.HouseholdId is { } hid ? await db.Households.AsNoTracking().IgnoreQueryFilters().Where(h => h.Id == hid).Select(h => h.Address).FirstOrDefaultAsync(ct) : null;
        var tagRows = await db.ResidentTags.AsNoTracking().Where(t => t.ResidentId == id)
            .Join(db.TagDefinitions, rt => rt.TagId, t => t.Id, (rt, t) => new TagOnResident(t.Code, t.Name, t.Kind, rt.SetBy, rt.SetAt)).ToListAsync(ct);
        foreach (var computed in SystemTags.All.Where(t => t.Kind == TagKind.Computed && r.BirthDate <= SystemTags.BornOnOrBefore(t, Today)))
            tagRows.Add(new TagOnResident(computed.Code, computed.Name, TagKind.Computed, null, null));
        var memberships = await MembershipsAsync(id, ct);
        return new ResidentDetail(r.Id, r.Name, r.Sex, r.BirthDate, Age(r.BirthDate, Today), r.IdNumberMasked, r.PhoneMasked, r.Relation, r.ResidencyType,
            r.Status, r.Ethnicity, r.PoliticalStatus, r.Employment, r.Health, r.DisabilityGrade, r.MovedInOn, r.MovedOutOn, r.Note,
            r.HouseholdId, address, tagRows, memberships);
    }

    /// <summary>
    /// The resident's history (newest first). A resident who moved into the caller's area brings entries naming the
    /// households they left; those addresses are outside the caller's reach and are replaced by a marker.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(long id, int take, CancellationToken ct)
    {
        if (!await db.Residents.AnyAsync(r => r.Id == id, ct)) throw NotFound(id);
        var entries = await history.ForAsync("resident", id.ToString(), take, ct);
        var memberships = await MembershipsWithAddressesAsync(id, ct);
        var visible = memberships.Where(m => m.Visible).Select(m => m.Address).ToHashSet();
        var hidden = memberships.Where(m => !m.Visible && !visible.Contains(m.Address)).Select(m => m.Address).Distinct()
            .OrderByDescending(a => a.Length).ToList();
        if (hidden.Count == 0) return entries;
        var outside = l["Outside your area"].Value;
        // Details put an address at the start or end or around " → " ("张三 → 地址", "旧 → 新", "2026-01-02 地址"):
        // match whole addresses only, so an address that merely starts like a hidden one stays as it is.
        var pattern = new System.Text.RegularExpressions.Regex(
            @"(?<=^|\s)(?:" + string.Join("|", hidden.Select(System.Text.RegularExpressions.Regex.Escape)) + @")(?=$|\s)");
        return entries.Select(e => e.Detail is null ? e : e with { Detail = pattern.Replace(e.Detail, outside), Summary = pattern.Replace(e.Summary ?? "", outside) }).ToList();
    }

    private async Task<List<MembershipView>> MembershipsAsync(long id, CancellationToken ct)
    {
        var outside = l["Outside your area"].Value;
        return (await MembershipsWithAddressesAsync(id, ct)).Select(m => m.Visible
            ? new MembershipView(m.HouseholdId, m.Address, m.Relation, m.StartedOn, m.EndedOn, m.EndReason, false, m.Address)
            : new MembershipView(null, null, m.Relation, m.StartedOn, m.EndedOn, m.EndReason, true, outside)).ToList();
    }

    private sealed record MembershipRow(long HouseholdId, string Address, HouseholdRelation Relation, DateOnly StartedOn, DateOnly? EndedOn, MembershipEnd? EndReason, bool Visible);

    /// <summary>Every membership with its household's address, and whether the caller can see that household.</summary>
    private async Task<List<MembershipRow>> MembershipsWithAddressesAsync(long id, CancellationToken ct)
    {
        var rows = await db.HouseholdMemberships.AsNoTracking().Where(m => m.ResidentId == id).OrderByDescending(m => m.StartedOn).ThenByDescending(m => m.Id)
            .Join(db.Households.IgnoreQueryFilters(), m => m.HouseholdId, h => h.Id, (m, h) => new { m.HouseholdId, h.Address, m.Relation, m.StartedOn, m.EndedOn, m.EndReason })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.HouseholdId).Distinct().ToList();
        // The data-scope filter decides, exactly as it does for GET /api/households/{id}.
        var visible = (await db.Households.AsNoTracking().Where(h => ids.Contains(h.Id)).Select(h => h.Id).ToListAsync(ct)).ToHashSet();
        return rows.Select(r => new MembershipRow(r.HouseholdId, r.Address, r.Relation, r.StartedOn, r.EndedOn, r.EndReason, visible.Contains(r.HouseholdId))).ToList();
    }

    public async Task<Resident> CreateAsync(SaveResident input, CancellationToken ct)
    {
        EnsureEditor();
        var v = new Validation();
        v.Require(input.HouseholdId is not null, "householdId", l["Choose the household."]);
        var (id, phone, tagList) = await ValidateAsync(v, input, null, ct);
        v.ThrowIfInvalid();
        var household = await db.Households.FirstOrDefaultAsync(h => h.Id == input.HouseholdId, ct)
                        ?? throw AppProblem.NotFound(l["No household {0} is within your reach.", input.HouseholdId!]);
        if (household.RetiredAt is not null) throw AppProblem.Conflict(l["The household is retired; restore it first."]);

        var now = clock.GetUtcNow();
        var resident = new Resident
        {
            HouseholdId = household.Id, AreaPath = household.AreaPath, Name = input.Name!.Trim(),
            IdNumberCipher = protector.Encrypt(id!.Value.Value), IdNumberHash = protector.LookupHash(id.Value.Value), IdNumberMasked = Masking.IdNumber(id.Value.Value),
            Sex = id.Value.Sex, BirthDate = id.Value.BirthDate, Relation = input.Relation ?? HouseholdRelation.Other,
            ResidencyType = input.ResidencyType ?? ResidencyType.Registered, CreatedAt = now, UpdatedAt = now,
        };
        SetPhone(resident, phone);
        SearchTails.Fill(resident, protector, id.Value.Value, phone);
        Apply(resident, input);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Residents.Add(resident);
        household.MemberCount++;
        await db.SaveChangesAsync(ct);
        db.HouseholdMemberships.Add(new HouseholdMembership { ResidentId = resident.Id, HouseholdId = household.Id, Relation = resident.Relation, StartedOn = input.MovedInOn ?? Today });
        await SetTagsAsync(resident, tagList, ct);
        audit.Record("resident.create", "resident", resident.Id, $"{resident.Name} → {household.Address}", areaPath: household.AreaPath);
        audit.Record("household.member-added", "household", household.Id, resident.Name, areaPath: household.AreaPath);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return resident;
    }

    public async Task<Resident> UpdateAsync(long id, SaveResident input, CancellationToken ct)
    {
        EnsureEditor();
        var resident = await db.Residents.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFound(id);
        var v = new Validation();
        var (number, phone, tagList) = await ValidateAsync(v, input, resident, ct);
        v.ThrowIfInvalid();
        var changes = new List<string?>
        {
            AuditLog.Change("name", resident.Name, input.Name!.Trim()),
            !protector.LookupHashes(number!.Value.Value).Contains(resident.IdNumberHash) ? $"idNumber: {resident.IdNumberMasked} → {Masking.IdNumber(number.Value.Value)}" : null,
            (phone is null ? resident.PhoneHash is not null : resident.PhoneHash is null || !protector.LookupHashes(phone).Contains(resident.PhoneHash)) ? $"phone: {resident.PhoneMasked} → {(phone is null ? "" : Masking.Phone(phone))}" : null,
            AuditLog.Change("relation", resident.Relation, input.Relation ?? resident.Relation),
            AuditLog.Change("residencyType", resident.ResidencyType, input.ResidencyType ?? resident.ResidencyType),
            AuditLog.Change("politicalStatus", resident.PoliticalStatus, input.PoliticalStatus),
            AuditLog.Change("disabilityGrade", resident.DisabilityGrade, input.DisabilityGrade),
        };
        resident.Name = input.Name.Trim();
        resident.IdNumberCipher = protector.Encrypt(number.Value.Value);
        resident.IdNumberHash = protector.LookupHash(number.Value.Value);
        resident.IdNumberMasked = Masking.IdNumber(number.Value.Value);
        resident.Sex = number.Value.Sex;
        resident.BirthDate = number.Value.BirthDate;
        resident.Relation = input.Relation ?? resident.Relation;
        resident.ResidencyType = input.ResidencyType ?? resident.ResidencyType;
        SetPhone(resident, phone);
        SearchTails.Fill(resident, protector, number.Value.Value, phone);
        Apply(resident, input);
        resident.UpdatedAt = clock.GetUtcNow();
        if (input.Tags is not null) changes.Add(await SetTagsAsync(resident, tagList, ct));
        audit.Record("resident.update", "resident", id, AuditLog.Join([.. changes]), areaPath: resident.AreaPath);
        await db.SaveChangesAsync(ct);
        await NotifyAsync(id, Contracts.ResidentChangeKind.Details | (input.Tags is null ? 0 : Contracts.ResidentChangeKind.Tags), ct);
        return resident;
    }

    /// <summary>Replaces the staff-set tags only (the tag form of the resident page).</summary>
    public async Task<Resident> ReplaceTagsAsync(long id, string[] codes, CancellationToken ct)
    {
        EnsureEditor();
        var resident = await db.Residents.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFound(id);
        var wanted = await tags.ResolveAsync(codes, "tags", ct);
        if (wanted.Any(t => t.Kind == TagKind.Computed)) throw AppProblem.Invalid("tags", l["Age bands follow the birth date and are not set by hand."]);
        var change = await SetTagsAsync(resident, wanted, ct);
        resident.UpdatedAt = clock.GetUtcNow();
        if (change is not null) audit.Record("resident.update", "resident", id, change, areaPath: resident.AreaPath);
        await db.SaveChangesAsync(ct);
        if (change is not null) await NotifyAsync(id, Contracts.ResidentChangeKind.Tags, ct);
        return resident;
    }

    public async Task<Resident> MoveAsync(long id, MoveResident input, CancellationToken ct)
    {
        EnsureEditor();
        var resident = await db.Residents.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFound(id);
        if (input.HouseholdId is null) throw AppProblem.Invalid("householdId", l["Choose the household."]);
        var target = await db.Households.FirstOrDefaultAsync(h => h.Id == input.HouseholdId, ct)
                     ?? throw AppProblem.NotFound(l["No household {0} is within your reach.", input.HouseholdId]);
        if (target.RetiredAt is not null) throw AppProblem.Conflict(l["The household is retired; restore it first."]);
        if (resident.HouseholdId == target.Id) return resident;
        var on = input.On ?? Today;
        if (on > Today) throw AppProblem.Invalid("on", l["The date lies in the future."]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = await CloseMembershipAsync(resident, on, MembershipEnd.MovedHousehold, ct);
        resident.HouseholdId = target.Id;
        resident.AreaPath = target.AreaPath;
        resident.Relation = input.Relation ?? HouseholdRelation.Other;
        resident.Status = ResidentStatus.Active;
        resident.MovedOutOn = null;
        resident.UpdatedAt = clock.GetUtcNow();
        target.MemberCount++;
        db.HouseholdMemberships.Add(new HouseholdMembership { ResidentId = id, HouseholdId = target.Id, Relation = resident.Relation, StartedOn = on });
        audit.Record("resident.move", "resident", id, $"{from?.Address ?? "-"} → {target.Address}", areaPath: target.AreaPath);
        if (from is not null) audit.Record("household.member-left", "household", from.Id, resident.Name, areaPath: from.AreaPath);
        audit.Record("household.member-added", "household", target.Id, resident.Name, areaPath: target.AreaPath);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await NotifyAsync(id, Contracts.ResidentChangeKind.Household, ct);
        return resident;
    }

    /// <summary>Moving out of the area or death: the membership ends, the person and their history stay.</summary>
    public async Task<Resident> EndAsync(long id, EndMembership input, CancellationToken ct)
    {
        EnsureEditor();
        var resident = await db.Residents.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFound(id);
        if (input.Reason is not (MembershipEnd.MovedOut or MembershipEnd.Deceased))
            throw AppProblem.Invalid("reason", l["Say why the membership ends: moved out or deceased."]);
        if (resident.Status != ResidentStatus.Active) throw AppProblem.Conflict(l["The resident is no longer registered in a household."]);
        var on = input.On ?? Today;
        if (on > Today || on < resident.BirthDate) throw AppProblem.Invalid("on", l["The date lies in the future."]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var from = await CloseMembershipAsync(resident, on, input.Reason.Value, ct);
        resident.HouseholdId = null;
        resident.Status = input.Reason == MembershipEnd.Deceased ? ResidentStatus.Deceased : ResidentStatus.MovedOut;
        resident.MovedOutOn = on;
        resident.UpdatedAt = clock.GetUtcNow();
        audit.Record(input.Reason == MembershipEnd.Deceased ? "resident.deceased" : "resident.moved-out", "resident", id, $"{on:yyyy-MM-dd} {from?.Address}", areaPath: resident.AreaPath);
        if (from is not null) audit.Record("household.member-left", "household", from.Id, resident.Name, areaPath: from.AreaPath);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await NotifyAsync(id, Contracts.ResidentChangeKind.Ended, ct);
        return resident;
    }

    public async Task<UnmaskedData> UnmaskAsync(long id, UnmaskRequest input, CancellationToken ct)
    {
        if (!user.CanUnmask) throw AppProblem.Forbidden(l["Showing personal data unmasked needs the unmask permission."]);
        if (input.Reason is { Length: > 200 }) throw AppProblem.Invalid("reason", l["The reason is at most {0} characters.", 200]);
        var resident = await db.Residents.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw NotFound(id);
        audit.Record("resident.unmask", "resident", id, string.IsNullOrWhiteSpace(input.Reason) ? "idNumber, phone" : $"idNumber, phone; reason: {input.Reason.Trim()}", areaPath: resident.AreaPath);
        await db.SaveChangesAsync(ct);
        return new UnmaskedData(protector.Decrypt(resident.IdNumberCipher), resident.PhoneCipher is null ? null : protector.Decrypt(resident.PhoneCipher));
    }

    /// <summary>Exact lookup by resident ID number through the keyed hash; null when not registered or out of reach.</summary>
    public async Task<long?> FindByIdNumberAsync(string idNumber, CancellationToken ct)
    {
        var hashes = protector.LookupHashes(idNumber);
        return await db.Residents.Where(r => hashes.Contains(r.IdNumberHash)).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
    }

    public static int Age(DateOnly birth, DateOnly today) => today.Year - birth.Year - (today < birth.AddYears(today.Year - birth.Year) ? 1 : 0);

    private async Task<(ResidentIdNumber? Id, string? Phone, IReadOnlyList<TagDefinition> Tags)> ValidateAsync(Validation v, SaveResident input, Resident? existing, CancellationToken ct)
    {
        var name = input.Name?.Trim() ?? "";
        v.Require(name.Length is > 0 and <= 50, "name", l["Enter a name of at most {0} characters.", 50]);
        v.Require(!ResidentRules.LooksExecutable(name) && !ResidentRules.LooksExecutable(input.Note), "name", l["Formulas and scripts are not accepted as text."]);
        var id = ResidentRules.IdNumber(v, l, input.IdNumber, Today);
        ResidentRules.Agrees(v, l, id, input.BirthDate, input.Sex);
        ResidentRules.Dates(v, l, id?.BirthDate, input.MovedInOn, Today);
        var phone = ResidentRules.Phone(v, l, input.Phone);
        v.Require(input.DisabilityGrade is null or (>= 1 and <= 4), "disabilityGrade", l["The disability grade is 1 to 4."]);
        v.Require((input.Ethnicity?.Trim().Length ?? 0) <= 20, "ethnicity", l["The name is at most {0} characters.", 20]);
        v.Require((input.Note?.Length ?? 0) <= 500, "note", l["The note is at most {0} characters.", 500]);
        IReadOnlyList<TagDefinition> tagList = [];
        try { tagList = await tags.ResolveAsync(input.Tags ?? [], "tags", ct); }
        catch (AppProblem p) { v.Add("tags", p.Detail); }
        if (tagList.Any(t => t.Kind == TagKind.Computed)) v.Add("tags", l["Age bands follow the birth date and are not set by hand."]);
        if (id is not null)
        {
            var hashes = protector.LookupHashes(id.Value.Value);
            // Across the whole registry, not only the caller's scope: one person, one record.
            if (await db.Residents.IgnoreQueryFilters().AnyAsync(r => hashes.Contains(r.IdNumberHash) && r.Id != (existing == null ? 0 : existing.Id), ct))
                throw new AppProblem(409, l["This ID number is already registered."], new Dictionary<string, string[]> { ["idNumber"] = [l["This ID number is already registered."]] });
        }
        return (id, phone, tagList);
    }

    private void SetPhone(Resident resident, string? phone)
    {
        resident.PhoneCipher = phone is null ? null : protector.Encrypt(phone);
        resident.PhoneHash = phone is null ? null : protector.LookupHash(phone);
        resident.PhoneMasked = phone is null ? null : Masking.Phone(phone);
    }

    private static void Apply(Resident resident, SaveResident input)
    {
        resident.Ethnicity = string.IsNullOrWhiteSpace(input.Ethnicity) ? null : input.Ethnicity.Trim();
        resident.PoliticalStatus = input.PoliticalStatus;
        resident.Employment = input.Employment;
        resident.Health = input.Health;
        resident.DisabilityGrade = input.DisabilityGrade;
        resident.MovedInOn = input.MovedInOn;
        resident.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
    }

    /// <summary>
    /// Replaces the staff-set tags; the party-member and disabled tags also follow political status and disability
    /// grade. Answers an audit description of what changed.
    /// </summary>
    private async Task<string?> SetTagsAsync(Resident resident, IReadOnlyList<TagDefinition> wanted, CancellationToken ct)
    {
        var all = await db.TagDefinitions.ToListAsync(ct);
        var set = wanted.ToList();
        foreach (var implied in SystemTags.Implied(resident.PoliticalStatus, resident.DisabilityGrade).Select(t => all.First(d => d.Code == t.Code)))
            if (!set.Contains(implied)) set.Add(implied);

        var current = resident.Id == 0 ? [] : await db.ResidentTags.Where(t => t.ResidentId == resident.Id).ToListAsync(ct);
        var removed = current.Where(c => set.All(s => s.Id != c.TagId)).ToList();
        var added = set.Where(s => current.All(c => c.TagId != s.Id)).ToList();
        db.ResidentTags.RemoveRange(removed);
        foreach (var tag in added)
            db.ResidentTags.Add(new ResidentTag { ResidentId = resident.Id, TagId = tag.Id, SetBy = user.UserName ?? "system", SetAt = clock.GetUtcNow() });
        resident.SystemTagBits = set.Where(t => t.Bit is not null).Aggregate(0L, (m, t) => m | (1L << t.Bit!.Value));
        if (removed.Count == 0 && added.Count == 0) return null;
        string Names(IEnumerable<long> ids) => string.Join("、", all.Where(t => ids.Contains(t.Id)).Select(t => t.Name));
        return $"tags: +[{Names(added.Select(a => a.Id))}] -[{Names(removed.Select(r => r.TagId))}]";
    }

    private async Task<Household?> CloseMembershipAsync(Resident resident, DateOnly on, MembershipEnd reason, CancellationToken ct)
    {
        if (resident.HouseholdId is not { } householdId) return null;
        var open = await db.HouseholdMemberships.Where(m => m.ResidentId == resident.Id && m.EndedOn == null).ToListAsync(ct);
        foreach (var m in open)
        {
            m.EndedOn = on < m.StartedOn ? m.StartedOn : on;
            m.EndReason = reason;
        }
        var household = await db.Households.IgnoreQueryFilters().FirstAsync(h => h.Id == householdId, ct);
        household.MemberCount = Math.Max(0, household.MemberCount - 1);
        return household;
    }

    private void EnsureEditor()
    {
        if (!user.CanManageHouseholds) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
    }

    private AppProblem NotFound(long id) => AppProblem.NotFound(l["No resident {0} is within your reach.", id]);
}
