using System.Text.RegularExpressions;
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

namespace Gongzhi.Modules.Areas.Features.Manage;

public sealed record CreateAreaNode(string? Name, AreaLevel? Level, string? Code = null, int? Floors = null, int? RoomsPerFloor = null, string? Note = null);

public sealed record UpdateAreaNode(string? Name, int? Floors = null, int? RoomsPerFloor = null, string? Note = null);

public sealed record MoveAreaNode(string? NewParentCode);

/// <summary>
/// Changes to the community-managed part of the tree (grids, compounds, buildings, units): no orphan, no cycle,
/// no deletion over data (retire instead), every change audited.
/// </summary>
public sealed partial class AreaCommands(
    GongzhiDb db, AuditLog audit, CurrentUser user,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    [GeneratedRegex("^[0-9A-Za-z-]{1,64}$")]
    private static partial Regex CodePattern();

    public async Task<AreaNode> CreateChildAsync(string parentCode, CreateAreaNode input, CancellationToken ct)
    {
        EnsureManager();
        var parent = await TrackedAsync(parentCode, ct);
        var v = new Validation();
        var name = input.Name?.Trim() ?? "";
        v.Require(name.Length > 0, "name", l["Enter a name."]);
        v.Require(name.Length <= 100, "name", l["The name is at most {0} characters.", 100]);
        v.Require(input.Level is not null, "level", l["Choose a level."]);
        if (input.Level is { } level)
        {
            v.Require(AreaNode.IsCommunityManaged(level), "level",
                l["Streets and communities come from the official division codes; load them with division import."]);
            v.Require(!AreaNode.IsCommunityManaged(level) || AreaNode.CanHoldChild(parent.Level, level), "level",
                l["A {0} cannot be placed under a {1}.", AreaLabels.Level(l, level), AreaLabels.Level(l, parent.Level)]);
        }
        var code = input.Code?.Trim();
        if (!string.IsNullOrEmpty(code))
            v.Require(CodePattern().IsMatch(code), "code", l["A code has 1 to 64 letters, digits or hyphens."]);
        ValidateShape(v, input.Level, input.Floors, input.RoomsPerFloor);
        v.ThrowIfInvalid();

        if (parent.IsRetired) throw AppProblem.Conflict(l["{0} is retired and takes no new children.", parent.Name]);
        await EnsureUniqueSiblingNameAsync(parent.Id, name, null, ct);
        code = string.IsNullOrEmpty(code) ? await NextCodeAsync(parent, input.Level!.Value, ct) : code;
        if (await db.AreaNodes.IgnoreQueryFilters().AnyAsync(n => n.Code == code, ct))
            throw new AppProblem(409, l["The code {0} is already in use.", code], new Dictionary<string, string[]> { ["code"] = [l["The code {0} is already in use.", code]] });

        var now = clock.GetUtcNow();
        var node = new AreaNode
        {
            Code = code, Name = name, Level = input.Level!.Value, ParentId = parent.Id, Path = AreaNode.ChildPath(parent.Path, code),
            Depth = parent.Depth + 1, Floors = input.Floors, RoomsPerFloor = input.RoomsPerFloor, Note = input.Note?.Trim(),
            CreatedAt = now, UpdatedAt = now,
        };
        db.AreaNodes.Add(node);
        audit.Record("area.create", "area", code, $"{AreaLabels.Level(l, node.Level)} {name} @ {parent.Code}", areaPath: node.Path);
        await db.SaveChangesAsync(ct);
        return node;
    }

    public async Task<AreaNode> UpdateAsync(string code, UpdateAreaNode input, CancellationToken ct)
    {
        EnsureManager();
        var node = await TrackedAsync(code, ct);
        if (!AreaNode.IsCommunityManaged(node.Level))
            throw AppProblem.Forbidden(l["Streets and communities come from the official division codes; load them with division import."]);
        var v = new Validation();
        var name = input.Name?.Trim() ?? "";
        v.Require(name.Length > 0, "name", l["Enter a name."]);
        v.Require(name.Length <= 100, "name", l["The name is at most {0} characters.", 100]);
        ValidateShape(v, node.Level, input.Floors, input.RoomsPerFloor);
        v.ThrowIfInvalid();
        if (node.ParentId is { } parentId) await EnsureUniqueSiblingNameAsync(parentId, name, node.Id, ct);

        var detail = AuditLog.Join(AuditLog.Change("name", node.Name, name), AuditLog.Change("floors", node.Floors, input.Floors),
            AuditLog.Change("roomsPerFloor", node.RoomsPerFloor, input.RoomsPerFloor), AuditLog.Change("note", node.Note, input.Note?.Trim()));
        node.Name = name;
        node.Floors = input.Floors;
        node.RoomsPerFloor = input.RoomsPerFloor;
        node.Note = input.Note?.Trim();
        node.UpdatedAt = clock.GetUtcNow();
        audit.Record("area.update", "area", code, detail, areaPath: node.Path);
        await db.SaveChangesAsync(ct);
        return node;
    }

    public async Task<AreaNode> MoveAsync(string code, MoveAreaNode input, CancellationToken ct)
    {
        EnsureManager();
        if (string.IsNullOrWhiteSpace(input.NewParentCode)) throw AppProblem.Invalid("newParentCode", l["Choose the new parent."]);
        var node = await TrackedAsync(code, ct);
        if (!AreaNode.IsCommunityManaged(node.Level))
            throw AppProblem.Forbidden(l["Streets and communities come from the official division codes; load them with division import."]);
        var parent = await TrackedAsync(input.NewParentCode.Trim(), ct);
        if (parent.Path.StartsWith(node.Path, StringComparison.Ordinal))
            throw AppProblem.Invalid("newParentCode", l["A node cannot be moved under itself or its own descendants."]);
        if (!AreaNode.CanHoldChild(parent.Level, node.Level))
            throw AppProblem.Invalid("newParentCode", l["A {0} cannot be placed under a {1}.", AreaLabels.Level(l, node.Level), AreaLabels.Level(l, parent.Level)]);
        if (parent.IsRetired) throw AppProblem.Conflict(l["{0} is retired and takes no new children.", parent.Name]);
        if (node.ParentId == parent.Id) return node;
        await EnsureUniqueSiblingNameAsync(parent.Id, node.Name, node.Id, ct);

        // GongzhiDb carries the subtree and every module's path copies along, in the same transaction.
        var oldParentCode = AreaQueries.ParentCode(node.Path);
        node.ParentId = parent.Id;
        node.Path = AreaNode.ChildPath(parent.Path, node.Code);
        node.Depth = parent.Depth + 1;
        node.UpdatedAt = clock.GetUtcNow();
        audit.Record("area.move", "area", code, $"parent: {oldParentCode} → {parent.Code}", areaPath: node.Path);
        await db.SaveChangesAsync(ct);
        return node;
    }

    public async Task<AreaNode> RetireAsync(string code, CancellationToken ct)
    {
        EnsureManager();
        var node = await TrackedAsync(code, ct);
        if (!AreaNode.IsCommunityManaged(node.Level))
            throw AppProblem.Forbidden(l["Streets and communities come from the official division codes; load them with division import."]);
        if (node.IsRetired) return node;
        node.RetiredAt = clock.GetUtcNow();
        node.UpdatedAt = node.RetiredAt.Value;
        audit.Record("area.retire", "area", code, areaPath: node.Path);
        await db.SaveChangesAsync(ct);
        return node;
    }

    public async Task<AreaNode> RestoreAsync(string code, CancellationToken ct)
    {
        EnsureManager();
        var node = await TrackedAsync(code, ct);
        if (!node.IsRetired) return node;
        var parent = node.ParentId is { } pid ? await db.AreaNodes.FirstOrDefaultAsync(n => n.Id == pid, ct) : null;
        if (parent?.IsRetired == true) throw AppProblem.Conflict(l["{0} is retired and takes no new children.", parent.Name]);
        node.RetiredAt = null;
        node.UpdatedAt = clock.GetUtcNow();
        audit.Record("area.restore", "area", code, areaPath: node.Path);
        await db.SaveChangesAsync(ct);
        return node;
    }

    /// <summary>
    /// Deletes an empty node (a node with anything below it is retired instead) and answers the path it had,
    /// so that a page can go back to its parent.
    /// </summary>
    public async Task<string> DeleteAsync(string code, CancellationToken ct)
    {
        EnsureManager();
        var node = await TrackedAsync(code, ct);
        if (!AreaNode.IsCommunityManaged(node.Level))
            throw AppProblem.Forbidden(l["Streets and communities come from the official division codes; load them with division import."]);
        // GongzhiDb refuses (409, naming what is there) to delete a node that still holds anything.
        db.AreaNodes.Remove(node);
        audit.Record("area.delete", "area", code, node.Name, areaPath: node.Path);
        await db.SaveChangesAsync(ct);
        return node.Path;
    }

    private void EnsureManager()
    {
        if (!user.CanManageAreas) throw AppProblem.Forbidden(l["Only street staff, community workers and admins change the area tree."]);
    }

    private async Task<AreaNode> TrackedAsync(string code, CancellationToken ct) =>
        await db.AreaNodes.FirstOrDefaultAsync(n => n.Code == code, ct)
        ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", code]);

    private void ValidateShape(Validation v, AreaLevel? level, int? floors, int? roomsPerFloor)
    {
        if (floors is not null)
            v.Require(level is AreaLevel.Building or AreaLevel.Unit && floors is >= 1 and <= 200, "floors", l["Floors are set on buildings and units, from 1 to 200."]);
        if (roomsPerFloor is not null)
            v.Require(level is AreaLevel.Unit && roomsPerFloor is >= 1 and <= 50, "roomsPerFloor", l["Rooms per floor are set on units, from 1 to 50."]);
    }

    private async Task EnsureUniqueSiblingNameAsync(long parentId, string name, long? exceptId, CancellationToken ct)
    {
        var taken = await db.AreaNodes.IgnoreQueryFilters()
            .AnyAsync(n => n.ParentId == parentId && n.Name == name && n.RetiredAt == null && n.Id != exceptId, ct);
        if (taken)
            throw new AppProblem(409, l["Another node named {0} already exists here.", name],
                new Dictionary<string, string[]> { ["name"] = [l["Another node named {0} already exists here.", name]] });
    }

    /// <summary>Codes for community-made nodes extend the parent's: <c>370811012007-W01</c>, <c>…-W01-X01-B12-U2</c>.</summary>
    private async Task<string> NextCodeAsync(AreaNode parent, AreaLevel level, CancellationToken ct)
    {
        var letter = level switch { AreaLevel.Grid => "W", AreaLevel.Compound => "X", AreaLevel.Building => "B", _ => "U" };
        var prefix = $"{parent.Code}-{letter}";
        var existing = await db.AreaNodes.IgnoreQueryFilters().Where(n => n.Code.StartsWith(prefix)).Select(n => n.Code).ToListAsync(ct);
        var next = existing.Select(c => int.TryParse(c[prefix.Length..], out var k) ? k : 0).DefaultIfEmpty(0).Max() + 1;
        return $"{prefix}{next:00}";
    }
}
