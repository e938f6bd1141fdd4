using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Accounts.Domain;
using Gongzhi.Modules.Accounts.Features.Passwords;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Accounts.Features.Users;

public sealed record UserView(string Id, string UserName, string DisplayName, string Role, string? DepartmentCode,
    IReadOnlyList<AssignedNode> Areas, bool IsLockedOut, string? LockReason = null, DateTimeOffset? LockedUntil = null,
    DateTimeOffset? LastSignInAt = null, bool MustChangePassword = false);

public sealed record AssignedNode(string Code, string Name, string Level);

public sealed record CreateUser(string? UserName, string? DisplayName, string? Password, string? Role, string[]? AreaCodes, string? DepartmentCode);

public sealed record AssignAreas(string[]? AreaCodes);

/// <summary>
/// Accounts and their binding to area nodes. Admins create accounts; admins, street staff and community workers
/// bind accounts of a lower rank to nodes inside their own subtree.
/// </summary>
public sealed partial class UserAdministration(
    GongzhiDb db, UserManager<GongzhiUser> users, IAreaDirectory areaDirectory, IDepartmentDirectory departmentDirectory, AuditLog audit, CurrentUser current, TimeProvider clock,
    PasswordPolicy policy, IStringLocalizer<SharedResource> l)
{
    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UserNamePattern();

    public async Task<PagedList<UserView>> ListAsync(string? search, string? role, int page, int pageSize, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(u => u.UserName!.Contains(search) || u.DisplayName.Contains(search));
        if (!string.IsNullOrWhiteSpace(role))
        {
            var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync(ct);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
        }
        if (!current.IsAdmin)
        {
            // Non-admins see the accounts bound inside their subtree only.
            var visibleNodeIds = areaDirectory.VisibleNodeIds();
            query = query.Where(u => db.UserAreaAssignments.Any(a => a.UserId == u.Id && visibleNodeIds.Contains(a.AreaNodeId)));
        }
        var total = await query.CountAsync(ct);
        var page1 = await query.OrderBy(u => u.UserName).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<UserView>(await ViewsAsync(page1, ct), total);
    }

    public async Task<UserView> GetAsync(string id, CancellationToken ct)
    {
        var user = await VisibleUserAsync(id, ct);
        return (await ViewsAsync([user], ct))[0];
    }

    public async Task<UserView> CreateAsync(CreateUser input, CancellationToken ct)
    {
        if (!current.IsAdmin) throw AppProblem.Forbidden(l["Only admins create accounts."]);
        var v = new Validation();
        var userName = input.UserName?.Trim() ?? "";
        v.Require(UserNamePattern().IsMatch(userName), "userName", l["A user name has 3 to 64 letters, digits or . _ @ -"]);
        v.Require(!string.IsNullOrWhiteSpace(input.DisplayName) && input.DisplayName.Trim().Length <= 100, "displayName", l["The name must have 1 to 100 characters."]);
        v.Require(input.Role is not null && Roles.All.Contains(input.Role), "role", l["Choose a role."]);
        v.Require(!string.IsNullOrEmpty(input.Password), "password", l["Enter a password."]);
        var codes = input.AreaCodes?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToArray() ?? [];
        if (input.Role is not null && Roles.AreaStaff.Contains(input.Role))
            v.Require(codes.Length > 0, "areaCodes", l["Area staff are bound to at least one area node."]);
        long? departmentId = null;
        if (input.Role == Roles.Department)
        {
            departmentId = await departmentDirectory.ActiveIdAsync(input.DepartmentCode, ct);
            v.Require(departmentId is not null, "departmentCode", l["Department staff belong to a department: choose one."]);
        }
        v.ThrowIfInvalid();
        var nodes = await ResolveNodesAsync(codes, ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new GongzhiUser
        {
            UserName = userName, DisplayName = input.DisplayName!.Trim(), DepartmentId = departmentId,
            CreatedAt = clock.GetUtcNow(), LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded) throw IdentityProblem(created);
        var roleAdded = await users.AddToRoleAsync(user, input.Role!);
        if (!roleAdded.Succeeded) throw IdentityProblem(roleAdded);
        foreach (var node in nodes)
            db.UserAreaAssignments.Add(new UserAreaAssignment { UserId = user.Id, AreaNodeId = node.Id, AssignedAt = clock.GetUtcNow(), AssignedBy = current.UserName });
        audit.Record("user.create", "user", user.Id, $"{userName} ({input.Role}) @ {string.Join(",", codes)}", areaPath: CommonPath(nodes));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(user.Id, ct);
    }

    /// <summary>Replaces the nodes an account is bound to (within what the assigner itself can see).</summary>
    public async Task<UserView> AssignAsync(string id, AssignAreas input, CancellationToken ct)
    {
        var user = await VisibleUserAsync(id, ct);
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        if (!Roles.AreaStaff.Contains(role)) throw AppProblem.Invalid("areaCodes", l["Only street staff, community workers and grid workers are bound to area nodes."]);
        var myRank = Roles.Rank(current.MainRole ?? "");
        if (!current.IsAdmin && Roles.Rank(role) >= myRank)
            throw AppProblem.Forbidden(l["You can bind only accounts of a lower rank than yours."]);
        var codes = input.AreaCodes?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToArray() ?? [];
        if (codes.Length == 0) throw AppProblem.Invalid("areaCodes", l["Area staff are bound to at least one area node."]);
        var nodes = await ResolveNodesAsync(codes, ct);

        var existing = await db.UserAreaAssignments.Where(a => a.UserId == id).ToListAsync(ct);
        // An assigner outside admin may only touch bindings it can see; bindings elsewhere stay.
        var existingIds = existing.Select(e => e.AreaNodeId).ToList();
        var visibleIds = await areaDirectory.VisibleNodeIds().Where(id => existingIds.Contains(id)).ToListAsync(ct);
        var removable = existing.Where(e => visibleIds.Contains(e.AreaNodeId) && nodes.All(n => n.Id != e.AreaNodeId)).ToList();
        db.UserAreaAssignments.RemoveRange(removable);
        foreach (var node in nodes.Where(n => existing.All(e => e.AreaNodeId != n.Id)))
            db.UserAreaAssignments.Add(new UserAreaAssignment { UserId = id, AreaNodeId = node.Id, AssignedAt = clock.GetUtcNow(), AssignedBy = current.UserName });
        audit.Record("user.assign-areas", "user", id, $"{user.UserName}: {string.Join(",", codes)}", areaPath: CommonPath(nodes));
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<IReadOnlyList<AreaRef>> ResolveNodesAsync(string[] codes, CancellationToken ct)
    {
        var nodes = await areaDirectory.FindManyAsync(codes, ct);
        var missing = codes.Except(nodes.Select(n => n.Code)).ToList();
        if (missing.Count > 0) throw AppProblem.Invalid("areaCodes", l["No area node with code {0} is within your reach.", string.Join(", ", missing)]);
        var retired = nodes.FirstOrDefault(n => n.IsRetired);
        if (retired is not null) throw AppProblem.Invalid("areaCodes", l["{0} is retired and takes no new children.", retired.Name]);
        return nodes;
    }

    /// <summary>
    /// The deepest path all the bound nodes share: the audit entry is filed there, so the staff above those nodes
    /// read it. Null (admins only) when the nodes share nothing but the root.
    /// </summary>
    private static string? CommonPath(IReadOnlyList<AreaRef> nodes)
    {
        if (nodes.Count == 0) return null;
        var prefix = nodes[0].Path;
        foreach (var node in nodes.Skip(1))
            while (!node.Path.StartsWith(prefix, StringComparison.Ordinal)) prefix = prefix[..(prefix[..^1].LastIndexOf('/') + 1)];
        return prefix == "/" ? null : prefix;
    }

    private async Task<GongzhiUser> VisibleUserAsync(string id, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is not null && !current.IsAdmin)
        {
            var visibleNodeIds = areaDirectory.VisibleNodeIds();
            var visible = await db.UserAreaAssignments.AnyAsync(a => a.UserId == id && visibleNodeIds.Contains(a.AreaNodeId), ct);
            if (!visible) user = null;
        }
        return user ?? throw AppProblem.NotFound(l["No account {0} is within your reach.", id]);
    }

    private async Task<List<UserView>> ViewsAsync(List<GongzhiUser> list, CancellationToken ct)
    {
        var ids = list.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var bindingQuery = db.UserAreaAssignments.Where(a => ids.Contains(a.UserId));
        // An account bound in two communities is visible to each community's worker, but each sees only its own
        // binding: where else the account serves is outside their reach.
        if (!current.IsAdmin)
        {
            var visibleNodeIds = areaDirectory.VisibleNodeIds();
            bindingQuery = bindingQuery.Where(a => visibleNodeIds.Contains(a.AreaNodeId));
        }
        var bindings = await bindingQuery.ToListAsync(ct);
        var nodes = (await areaDirectory.NamesAsync(bindings.Select(b => b.AreaNodeId).Distinct().ToList(), ct)).ToDictionary(n => n.Id);
        var areas = bindings.Where(b => nodes.ContainsKey(b.AreaNodeId))
            .Select(b => new { b.UserId, nodes[b.AreaNodeId].Code, nodes[b.AreaNodeId].Name, nodes[b.AreaNodeId].Level }).ToList();
        var departments = await departmentDirectory.CodesAsync(ct);
        var now = clock.GetUtcNow();
        return list.Select(u => new UserView(u.Id, u.UserName!, u.DisplayName,
            roles.FirstOrDefault(r => r.UserId == u.Id)?.Name ?? "",
            u.DepartmentId is { } d ? departments.GetValueOrDefault(d) : null,
            areas.Where(a => a.UserId == u.Id).OrderBy(a => a.Code).Select(a => new AssignedNode(a.Code, a.Name, a.Level.ToString())).ToList(),
            u.LockoutEnd > now, u.LockoutEnd > now ? u.LockReason : null,
            u.LockoutEnd > now && u.LockoutEnd != DateTimeOffset.MaxValue ? u.LockoutEnd : null,
            u.LastSignInAt, u.MustChangePassword)).ToList();
    }

    private AppProblem IdentityProblem(IdentityResult result)
    {
        var errors = result.Errors.GroupBy(e => e.Code.Contains("Password") ? "password" : "userName")
            .ToDictionary(g => g.Key, g => g.Select(e => Describe(e)).ToArray());
        return new AppProblem(400, string.Join(" ", errors.SelectMany(e => e.Value)), errors);
    }

    private string Describe(IdentityError e) => policy.Describe(e);
}
