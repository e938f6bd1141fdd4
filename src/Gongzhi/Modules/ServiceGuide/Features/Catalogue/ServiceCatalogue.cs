using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.ServiceGuide.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.ServiceGuide.Features.Catalogue;

/// <summary>
/// The service guide's catalogue: anyone reads it (no sign-in: residents read it on their phones); admins and street
/// staff keep it, every change audited.
/// </summary>
public sealed partial class ServiceCatalogue(GongzhiDb db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int MaxMaterials = 40, MaxSteps = 30, MaxFaqs = 30, MaxDays = 365;
    /// <summary>Sample files are forms and filled-in examples: a couple of pages, not archives.</summary>
    public const int MaxSampleBytes = 2 * 1024 * 1024;

    [GeneratedRegex("^[a-z][a-z0-9-]{1,63}$")]
    private static partial Regex CodePattern();

    // ---- reading (public) ----

    public async Task<PagedList<MatterSummary>> ListAsync(MatterQuery query, CancellationToken ct)
    {
        var (page, size) = Paging.Normalize(query.Page, query.PageSize, 50, 200);
        var matters = db.ServiceMatters.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.LifeEvent))
        {
            var code = "," + query.LifeEvent.Trim() + ",";
            matters = matters.Where(m => m.LifeEvents.Contains(code));
        }
        if (!string.IsNullOrWhiteSpace(query.Department))
        {
            var department = query.Department.Trim();
            matters = matters.Where(m => m.Department == department);
        }
        var rows = await matters.Select(m => new { m.Id, m.Code, m.Name, m.Department, m.LifeEvents, m.Summary, m.TimeLimitDays, m.TimeLimitKind, m.SearchText })
            .ToListAsync(ct);
        var q = GuideSearch.Normalize(query.Q ?? "");
        IEnumerable<(double Score, MatterSummary Matter)> scored;
        if (q.Length == 0) scored = rows.Select(r => (0.0, Summary(r.Id, r.Code, r.Name, r.Department, r.LifeEvents, r.Summary, r.TimeLimitDays, r.TimeLimitKind)));
        else
        {
            var variants = GuideSearch.Variants(q);
            scored = rows.Select(r => (GuideSearch.Score(q, variants, GuideSearch.Normalize(r.Name), r.SearchText),
                    Summary(r.Id, r.Code, r.Name, r.Department, r.LifeEvents, r.Summary, r.TimeLimitDays, r.TimeLimitKind)))
                .Where(s => s.Item1 > 0);
        }
        var ordered = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Matter.Name, StringComparer.Ordinal).Select(s => s.Matter).ToList();
        return new PagedList<MatterSummary>([.. ordered.Skip((page - 1) * size).Take(size)], ordered.Count);
    }

    public async Task<GuideGroups> GroupsAsync(CancellationToken ct)
    {
        var rows = await db.ServiceMatters.AsNoTracking().Select(m => new { m.Department, m.LifeEvents }).ToListAsync(ct);
        var events = LifeEvents.All.Select(e => new GuideGroup(e.Code, LifeEvents.Text(l, e.Code), rows.Count(r => r.LifeEvents.Contains("," + e.Code + ","))))
            .Where(g => g.Count > 0).ToList();
        var departments = rows.GroupBy(r => r.Department).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new GuideGroup(g.Key, g.Key, g.Count())).ToList();
        return new GuideGroups(events, departments, rows.Count);
    }

    public async Task<MatterDetail> GetAsync(long id, CancellationToken ct)
    {
        var m = await db.ServiceMatters.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw AppProblem.NotFound(l["No service matter {0}.", id]);
        var samples = await db.MaterialSamples.AsNoTracking().Where(s => s.MatterId == id)
            .Select(s => new { s.Id, s.MaterialName, s.FileName }).ToListAsync(ct);
        var materials = m.Materials.Select(x =>
        {
            var sample = samples.FirstOrDefault(s => s.MaterialName == x.Name);
            return new MaterialView(x.Name, x.Copies, x.Form, x.Note, x.Optional, sample?.Id, sample?.FileName, sample is null ? null : $"/api/guide/samples/{sample.Id}");
        }).ToList();
        return new MatterDetail(m.Id, m.Code, m.Name, m.Department, m.LifeEventCodes, m.Summary, m.Eligibility, materials, m.Steps, m.TimeLimitDays,
            m.TimeLimitKind, m.Fees, m.Window, m.Hours, m.OnlineUrl, m.Basis, m.Faqs, m.UpdatedAt);
    }

    public async Task<(string FileName, string ContentType, byte[] Content)> SampleAsync(long sampleId, CancellationToken ct)
    {
        var s = await db.MaterialSamples.AsNoTracking().Where(x => x.Id == sampleId).Select(x => new { x.FileName, x.ContentType, x.Content }).FirstOrDefaultAsync(ct)
                ?? throw AppProblem.NotFound(l["No sample file {0}.", sampleId]);
        return (s.FileName, s.ContentType, s.Content);
    }

    // ---- editing (admins and street staff) ----

    public async Task<MatterDetail> CreateAsync(SaveMatter input, CancellationToken ct)
    {
        var matter = new ServiceMatter
        {
            Code = "", Name = "", Department = "", LifeEvents = "", Eligibility = "", MaterialsJson = "[]", StepsJson = "[]", FaqsJson = "[]", Fees = "",
            SearchText = "", CreatedAt = clock.GetUtcNow(),
        };
        await ApplyAsync(matter, input, ct);
        db.ServiceMatters.Add(matter);
        audit.RecordNew("service-matter.create", "service-matter", matter, $"{matter.Code} {matter.Name}");
        await db.SaveChangesAsync(ct);
        return await GetAsync(matter.Id, ct);
    }

    public async Task<MatterDetail> UpdateAsync(long id, SaveMatter input, CancellationToken ct)
    {
        var matter = await db.ServiceMatters.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw AppProblem.NotFound(l["No service matter {0}.", id]);
        var (name, materials, steps, faqs) = (matter.Name, matter.MaterialsJson, matter.StepsJson, matter.FaqsJson);
        await ApplyAsync(matter, input, ct);
        // A sample of a material the matter no longer asks for would hang there unseen.
        var kept = matter.Materials.Select(m => m.Name).ToList();
        db.MaterialSamples.RemoveRange(await db.MaterialSamples.Where(s => s.MatterId == id && !kept.Contains(s.MaterialName)).ToListAsync(ct));
        audit.Record("service-matter.update", "service-matter", id, AuditLog.Join(
            AuditLog.Change("name", name, matter.Name),
            materials != matter.MaterialsJson ? "materials" : null, steps != matter.StepsJson ? "steps" : null, faqs != matter.FaqsJson ? "faqs" : null));
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        var matter = await db.ServiceMatters.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw AppProblem.NotFound(l["No service matter {0}.", id]);
        // Applications keep pointing at their matter, whoever can see them: count them all.
        if (await db.WindowApplications.IgnoreQueryFilters().AnyAsync(a => a.MatterId == id, ct))
            throw AppProblem.Conflict(l["Window applications were recorded for {0}; it stays in the catalogue. Edit it instead.", matter.Name]);
        db.ServiceMatters.Remove(matter);
        audit.Record("service-matter.delete", "service-matter", id, $"{matter.Code} {matter.Name}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Stores (or replaces) the sample file of one of the matter's materials: JPEG, PNG or PDF, checked by content.</summary>
    public async Task<MatterDetail> SaveSampleAsync(long matterId, string? materialName, string? fileName, Stream content, long length, CancellationToken ct)
    {
        var matter = await db.ServiceMatters.AsNoTracking().FirstOrDefaultAsync(m => m.Id == matterId, ct)
                     ?? throw AppProblem.NotFound(l["No service matter {0}.", matterId]);
        var material = matter.Materials.FirstOrDefault(m => m.Name == materialName?.Trim())
                       ?? throw AppProblem.Invalid("material", l["Choose one of the matter's materials."]);
        if (length <= 0) throw AppProblem.Invalid("file", l["Choose a file."]);
        if (length > MaxSampleBytes) throw AppProblem.Invalid("file", l["The file is larger than {0} MB.", MaxSampleBytes / 1024 / 1024]);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxSampleBytes) throw AppProblem.Invalid("file", l["The file is larger than {0} MB.", MaxSampleBytes / 1024 / 1024]);
        var bytes = buffer.ToArray();
        var (type, extension) = Sniff(bytes) ?? throw AppProblem.Invalid("file", l["Sample files are JPEG, PNG or PDF."]);
        var name = Path.GetFileNameWithoutExtension(fileName ?? "");
        name = string.Concat(name.Where(c => !Path.GetInvalidFileNameChars().Contains(c))).Trim();
        name = (name.Length == 0 ? material.Name : name[..Math.Min(name.Length, 150)]) + extension;
        var existing = await db.MaterialSamples.FirstOrDefaultAsync(s => s.MatterId == matterId && s.MaterialName == material.Name, ct);
        if (existing is null)
        {
            existing = new MaterialSample { MatterId = matterId, MaterialName = material.Name, FileName = name, ContentType = type, Content = bytes };
            db.MaterialSamples.Add(existing);
        }
        (existing.FileName, existing.ContentType, existing.Content, existing.Size, existing.UploadedAt) = (name, type, bytes, bytes.Length, clock.GetUtcNow());
        audit.Record("service-matter.sample", "service-matter", matterId, $"{material.Name}: {name} ({bytes.Length} B)");
        await db.SaveChangesAsync(ct);
        return await GetAsync(matterId, ct);
    }

    private static (string Type, string Extension)? Sniff(byte[] b) =>
        b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF ? ("image/jpeg", ".jpg")
        : b.Length >= 8 && b[0] == 0x89 && b[1] == 0x50 && b[2] == 0x4E && b[3] == 0x47 ? ("image/png", ".png")
        : b.Length >= 5 && b[0] == 0x25 && b[1] == 0x50 && b[2] == 0x44 && b[3] == 0x46 && b[4] == 0x2D ? ("application/pdf", ".pdf")
        : null;

    /// <summary>Checks everything at once and copies it onto the matter (field keys as the API names them).</summary>
    private async Task ApplyAsync(ServiceMatter matter, SaveMatter input, CancellationToken ct)
    {
        var v = new Validation();
        var code = input.Code?.Trim().ToLowerInvariant() ?? "";
        v.Require(CodePattern().IsMatch(code), "code", l["The code is 2 to 64 lower-case letters, digits or hyphens, starting with a letter."]);
        var name = Text(input.Name);
        v.Require(name is { Length: <= 100 }, "name", l["Enter the name (at most {0} characters).", 100]);
        var department = Text(input.Department);
        v.Require(department is { Length: <= 100 }, "department", l["Enter the department (at most {0} characters).", 100]);
        var events = (input.LifeEvents ?? []).Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct().ToList();
        v.Require(events.Count > 0, "lifeEvents", l["Choose at least one life event."]);
        foreach (var e in events.Where(e => !LifeEvents.IsKnown(e))) v.Add("lifeEvents", l["Unknown life event: {0}.", e]);
        var summary = Text(input.Summary);
        v.Require(summary is null || summary.Length <= 1000, "summary", l["At most {0} characters.", 1000]);
        var eligibility = Text(input.Eligibility);
        v.Require(eligibility is { Length: <= 4000 }, "eligibility", l["Say who may apply (at most {0} characters).", 4000]);

        var materials = new List<Material>();
        var materialInputs = input.Materials ?? [];
        v.Require(materialInputs.Count <= MaxMaterials, "materials", l["At most {0} materials.", MaxMaterials]);
        for (var i = 0; i < Math.Min(materialInputs.Count, MaxMaterials); i++)
        {
            var m = materialInputs[i];
            var mName = Text(m?.Name);
            if (mName is not { Length: <= 100 }) { v.Add("materials", l["Material {0}: enter its name (at most {1} characters).", i + 1, 100]); continue; }
            if (m!.Copies is not (>= 1 and <= 20)) v.Add("materials", l["Material {0}: copies are 1 to 20.", i + 1]);
            if (m.Form is not { } form || !Enum.IsDefined(form)) { v.Add("materials", l["Material {0}: say whether the original or a copy is wanted.", i + 1]); continue; }
            var note = Text(m.Note);
            if (note is { Length: > 500 }) v.Add("materials", l["Material {0}: the note has at most {1} characters.", i + 1, 500]);
            if (materials.Any(x => x.Name == mName)) v.Add("materials", l["Material {0}: {1} is listed twice.", i + 1, mName]);
            materials.Add(new Material(mName, m.Copies ?? 1, form, note, m.Optional));
        }
        var steps = (input.Steps ?? []).Select(Text).Where(s => s is not null).Select(s => s!).ToList();
        v.Require(steps.Count is > 0 and <= MaxSteps, "steps", l["Give 1 to {0} steps.", MaxSteps]);
        v.Require(steps.All(s => s.Length <= 500), "steps", l["A step has at most {0} characters.", 500]);
        v.Require(input.TimeLimitDays is >= 0 and <= MaxDays, "timeLimitDays", l["The time limit is 0 (on the spot) to {0} days.", MaxDays]);
        v.Require(input.TimeLimitKind is { } kind && Enum.IsDefined(kind), "timeLimitKind", l["Say whether the time limit counts working days or calendar days."]);
        var fees = Text(input.Fees);
        v.Require(fees is { Length: <= 500 }, "fees", l["Give the fees (e.g. free of charge; at most {0} characters).", 500]);
        var window = Text(input.Window);
        v.Require(window is null || window.Length <= 500, "window", l["At most {0} characters.", 500]);
        var hours = Text(input.Hours);
        v.Require(hours is null || hours.Length <= 500, "hours", l["At most {0} characters.", 500]);
        var url = Text(input.OnlineUrl);
        v.Require(url is null || (url.Length <= 500 && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)),
            "onlineUrl", l["The online link is a web address (http or https)."]);
        var basis = Text(input.Basis);
        v.Require(basis is null || basis.Length <= 2000, "basis", l["At most {0} characters.", 2000]);
        var faqs = new List<Faq>();
        var faqInputs = input.Faqs ?? [];
        v.Require(faqInputs.Count <= MaxFaqs, "faqs", l["At most {0} questions.", MaxFaqs]);
        for (var i = 0; i < Math.Min(faqInputs.Count, MaxFaqs); i++)
        {
            var (q, a) = (Text(faqInputs[i]?.Question), Text(faqInputs[i]?.Answer));
            if (q is not { Length: <= 500 } || a is not { Length: <= 2000 }) v.Add("faqs", l["Question {0}: give the question (at most {1} characters) and its answer (at most {2}).", i + 1, 500, 2000]);
            else faqs.Add(new Faq(q, a));
        }
        if (v.IsValid)
        {
            if (await db.ServiceMatters.AnyAsync(m => m.Code == code && m.Id != matter.Id, ct)) v.Add("code", l["Another matter has the code {0}.", code]);
            if (await db.ServiceMatters.AnyAsync(m => m.Name == name && m.Id != matter.Id, ct)) v.Add("name", l["Another matter is called {0}.", name!]);
        }
        v.ThrowIfInvalid();

        matter.Code = code;
        matter.Name = name!;
        matter.Department = department!;
        matter.LifeEvents = "," + string.Join(",", LifeEvents.All.Select(e => e.Code).Where(events.Contains)) + ",";
        matter.Summary = summary;
        matter.Eligibility = eligibility!;
        matter.MaterialsJson = ServiceMatter.ToJson(materials);
        matter.StepsJson = ServiceMatter.ToJson(steps);
        matter.FaqsJson = ServiceMatter.ToJson(faqs);
        matter.TimeLimitDays = input.TimeLimitDays!.Value;
        matter.TimeLimitKind = input.TimeLimitKind!.Value;
        matter.Fees = fees!;
        matter.Window = window;
        matter.Hours = hours;
        matter.OnlineUrl = url;
        matter.Basis = basis;
        matter.SearchText = GuideSearch.Normalize(string.Join(" ", new[] { department, summary, eligibility, basis, window }
            .Concat(materials.Select(m => m.Name + " " + m.Note)).Concat(steps).Concat(faqs.Select(f => f.Question + " " + f.Answer)).Where(s => s is not null)));
        if (matter.SearchText.Length > 16000) matter.SearchText = matter.SearchText[..16000];
        matter.UpdatedAt = clock.GetUtcNow();
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static MatterSummary Summary(long id, string code, string name, string department, string events, string? summary, int days, TimeLimitKind kind) =>
        new(id, code, name, department, events.Split(',', StringSplitOptions.RemoveEmptyEntries), summary, days, kind);
}
