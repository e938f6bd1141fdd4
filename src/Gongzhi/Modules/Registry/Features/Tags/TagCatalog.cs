using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Tags;

public sealed record TagView(long Id, string Code, string Name, TagKind Kind);

public sealed record CreateTag(string? Name, string? DistrictCode);

/// <summary>The tags a user may use: the system and computed tags, and the custom tags of the districts in reach.</summary>
public sealed class TagCatalog(GongzhiDb db, IAreaDirectory areas, CurrentUser user, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>Makes sure the system and computed tags exist (idempotent; run at start and by <c>migrate</c>).</summary>
    public static async Task EnsureSystemTagsAsync(GongzhiDb db, CancellationToken ct)
    {
        var existing = await db.TagDefinitions.Select(t => t.Code).ToListAsync(ct);
        foreach (var tag in SystemTags.All.Where(t => !existing.Contains(t.Code)))
            db.TagDefinitions.Add(new TagDefinition { Code = tag.Code, Name = tag.Name, Kind = tag.Kind, Bit = tag.Bit, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<TagDefinition>> UsableAsync(CancellationToken ct)
    {
        var tags = await db.TagDefinitions.AsNoTracking().OrderBy(t => t.Kind).ThenBy(t => t.Id).ToListAsync(ct);
        return tags.Where(t => t.Kind != TagKind.Custom || db.Scope.IsUnrestricted
                               || db.Scope.Paths.Any(p => p.StartsWith(t.AreaPath!, StringComparison.Ordinal) || t.AreaPath!.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>Resolves codes or names to tags the user may use; unknown ones are named in the error.</summary>
    public async Task<IReadOnlyList<TagDefinition>> ResolveAsync(IEnumerable<string> codesOrNames, string field, CancellationToken ct)
    {
        var wanted = codesOrNames.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList();
        if (wanted.Count == 0) return [];
        var usable = await UsableAsync(ct);
        var found = wanted.Select(w => usable.FirstOrDefault(t => t.Code == w || t.Name == w)).ToList();
        var unknown = wanted.Where((w, i) => found[i] is null).ToList();
        if (unknown.Count > 0) throw AppProblem.Invalid(field, l["Unknown tag: {0}.", string.Join("、", unknown)]);
        return found.Distinct().ToList()!;
    }

    public async Task<TagDefinition> CreateCustomAsync(CreateTag input, CancellationToken ct)
    {
        if (!user.CanManageAreas) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
        var name = input.Name?.Trim() ?? "";
        var v = new Validation();
        v.Require(name.Length is > 0 and <= 20, "name", l["A tag name has 1 to 20 characters."]);
        v.Require(!string.IsNullOrWhiteSpace(input.DistrictCode), "districtCode", l["Choose the district the tag belongs to."]);
        v.ThrowIfInvalid();
        // Custom tags belong to a district; a user below district level may still define them for their district.
        var district = (await areas.LineageAsync((await areas.FindAsync(input.DistrictCode!.Trim(), ct)
                           ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", input.DistrictCode])).Path, ct))
                       .FirstOrDefault(a => a.Level == AreaLevel.District)
                       ?? throw AppProblem.Invalid("districtCode", l["{0} is not a district code.", input.DistrictCode]);
        if (await db.TagDefinitions.AnyAsync(t => t.Name == name && (t.AreaPath == null || t.AreaPath == district.Path), ct))
            throw AppProblem.Conflict(l["A tag named {0} already exists.", name]);
        var tag = new TagDefinition { Code = "c-" + Guid.NewGuid().ToString("N")[..10], Name = name, Kind = TagKind.Custom, AreaPath = district.Path, CreatedAt = clock.GetUtcNow() };
        db.TagDefinitions.Add(tag);
        audit.Record("tag.create", "tag", tag.Code, $"{name} @ {district.Code}", areaPath: district.Path);
        await db.SaveChangesAsync(ct);
        return tag;
    }
}
