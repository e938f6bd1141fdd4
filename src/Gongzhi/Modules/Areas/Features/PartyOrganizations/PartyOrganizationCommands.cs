using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Modules.Areas.Features.Browse;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Areas.Features.PartyOrganizations;

public sealed record PartyOrganizationView(
    long Id, string Name, PartyOrgLevel Level, long? ParentId, string AreaCode, string AreaName, string? Secretary, bool IsRetired);

public sealed record CreatePartyOrganization(string? Name, PartyOrgLevel? Level, string? AreaCode, long? ParentId, string? Secretary);

/// <summary>The party organisation tree (五级四层) kept beside the area tree; each organisation serves one area node.</summary>
public sealed class PartyOrganizationCommands(
    GongzhiDb db, AreaQueries areas, AuditLog audit, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The organisations linked to nodes in a subtree, parents before children.</summary>
    public async Task<IReadOnlyList<PartyOrganizationView>> ListUnderAsync(string areaCode, CancellationToken ct)
    {
        var root = await areas.GetNodeAsync(areaCode, ct);
        var rows = await db.PartyOrganizations.AsNoTracking()
            .Under(o => o.AreaPath, root.Path)
            .Join(db.AreaNodes, o => o.AreaNodeId, n => n.Id, (o, n) => new { o, n.Code, n.Name })
            .OrderBy(x => x.o.Level).ThenBy(x => x.o.AreaPath).ThenBy(x => x.o.Name)
            .ToListAsync(ct);
        return rows.Select(x => new PartyOrganizationView(x.o.Id, x.o.Name, x.o.Level, x.o.ParentId, x.Code, x.Name, x.o.Secretary, x.o.RetiredAt != null)).ToList();
    }

    public async Task<PartyOrganization> CreateAsync(CreatePartyOrganization input, CancellationToken ct)
    {
        if (!user.CanManageAreas) throw AppProblem.Forbidden(l["Only street staff, community workers and admins change the area tree."]);
        var v = new Validation();
        var name = input.Name?.Trim() ?? "";
        v.Require(name.Length is > 0 and <= 100, "name", l["The name must have 1 to 100 characters."]);
        v.Require(input.Level is not null, "level", l["Choose a level."]);
        v.Require(!string.IsNullOrWhiteSpace(input.AreaCode), "areaCode", l["Choose the area node it serves."]);
        v.Require((input.Secretary?.Trim().Length ?? 0) <= 50, "secretary", l["The name is at most {0} characters.", 50]);
        v.ThrowIfInvalid();
        var area = await areas.GetNodeAsync(input.AreaCode!.Trim(), ct);
        if (!PartyOrganization.FitsArea(input.Level!.Value, area.Level))
            throw AppProblem.Invalid("areaCode", l["A {0} does not serve a {1}.", AreaLabels.PartyLevel(l, input.Level.Value), AreaLabels.Level(l, area.Level)]);
        PartyOrganization? parent = null;
        var parentLevel = PartyOrganization.ParentLevel(input.Level.Value);
        if (parentLevel is not null)
        {
            if (input.ParentId is null) throw AppProblem.Invalid("parentId", l["Choose the parent organisation."]);
            parent = await db.PartyOrganizations.FirstOrDefaultAsync(o => o.Id == input.ParentId, ct)
                     ?? throw AppProblem.Invalid("parentId", l["The parent organisation is not within your reach."]);
            if (parent.Level != parentLevel || !area.Path.StartsWith(parent.AreaPath, StringComparison.Ordinal))
                throw AppProblem.Invalid("parentId", l["The parent organisation must be one level up and serve an area above this one."]);
        }
        var org = new PartyOrganization
        {
            Name = name, Level = input.Level.Value, ParentId = parent?.Id, AreaNodeId = area.Id, AreaPath = area.Path,
            Secretary = string.IsNullOrWhiteSpace(input.Secretary) ? null : input.Secretary.Trim(), CreatedAt = clock.GetUtcNow(),
        };
        db.PartyOrganizations.Add(org);
        audit.RecordNew("party-org.create", "party-org", org, $"{name} @ {area.Code}");
        await db.SaveChangesAsync(ct);
        return org;
    }
}
