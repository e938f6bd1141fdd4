using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Infrastructure.Spreadsheets;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Modules.Registry.Features.Residents;
using Gongzhi.Modules.Registry.Features.Tags;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Import;

public sealed record ImportError(int Row, string Field, string Message);

public sealed record ImportReport(long RunId, int Rows, int Added, int Updated, int Unchanged, int Rejected, IReadOnlyList<ImportError> Errors);

/// <summary>
/// One-form collection (一表采集): reads the filled template row by row, checks every row, and applies the valid
/// ones in batches. A household is applied whole or not at all: when one of its rows is wrong, its other rows in
/// the batch are rejected with it. Each batch is one transaction. Re-importing the same file changes nothing.
/// The residents the committed batches added or changed are told to the other modules in one call at the end
/// (<see cref="Contracts.IResidentChanged.ResidentsChangedAsync"/>), e.g. for the policies' 双提醒.
/// </summary>
public sealed class RegistryImporter(
    GongzhiDb db, IAreaDirectory areas, TagCatalog tags, PersonalDataProtector protector, AuditLog audit, CurrentUser user,
    TimeProvider clock, IStringLocalizer<SharedResource> l, IEnumerable<Contracts.IResidentChanged> listeners, ILogger<RegistryImporter> log)
{
    public const long MaxBytes = 30 * 1024 * 1024;
    public const int MaxRows = 200_000;
    public const int BatchSize = 1000;
    public const int MaxStoredErrors = 20_000;
    private const int ErrorsInResponse = 500;

    private sealed class Parsed
    {
        public required int Row;
        public string? AreaCode, Room, Address, Name, Phone, Ethnicity;
        public int? Floor, DisabilityGrade;
        public ResidentIdNumber Id;
        public string IdHash = "";
        public HouseholdRelation Relation;
        public ResidencyType Residency;
        public PoliticalStatus? Political;
        public Employment? Employment;
        public HealthStatus? Health;
        public DateOnly? MovedIn;
        public List<TagDefinition> Tags = [];
        public List<ImportError> Errors = [];
        public string HouseholdKey => $"{AreaCode}|{(Room ?? "").ToUpperInvariant()}|{(Room is null ? Address : "")}";
    }

    public async Task<ImportReport> ImportAsync(Stream upload, string fileName, CancellationToken ct)
    {
        if (!user.CanManageHouseholds) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
        var temp = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(temp))
            {
                var head = new byte[4];
                var read = await upload.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, ct);
                if (!Xlsx.LooksLikeXlsx(head.AsSpan(0, read))) throw new AppProblem(415, l["Upload the filled .xlsx template; this file is not an .xlsx workbook."]);
                await file.WriteAsync(head.AsMemory(0, read), ct);
                await upload.CopyToAsync(file, ct);
                if (file.Length > MaxBytes) throw new AppProblem(413, l["The file is larger than {0} MB.", MaxBytes / 1024 / 1024]);
            }
            return await ImportFileAsync(temp, fileName, ct);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<ImportReport> ImportFileAsync(string path, string fileName, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var usableTags = await tags.UsableAsync(ct);
        var seenIds = new Dictionary<string, int>();
        var nodes = new Dictionary<string, AreaRef?>();
        var errors = new List<ImportError>();
        int rows = 0, added = 0, updated = 0, unchanged = 0, rejected = 0;
        Dictionary<string, int>? columns = null;
        var batch = new List<Parsed>(BatchSize);
        // The residents of committed batches, told to the other modules once at the end (a listener's set-based work
        // costs about the same for 1,000 residents as for 10,000): even when a later row stops the import.
        var told = new List<Contracts.ResidentChange>();

        var sheet = Xlsx.ReadRows(path); // read lazily, one row at a time
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var row in Safe(sheet))
            {
                if (row.IsEmpty) continue;
                if (columns is null)
                {
                    columns = Header(row);
                    continue;
                }
                if (++rows > MaxRows) throw AppProblem.Invalid("file", l["The file has more than {0} rows.", MaxRows]);
                batch.Add(Parse(row, columns, usableTags, seenIds, today));
                if (batch.Count == BatchSize)
                {
                    (added, updated, unchanged, rejected) = Sum((added, updated, unchanged, rejected), await ApplyAsync(batch, nodes, errors, told, today, ct));
                    batch.Clear();
                }
            }
            if (columns is null) throw AppProblem.Invalid("file", l["The file is empty: fill the template from its second row."]);
            if (batch.Count > 0) (added, updated, unchanged, rejected) = Sum((added, updated, unchanged, rejected), await ApplyAsync(batch, nodes, errors, told, today, ct));
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            db.ChangeTracker.Clear();
            if (!ct.IsCancellationRequested) await NotifyAsync(told, ct);
        }

        var run = new ImportRun
        {
            UserId = user.Id ?? "system", FileName = fileName.Length > 200 ? fileName[..200] : fileName, StartedAt = clock.GetUtcNow(),
            Rows = rows, Added = added, Updated = updated, Unchanged = unchanged, Rejected = rejected,
            Errors = string.Join('\n', errors.Take(MaxStoredErrors).Select(e => JsonSerializer.Serialize(e))),
        };
        db.ImportRuns.Add(run);
        audit.RecordNew("registry.import", "import", run, $"{fileName}: rows {rows}, added {added}, updated {updated}, unchanged {unchanged}, rejected {rejected}",
            areaPath: db.Scope.SingleFrom);
        await db.SaveChangesAsync(ct);
        return new ImportReport(run.Id, rows, added, updated, unchanged, rejected, errors.Take(ErrorsInResponse).ToList());
    }

    /// <summary>A file that stops being readable half-way is a bad upload, not a server error.</summary>
    private IEnumerable<XlsxRow> Safe(IEnumerable<XlsxRow> rows)
    {
        using var e = rows.GetEnumerator();
        while (true)
        {
            try
            {
                if (!e.MoveNext()) yield break;
            }
            catch (Exception ex) when (ex is InvalidDataException or OpenXmlPackageException or System.IO.IOException or System.Xml.XmlException or FormatException)
            {
                throw new AppProblem(415, l["Upload the filled .xlsx template; this file is not an .xlsx workbook."]);
            }
            yield return e.Current;
        }
    }

    /// <summary>
    /// Tells the other modules (<see cref="Contracts.IResidentChanged"/>) of the committed batches' added and changed
    /// residents in one call each, as <c>ResidentService</c> tells them of an edit: a listener's failure is logged, not
    /// thrown — the batch stands, and the listener's nightly work catches up.
    /// </summary>
    private async Task NotifyAsync(List<Contracts.ResidentChange> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        foreach (var listener in listeners)
        {
            try { await listener.ResidentsChangedAsync(changes, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "A listener ({Listener}) failed on an import of {Count} changed residents.", listener.GetType().Name, changes.Count);
            }
        }
    }

    private static (int, int, int, int) Sum((int, int, int, int) a, (int, int, int, int) b) => (a.Item1 + b.Item1, a.Item2 + b.Item2, a.Item3 + b.Item3, a.Item4 + b.Item4);

    private Dictionary<string, int> Header(XlsxRow row)
    {
        var columns = new Dictionary<string, int>();
        for (var c = 0; c < row.Cells.Length; c++)
        {
            var text = row[c]?.TrimEnd('*', '＊').Trim();
            var field = RegistryForm.Fields.FirstOrDefault(f => f.Header == text || string.Equals(f.Key, text, StringComparison.OrdinalIgnoreCase));
            if (field is not null) columns.TryAdd(field.Key, c);
        }
        var missing = RegistryForm.Fields.Where(f => f.Required && !columns.ContainsKey(f.Key)).Select(f => f.Header).ToList();
        if (missing.Count > 0)
            throw AppProblem.Invalid("file", l["Row {0}: the header lacks the columns {1}. Use the downloaded template.", row.Number, string.Join("、", missing)]);
        return columns;
    }

    private Parsed Parse(XlsxRow row, Dictionary<string, int> columns, IReadOnlyList<TagDefinition> usableTags, Dictionary<string, int> seenIds, DateOnly today)
    {
        string? Cell(RegistryForm.Field f) => columns.TryGetValue(f.Key, out var c) ? row[c] is { Length: > 0 } v ? v : null : null;
        var p = new Parsed { Row = row.Number };
        void Error(RegistryForm.Field f, string message) => p.Errors.Add(new ImportError(row.Number, f.Header, message));

        if (row.HasFormula) p.Errors.Add(new ImportError(row.Number, "", l["Cells hold formulas: enter values only."]));
        foreach (var f in RegistryForm.Fields)
            if (ResidentRules.LooksExecutable(Cell(f))) Error(f, l["Formulas and scripts are not accepted as text."]);

        p.AreaCode = Cell(RegistryForm.AreaCode);
        if (p.AreaCode is null) Error(RegistryForm.AreaCode, l["Enter the code of the unit, building or grid."]);
        p.Room = Cell(RegistryForm.Room)?.ToUpperInvariant(); // 3a01 and 3A01 are one flat
        if (p.Room is { Length: > 20 }) Error(RegistryForm.Room, l["The room is at most {0} characters.", 20]);
        p.Address = Cell(RegistryForm.Address);
        if (p.Address is { Length: > 200 }) Error(RegistryForm.Address, l["The address is at most {0} characters.", 200]);
        if (p.Room is null && p.Address is null) Error(RegistryForm.Room, l["Enter an address, or a room so the address can be made from the building."]);
        if (Cell(RegistryForm.Floor) is { } floorText)
        {
            if (int.TryParse(floorText, out var floor) && floor is >= -5 and <= 200 && floor != 0) p.Floor = floor;
            else Error(RegistryForm.Floor, l["The floor must be between -5 and {0}, and not 0.", 200]);
        }
        p.Name = Cell(RegistryForm.Name);
        if (p.Name is null || p.Name.Length > 50) Error(RegistryForm.Name, l["Enter a name of at most {0} characters.", 50]);

        var v = new Validation();
        if (ResidentRules.IdNumber(v, l, Cell(RegistryForm.IdNumber), today) is { } id)
        {
            p.Id = id;
            p.IdHash = protector.LookupHash(id.Value);
            if (seenIds.TryGetValue(p.IdHash, out var first)) Error(RegistryForm.IdNumber, l["The same ID number is on row {0}.", first]);
            else seenIds[p.IdHash] = row.Number;
        }
        var phone = ResidentRules.Phone(v, l, Cell(RegistryForm.Phone));
        foreach (var (field, messages) in v.Errors)
            foreach (var message in messages) Error(field == "phone" ? RegistryForm.Phone : RegistryForm.IdNumber, message);
        p.Phone = phone;

        p.Relation = Choice(RegistryForm.Relation, RegistryForm.Relations, required: true) ?? HouseholdRelation.Other;
        p.Residency = Choice(RegistryForm.Residency, RegistryForm.Residencies, required: true) ?? ResidencyType.Registered;
        p.Political = Choice(RegistryForm.Political, RegistryForm.Politics, required: false);
        p.Employment = Choice(RegistryForm.Employment_, RegistryForm.Employments, required: false);
        p.Health = Choice(RegistryForm.Health, RegistryForm.Healths, required: false);
        var disability = Cell(RegistryForm.Disability);
        if (disability is not null)
        {
            p.DisabilityGrade = RegistryForm.Lookup(RegistryForm.Disabilities, disability) ?? (int.TryParse(disability, out var g) && g is >= 1 and <= 4 ? g : null);
            if (p.DisabilityGrade is null) Error(RegistryForm.Disability, l["The disability grade is 1 to 4."]);
        }
        p.Ethnicity = Cell(RegistryForm.Ethnicity);
        if (p.Ethnicity is { Length: > 20 }) Error(RegistryForm.Ethnicity, l["The name is at most {0} characters.", 20]);
        if (Cell(RegistryForm.MovedIn) is { } movedIn)
        {
            if (!Xlsx.TryParseDate(movedIn, out var date)) Error(RegistryForm.MovedIn, l["{0} is not a date (write 2015-06-01).", movedIn]);
            else if (date > today) Error(RegistryForm.MovedIn, l["The moved-in date lies in the future."]);
            else if (p.IdHash.Length > 0 && date < p.Id.BirthDate) Error(RegistryForm.MovedIn, l["The moved-in date is before the birth date."]);
            else p.MovedIn = date;
        }
        if (Cell(RegistryForm.Tags) is { } tagText)
        {
            foreach (var name in tagText.Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = usableTags.FirstOrDefault(t => t.Name == name || t.Code == name);
                if (tag is null) Error(RegistryForm.Tags, l["Unknown tag: {0}.", name]);
                else if (tag.Kind == TagKind.Computed) Error(RegistryForm.Tags, l["Age bands follow the birth date and are not set by hand."]);
                else if (!p.Tags.Contains(tag)) p.Tags.Add(tag);
            }
        }
        return p;

        T? Choice<T>(RegistryForm.Field f, IReadOnlyDictionary<string, T> vocabulary, bool required) where T : struct
        {
            var text = Cell(f);
            if (text is null)
            {
                if (required) Error(f, l["Choose one of: {0}.", string.Join("、", vocabulary.Keys)]);
                return null;
            }
            var value = RegistryForm.Lookup(vocabulary, text);
            if (value is null) Error(f, l["{0} is not one of: {1}.", text, string.Join("、", vocabulary.Keys)]);
            return value;
        }
    }

    private async Task<(int Added, int Updated, int Unchanged, int Rejected)> ApplyAsync(
        List<Parsed> batch, Dictionary<string, AreaRef?> nodes, List<ImportError> errors, List<Contracts.ResidentChange> told, DateOnly today, CancellationToken ct)
    {
        // Area codes: resolved once per file, through the caller's data scope.
        var newCodes = batch.Where(p => p.AreaCode is not null && !nodes.ContainsKey(p.AreaCode)).Select(p => p.AreaCode!).Distinct().ToList();
        if (newCodes.Count > 0)
        {
            var found = (await areas.FindManyAsync(newCodes, ct)).ToDictionary(a => a.Code);
            foreach (var code in newCodes) nodes[code] = found.GetValueOrDefault(code);
        }
        foreach (var p in batch.Where(p => p.AreaCode is not null))
        {
            var node = nodes[p.AreaCode!];
            if (node is null) p.Errors.Add(new ImportError(p.Row, RegistryForm.AreaCode.Header, l["No area node with code {0} is within your reach.", p.AreaCode!]));
            else if (!AreaLevels.CanHoldHouseholds(node.Level)) p.Errors.Add(new ImportError(p.Row, RegistryForm.AreaCode.Header, l["Households are registered at a unit, a building or a grid."]));
            else if (node.IsRetired) p.Errors.Add(new ImportError(p.Row, RegistryForm.AreaCode.Header, l["{0} is retired and takes no new children.", node.Name]));
            else if (p.Floor > node.Floors) p.Errors.Add(new ImportError(p.Row, RegistryForm.Floor.Header, l["The floor must be between -5 and {0}, and not 0.", node.Floors!]));
        }

        // Existing residents, across the whole registry: one person, one record.
        // Keyed by the current hash; a row still hashed under a previous lookup key (a rotation under way) is found too.
        var current = batch.Where(p => p.IdHash.Length > 0).SelectMany(p => protector.LookupHashes(p.Id.Value).Select(h => (Stored: h, p.IdHash)))
            .DistinctBy(h => h.Stored).ToDictionary(h => h.Stored, h => h.IdHash);
        var hashes = current.Keys.ToList();
        var existing = await db.Residents.IgnoreQueryFilters().Where(r => hashes.Contains(r.IdNumberHash)).ToDictionaryAsync(r => current[r.IdNumberHash], ct);
        foreach (var p in batch)
        {
            if (existing.TryGetValue(p.IdHash, out var r) && !db.Scope.Covers(r.AreaPath))
                p.Errors.Add(new ImportError(p.Row, RegistryForm.IdNumber.Header, l["This ID number is registered outside your area; ask the community that keeps it."]));
        }

        // A household is applied whole or not at all.
        foreach (var group in batch.GroupBy(p => p.HouseholdKey))
        {
            var bad = group.FirstOrDefault(p => p.Errors.Count > 0);
            if (bad is null) continue;
            foreach (var p in group.Where(p => p.Errors.Count == 0))
                p.Errors.Add(new ImportError(p.Row, "", l["Not imported with its household: row {0} of the same household has errors.", bad.Row]));
        }
        var valid = batch.Where(p => p.Errors.Count == 0).ToList();
        var rejected = batch.Count - valid.Count;
        errors.AddRange(batch.SelectMany(p => p.Errors));
        if (valid.Count == 0) return (0, 0, 0, rejected);

        var allTags = await db.TagDefinitions.AsNoTracking().ToListAsync(ct);
        var nodeIds = valid.Select(p => nodes[p.AreaCode!]!.Id).Distinct().ToList();
        // Only the flats this batch names: a batch touches hundreds of units, each with a dozen households.
        var rooms = valid.Where(p => p.Room is not null).Select(p => p.Room!).Distinct().ToList();
        var addresses = valid.Where(p => p.Room is null).Select(p => p.Address!).Distinct().ToList();
        var households = await db.Households
            .Where(h => nodeIds.Contains(h.AreaNodeId) && h.RetiredAt == null && ((h.Room != null && rooms.Contains(h.Room)) || (h.Room == null && addresses.Contains(h.Address))))
            .ToListAsync(ct);
        // Rooms are matched case-insensitively; a household without a room by its address.
        static string Key(long node, string? room, string? address) => room is not null ? $"{node}|r|{room.ToUpperInvariant()}" : $"{node}|a|{address}";
        var byNodeRoom = new Dictionary<string, Household>();
        foreach (var h in households) byNodeRoom.TryAdd(Key(h.AreaNodeId, h.Room, h.Address), h);
        var residentIds = existing.Values.Select(r => r.Id).ToList();
        var currentTags = (await db.ResidentTags.Where(t => residentIds.Contains(t.ResidentId)).ToListAsync(ct)).ToLookup(t => t.ResidentId);
        var lineages = new Dictionary<string, string>();
        int added = 0, updated = 0, unchanged = 0;
        var now = clock.GetUtcNow();
        // What the other modules are told of this batch once it has committed (at the end of the import), as the API's
        // edits tell them of one resident.
        var changes = new List<Contracts.ResidentChange>();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var byKey = new Dictionary<string, Household>();
            foreach (var group in valid.GroupBy(p => p.HouseholdKey))
            {
                var first = group.First();
                var node = nodes[first.AreaCode!]!;
                var household = byNodeRoom.GetValueOrDefault(Key(node.Id, first.Room, first.Address));
                if (household is null)
                {
                    if (!lineages.TryGetValue(node.Path, out var prefix))
                        lineages[node.Path] = prefix = string.Concat((await areas.LineageAsync(node.Path, ct)).Where(a => a.Level >= AreaLevel.Compound).Select(a => a.Name));
                    household = new Household
                    {
                        AreaNodeId = node.Id, AreaPath = node.Path, Floor = first.Floor, Room = first.Room, CreatedAt = now, UpdatedAt = now,
                        Address = first.Address ?? prefix + first.Room + (first.Room!.All(char.IsAsciiDigit) ? "室" : ""),
                    };
                    db.Households.Add(household);
                    households.Add(household);
                    byNodeRoom[Key(node.Id, first.Room, first.Address)] = household;
                }
                byKey[group.Key] = household;
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct); // new households get their ids

            // New people (most of a collection) are written in bulk, without the change tracker; changed people
            // go through it, with their audit entries.
            var newResidents = new List<Resident>();
            var newTags = new List<ResidentTag>();
            var memberships = new List<HouseholdMembership>();
            var touched = new HashSet<Household>();
            var touchedIds = new HashSet<long>();
            foreach (var p in valid)
            {
                var household = byKey[p.HouseholdKey];
                var bits = p.Tags.Where(t => t.Bit is not null).Aggregate(0L, (m, t) => m | (1L << t.Bit!.Value))
                           | SystemTags.Mask([.. SystemTags.Implied(p.Political, p.DisabilityGrade)]);
                var wantedTagIds = p.Tags.Select(t => t.Id)
                    .Concat(allTags.Where(t => t.Bit is { } b && (bits & (1L << b)) != 0).Select(t => t.Id)).Distinct().ToHashSet();

                if (!existing.TryGetValue(p.IdHash, out var r))
                {
                    r = new Resident
                    {
                        HouseholdId = household.Id, AreaPath = household.AreaPath, Name = p.Name!, Sex = p.Id.Sex, BirthDate = p.Id.BirthDate,
                        IdNumberCipher = protector.Encrypt(p.Id.Value), IdNumberHash = p.IdHash, IdNumberMasked = Masking.IdNumber(p.Id.Value),
                        CreatedAt = now, UpdatedAt = now,
                    };
                    Fill(r, p, bits);
                    newResidents.Add(r);
                    existing[p.IdHash] = r;
                    touched.Add(household);
                    memberships.Add(new HouseholdMembership { Resident = r, HouseholdId = household.Id, Relation = p.Relation, StartedOn = p.MovedIn ?? today });
                    foreach (var tagId in wantedTagIds) newTags.Add(new ResidentTag { Resident = r, TagId = tagId, SetBy = user.UserName, SetAt = now });
                    added++;
                    continue;
                }

                var tagsNow = currentTags[r.Id].Select(t => t.TagId).ToHashSet();
                var samePhone = p.Phone is null ? r.PhoneHash is null : r.PhoneHash is not null && protector.LookupHashes(p.Phone).Contains(r.PhoneHash);
                var same = r.HouseholdId == household.Id && r.Name == p.Name && samePhone && r.Relation == p.Relation
                           && r.ResidencyType == p.Residency && r.Ethnicity == p.Ethnicity && r.PoliticalStatus == p.Political
                           && r.Employment == p.Employment && r.Health == p.Health && r.DisabilityGrade == p.DisabilityGrade
                           && r.MovedInOn == p.MovedIn && r.SystemTagBits == bits && r.Status == ResidentStatus.Active && tagsNow.SetEquals(wantedTagIds);
                if (same)
                {
                    // Rows from before the search tails get them now: re-importing a file is how an area backfills.
                    if (r.IdNumberTailHash is null) SearchTails.Fill(r, protector, p.Id.Value, p.Phone);
                    unchanged++;
                    continue;
                }
                db.Residents.Attach(r);
                var moved = r.HouseholdId != household.Id || r.Status != ResidentStatus.Active;
                if (r.HouseholdId != household.Id)
                {
                    if (r.HouseholdId is { } oldId)
                    {
                        touchedIds.Add(oldId);
                        await db.HouseholdMemberships.Where(m => m.ResidentId == r.Id && m.EndedOn == null)
                            .ExecuteUpdateAsync(s => s.SetProperty(m => m.EndedOn, today).SetProperty(m => m.EndReason, MembershipEnd.MovedHousehold), ct);
                    }
                    touched.Add(household);
                    memberships.Add(new HouseholdMembership { ResidentId = r.Id, HouseholdId = household.Id, Relation = p.Relation, StartedOn = p.MovedIn ?? today });
                    r.HouseholdId = household.Id;
                    r.AreaPath = household.AreaPath;
                    r.Status = ResidentStatus.Active;
                    r.MovedOutOn = null;
                }
                r.Name = p.Name!;
                Fill(r, p, bits);
                r.UpdatedAt = now;
                db.ResidentTags.RemoveRange(currentTags[r.Id].Where(t => !wantedTagIds.Contains(t.TagId)));
                foreach (var tagId in wantedTagIds.Where(t => !tagsNow.Contains(t)))
                    db.ResidentTags.Add(new ResidentTag { ResidentId = r.Id, TagId = tagId, SetBy = user.UserName, SetAt = now });
                audit.Record("resident.import-update", "resident", r.Id, $"row {p.Row}", areaPath: r.AreaPath);
                changes.Add(new Contracts.ResidentChange(r.Id, Contracts.ResidentChangeKind.Details | (moved ? Contracts.ResidentChangeKind.Household : 0)
                    | (tagsNow.SetEquals(wantedTagIds) ? 0 : Contracts.ResidentChangeKind.Tags)));
                updated++;
            }
            var newIds = await BulkInsert.TakeIdsAsync(db, "residents", newResidents.Count, ct);
            for (var i = 0; i < newResidents.Count; i++) newResidents[i].Id = newIds[i];
            var membershipIds = await BulkInsert.TakeIdsAsync(db, "household_memberships", memberships.Count, ct);
            for (var i = 0; i < memberships.Count; i++) (memberships[i].Id, memberships[i].ResidentId) = (membershipIds[i], memberships[i].Resident?.Id ?? memberships[i].ResidentId);
            foreach (var t in newTags) t.ResidentId = t.Resident!.Id;
            await BulkInsert.InsertAsync(db, newResidents, ct);
            await BulkInsert.InsertAsync(db, memberships, ct);
            await BulkInsert.InsertAsync(db, newTags, ct);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            // Member counts: one set-based recount per batch instead of an UPDATE per row.
            touchedIds.UnionWith(touched.Select(h => h.Id));
            var ids = touchedIds.ToList();
            await db.Households.IgnoreQueryFilters().Where(h => ids.Contains(h.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(h => h.MemberCount, h => db.Residents.IgnoreQueryFilters().Count(r => r.HouseholdId == h.Id && r.Status == ResidentStatus.Active)), ct);
            await tx.CommitAsync(ct);
            changes.AddRange(newResidents.Select(r => new Contracts.ResidentChange(r.Id, Contracts.ResidentChangeKind.Details | Contracts.ResidentChangeKind.Household | Contracts.ResidentChangeKind.Tags)));
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            // The whole batch, or nothing: report its rows as rejected and go on with the next batch.
            log.LogWarning(ex, "Import batch of {Rows} rows failed", valid.Count);
            await tx.RollbackAsync(ct);
            errors.AddRange(valid.Select(p => new ImportError(p.Row, "", l["Not imported: the batch could not be saved; import the file again."])));
            foreach (var p in valid) existing.Remove(p.IdHash);
            db.ChangeTracker.Clear();
            // Nothing of the batch stands: nothing to tell.
            return (0, 0, 0, rejected + valid.Count);
        }
        db.ChangeTracker.Clear();
        told.AddRange(changes);
        return (added, updated, unchanged, rejected);

        void Fill(Resident r, Parsed p, long bits)
        {
            r.Relation = p.Relation;
            r.ResidencyType = p.Residency;
            r.Ethnicity = p.Ethnicity;
            r.PoliticalStatus = p.Political;
            r.Employment = p.Employment;
            r.Health = p.Health;
            r.DisabilityGrade = p.DisabilityGrade;
            r.MovedInOn = p.MovedIn;
            r.SystemTagBits = bits;
            r.PhoneCipher = p.Phone is null ? null : protector.Encrypt(p.Phone);
            r.PhoneHash = p.Phone is null ? null : protector.LookupHash(p.Phone);
            r.IdNumberHash = p.IdHash; // the current hash, should the row still carry one under a previous lookup key
            r.PhoneMasked = p.Phone is null ? null : Masking.Phone(p.Phone);
            SearchTails.Fill(r, protector, p.Id.Value, p.Phone);
        }
    }
}
