using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Volunteers.Contracts;
using Gongzhi.Modules.Volunteers.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Features.Pool;

/// <summary>
/// The resource pool: staff register residents and outsiders (students …) of their area, verify them, and search
/// the pool by skill, area, availability and hours; a signed-in volunteer or resident registers themselves (their
/// account linked), unverified until staff look. Everything staff do goes through the data scope; a person's own
/// profile is found by their account, whatever their scope.
/// </summary>
public sealed class VolunteerPool(GongzhiDb db, IResidentDirectory residents, IAreaDirectory areas, IAccountDirectory accounts, IServiceProvider services,
    CurrentUser user, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l) : IVolunteerDirectory
{
    public const int MaxSkills = 12;

    public async Task<IReadOnlyList<SkillView>> SkillsAsync(CancellationToken ct) =>
        await db.VolunteerSkills.AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Code).Select(s => new SkillView(s.Code, s.Name, s.Orderable)).ToListAsync(ct);

    public async Task<VolunteerView> RegisterAsync(RegisterVolunteer input, CancellationToken ct)
    {
        var v = new Validation();
        var kind = ParseKind(input.Kind, v);
        var skills = await SkillCodesAsync(input.Skills, v, ct);
        var serviceAreas = await ServiceAreasAsync(input.ServiceAreas, v, ct);
        Volunteer? volunteer = null;
        if (kind == VolunteerKind.Resident)
        {
            var resident = input.ResidentId is { } rid ? await residents.FindAsync(rid, ct) : null;
            if (resident is null) v.Add("residentId", l["Choose a current resident within your reach."]);
            else if (await db.Volunteers.IgnoreQueryFilters().AnyAsync(x => x.ResidentId == resident.Id, ct)) v.Add("residentId", l["{0} is registered as a volunteer already.", resident.Name]);
            else volunteer = New(resident.Name, kind, resident.AreaNodeId, resident.AreaPath, resident.Id);
        }
        else if (kind == VolunteerKind.Outsider)
        {
            var name = input.Name?.Trim() ?? "";
            v.Require(name.Length is > 0 and <= 100, "name", l["Give the name, at most {0} characters.", 100]);
            var node = string.IsNullOrWhiteSpace(input.AreaCode) ? null : await areas.FindAsync(input.AreaCode.Trim(), ct);
            if (node is null) v.Add("areaCode", l["Choose an area node within your reach."]);
            else if (name.Length is > 0 and <= 100) volunteer = New(name, kind, node.Id, node.Path, null);
        }
        v.ThrowIfInvalid();
        Fill(volunteer!, input, skills, serviceAreas, v);
        v.ThrowIfInvalid();
        db.Volunteers.Add(volunteer!);
        audit.RecordNew("volunteer.register", "volunteer", volunteer!, volunteer!.Name, areaPath: volunteer.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(volunteer);
    }

    /// <summary>
    /// The signed-in account registers itself: a resident's own account as that resident (their home node), any other
    /// volunteer or resident account as an outsider of the node it names. The node and the resident are looked up with
    /// the system's reach, since such accounts are bound to no node; only the account's own resident can be named.
    /// </summary>
    public async Task<VolunteerView> RegisterSelfAsync(RegisterVolunteer input, CancellationToken ct)
    {
        var userId = user.Id ?? throw AppProblem.Forbidden(l["Sign in first."]);
        if (!user.IsInRole(Roles.Volunteer) && !user.IsInRole(Roles.Resident)) throw AppProblem.Forbidden(l["Only volunteer and resident accounts register themselves."]);
        if (await db.Volunteers.IgnoreQueryFilters().AnyAsync(x => x.UserId == userId, ct)) throw AppProblem.Conflict(l["You are registered as a volunteer already."]);
        var v = new Validation();
        var skills = await SkillCodesAsync(input.Skills, v, ct);
        var residentId = await accounts.ResidentOfAsync(userId, ct);
        Volunteer? volunteer = null;
        if (residentId is { } rid)
        {
            var resident = await services.AsSystemAsync(sp => sp.GetRequiredService<IResidentDirectory>().FindAsync(rid, ct));
            if (resident is null) throw AppProblem.Conflict(l["Your resident record is not current; ask your community."]);
            if (await db.Volunteers.IgnoreQueryFilters().AnyAsync(x => x.ResidentId == rid, ct)) throw AppProblem.Conflict(l["You are registered as a volunteer already."]);
            volunteer = New(resident.Name, VolunteerKind.Resident, resident.AreaNodeId, resident.AreaPath, rid);
        }
        else
        {
            var name = (input.Name?.Trim() is { Length: > 0 } given ? given : user.DisplayName ?? "").Trim();
            v.Require(name.Length is > 0 and <= 100, "name", l["Give the name, at most {0} characters.", 100]);
            var node = string.IsNullOrWhiteSpace(input.AreaCode) ? null
                : await services.AsSystemAsync(sp => sp.GetRequiredService<IAreaDirectory>().FindAsync(input.AreaCode.Trim(), ct));
            if (node is null || node.IsRetired) v.Add("areaCode", l["Choose the area where you serve."]);
            else if (name.Length is > 0 and <= 100) volunteer = New(name, VolunteerKind.Outsider, node.Id, node.Path, null);
        }
        v.ThrowIfInvalid();
        volunteer!.UserId = userId;
        Fill(volunteer, input, skills, [], v);
        v.ThrowIfInvalid();
        db.Volunteers.Add(volunteer);
        audit.RecordNew("volunteer.register-self", "volunteer", volunteer, volunteer.Name, areaPath: volunteer.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(volunteer);
    }

    public async Task<VolunteerView> UpdateAsync(long id, RegisterVolunteer input, CancellationToken ct)
    {
        var volunteer = await FindEntityAsync(id, ct);
        var v = new Validation();
        var skills = await SkillCodesAsync(input.Skills, v, ct);
        var serviceAreas = await ServiceAreasAsync(input.ServiceAreas, v, ct);
        if (volunteer.Kind == VolunteerKind.Outsider && input.Name is { } name)
        {
            v.Require(name.Trim().Length is > 0 and <= 100, "name", l["Give the name, at most {0} characters.", 100]);
            if (v.IsValid) volunteer.Name = name.Trim();
        }
        Fill(volunteer, input, skills, serviceAreas, v);
        v.ThrowIfInvalid();
        audit.Record("volunteer.update", "volunteer", volunteer.Id, volunteer.Skills, areaPath: volunteer.AreaPath);
        await db.SaveChangesAsync(ct);
        return View(volunteer);
    }

    public async Task<VolunteerView> VerifyAsync(long id, CancellationToken ct)
    {
        var volunteer = await FindEntityAsync(id, ct);
        if (!volunteer.Verified)
        {
            (volunteer.Verified, volunteer.VerifiedAt, volunteer.VerifiedBy) = (true, clock.GetUtcNow(), user.DisplayName ?? user.UserName);
            audit.Record("volunteer.verify", "volunteer", volunteer.Id, volunteer.Name, areaPath: volunteer.AreaPath);
            await db.SaveChangesAsync(ct);
        }
        return View(volunteer);
    }

    public async Task<VolunteerView> GetAsync(long id, CancellationToken ct) => View(await FindEntityAsync(id, ct));

    /// <summary>The caller's own profile, or null.</summary>
    public async Task<VolunteerView?> MineAsync(CancellationToken ct) => await OwnAsync(ct) is { } v ? View(v) : null;

    /// <summary>The caller's own volunteer record (tracked), whatever their scope; null when they have none.</summary>
    public async Task<Volunteer?> OwnAsync(CancellationToken ct) =>
        user.Id is { } userId ? await db.Volunteers.IgnoreQueryFilters().FirstOrDefaultAsync(x => x.UserId == userId, ct) : null;

    public async Task<PagedList<VolunteerView>> SearchAsync(VolunteerFilter filter, CancellationToken ct)
    {
        var (page, size) = Paging.Normalize(filter.Page, filter.PageSize, 30, 200);
        var query = db.Volunteers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Area))
        {
            var node = await areas.FindAsync(filter.Area.Trim(), ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", filter.Area]);
            query = query.Under(x => x.AreaPath, node.Path);
        }
        if (!string.IsNullOrWhiteSpace(filter.Skill))
        {
            var tag = "," + filter.Skill.Trim() + ",";
            query = query.Where(x => x.Skills.Contains(tag));
        }
        if (!string.IsNullOrWhiteSpace(filter.Availability)) query = query.Where(x => x.Availability != null && x.Availability.Contains(filter.Availability.Trim()));
        if (filter.MinHours is { } hours)
        {
            var minutes = (int)(hours * 60);
            query = query.Where(x => x.MinutesServed >= minutes);
        }
        if (filter.Verified is { } verified) query = query.Where(x => x.Verified == verified);
        if (!string.IsNullOrWhiteSpace(filter.Q)) query = query.Where(x => x.Name.Contains(filter.Q.Trim()) || (x.School != null && x.School.Contains(filter.Q.Trim())));
        query = (filter.Sort ?? "hours").ToLowerInvariant() switch
        {
            "hours" => query.OrderByDescending(x => x.MinutesServed).ThenBy(x => x.Id),
            "name" => query.OrderBy(x => x.Name).ThenBy(x => x.Id),
            "newest" => query.OrderByDescending(x => x.Id),
            "activities" => query.OrderByDescending(x => x.ActivitiesServed).ThenBy(x => x.Id),
            _ => throw AppProblem.Invalid("sort", l["Sort by hours, activities, name or newest."]),
        };
        var total = await query.CountAsync(ct);
        var items = await query.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<VolunteerView>([.. items.Select(View)], total);
    }

    public async Task<VolunteerSummary?> FindAsync(long volunteerId, CancellationToken ct) =>
        await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == volunteerId, ct) is { } v ? Summary(v) : null;

    public async Task<VolunteerSummary?> OfUserAsync(string userId, CancellationToken ct) =>
        await db.Volunteers.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(x => x.UserId == userId, ct) is { } v ? Summary(v) : null;

    public async Task<IReadOnlyDictionary<long, string>> MaskedPhonesAsync(IReadOnlyCollection<long> volunteerIds, CancellationToken ct)
    {
        var ids = volunteerIds.Distinct().Take(200).ToList();
        var links = await db.Volunteers.AsNoTracking().Where(x => ids.Contains(x.Id) && x.ResidentId != null).Select(x => new { x.Id, x.ResidentId }).ToListAsync(ct);
        var phones = new Dictionary<long, string>();
        // One look-up per resident: the counter asks for a short list (a name search), and the registry keeps the masked copy.
        foreach (var link in links)
            if (await residents.FindAsync(link.ResidentId!.Value, ct) is { PhoneMasked: { Length: > 0 } phone }) phones[link.Id] = phone;
        return phones;
    }

    public static VolunteerSummary Summary(Volunteer v) => new(v.Id, v.Name, v.AreaNodeId, v.AreaPath, v.UserId, Hours(v.MinutesServed), v.Verified);

    public static decimal Hours(int minutes) => Math.Round(minutes / 60m, 2);

    public static VolunteerView View(Volunteer x) => new(x.Id, x.Name, x.Kind, x.ResidentId, x.School, x.College, x.ClassName, x.AreaNodeId, x.AreaPath,
        x.SkillCodes, x.Availability, (x.ServiceAreas ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), x.TeamId, x.Verified, x.VerifiedAt,
        Hours(x.MinutesServed), x.ActivitiesServed, x.UserId is not null, x.CreatedAt);

    private async Task<Volunteer> FindEntityAsync(long id, CancellationToken ct) =>
        await db.Volunteers.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw AppProblem.NotFound(l["No volunteer {0} is within your reach.", id]);

    private Volunteer New(string name, VolunteerKind kind, long nodeId, string path, long? residentId) => new()
    {
        Name = name, Kind = kind, AreaNodeId = nodeId, AreaPath = path, ResidentId = residentId, Skills = ",", CreatedAt = clock.GetUtcNow(),
    };

    private void Fill(Volunteer volunteer, RegisterVolunteer input, IReadOnlyList<string> skills, IReadOnlyList<string> serviceAreas, Validation v)
    {
        static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        foreach (var (field, value) in new[] { ("school", input.School), ("college", input.College), ("className", input.ClassName), ("availability", input.Availability) })
            v.Require((Trim(value)?.Length ?? 0) <= (field == "availability" ? 200 : 100), field, l["At most {0} characters.", field == "availability" ? 200 : 100]);
        volunteer.Skills = Volunteer.JoinSkills(skills);
        (volunteer.School, volunteer.College, volunteer.ClassName, volunteer.Availability) = (Trim(input.School), Trim(input.College), Trim(input.ClassName), Trim(input.Availability));
        volunteer.ServiceAreas = serviceAreas.Count == 0 ? null : string.Join(",", serviceAreas);
    }

    private VolunteerKind ParseKind(string? kind, Validation v)
    {
        if (Enum.TryParse<VolunteerKind>(kind, true, out var k) && Enum.IsDefined(k)) return k;
        v.Add("kind", l["Say Resident or Outsider."]);
        return 0;
    }

    private async Task<IReadOnlyList<string>> SkillCodesAsync(IReadOnlyList<string>? given, Validation v, CancellationToken ct)
    {
        var codes = (given ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct().ToList();
        if (codes.Count > MaxSkills) { v.Add("skills", l["At most {0} skills.", MaxSkills]); return []; }
        var known = await db.VolunteerSkills.Where(s => codes.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
        foreach (var unknown in codes.Except(known)) v.Add("skills", l["{0} is not a skill of the catalogue.", unknown]);
        return codes;
    }

    private async Task<IReadOnlyList<string>> ServiceAreasAsync(IReadOnlyList<string>? given, Validation v, CancellationToken ct)
    {
        var codes = (given ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct().Take(20).ToList();
        if (codes.Count == 0) return [];
        var found = await areas.FindManyAsync(codes, ct);
        foreach (var missing in codes.Except(found.Select(n => n.Code))) v.Add("serviceAreas", l["No area node with code {0} is within your reach.", missing]);
        return codes;
    }
}
