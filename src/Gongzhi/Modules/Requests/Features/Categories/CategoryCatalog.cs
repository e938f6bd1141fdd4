using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.Categories;

public sealed record CategoryView(long Id, string Code, string Name, string? ParentCode, HandlerLevel HandlerLevel,
    int AcceptWithinHours, int ResolveWithinHours, int SortOrder, bool IsRetired);

public sealed record SaveCategory(string? Code, string? Name, string? ParentCode, HandlerLevel? HandlerLevel,
    int? AcceptWithinHours, int? ResolveWithinHours, int? SortOrder);

/// <summary>The configurable category tree (two levels: 物业管理 › 漏水). Admins keep it; everyone staff reads it.</summary>
public sealed partial class CategoryCatalog(GongzhiDb db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>A year: longer promises are no service level.</summary>
    public const int MaxHours = 24 * 365;

    [GeneratedRegex("^[a-z][a-z0-9-]{1,19}(\\.[a-z0-9-]{1,19})?$")]
    private static partial Regex CodePattern();

    public async Task<IReadOnlyList<CategoryView>> ListAsync(bool includeRetired, CancellationToken ct)
    {
        var all = await db.RequestCategories.AsNoTracking().ToListAsync(ct);
        var codes = all.ToDictionary(c => c.Id, c => c.Code);
        var parents = all.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder).ThenBy(c => c.Code);
        // Parents first, each followed by its children: the order a picker shows them in.
        return [.. parents.SelectMany(p => all.Where(c => c.ParentId == p.Id).OrderBy(c => c.SortOrder).ThenBy(c => c.Code).Prepend(p))
            .Where(c => includeRetired || c.RetiredAt is null)
            .Select(c => View(c, c.ParentId is { } pid ? codes[pid] : null))];
    }

    public async Task<CategoryView> GetAsync(string code, CancellationToken ct)
    {
        var category = await FindAsync(code, ct);
        var parent = category.ParentId is { } pid ? await db.RequestCategories.Where(c => c.Id == pid).Select(c => c.Code).FirstAsync(ct) : null;
        return View(category, parent);
    }

    public async Task<CategoryView> CreateAsync(SaveCategory input, CancellationToken ct)
    {
        var (code, name, parentId) = await ValidateAsync(input, null, ct);
        var category = new RequestCategory
        {
            Code = code, Name = name, ParentId = parentId, HandlerLevel = input.HandlerLevel!.Value,
            AcceptWithinHours = input.AcceptWithinHours!.Value, ResolveWithinHours = input.ResolveWithinHours!.Value, SortOrder = input.SortOrder ?? 0,
        };
        db.RequestCategories.Add(category);
        audit.Record("request-category.create", "request-category", code, name);
        await db.SaveChangesAsync(ct);
        return await GetAsync(code, ct);
    }

    public async Task<CategoryView> UpdateAsync(string code, SaveCategory input, CancellationToken ct)
    {
        var category = await FindAsync(code, ct);
        var (_, name, parentId) = await ValidateAsync(input with { Code = code }, category, ct);
        audit.Record("request-category.update", "request-category", code, AuditLog.Join(
            AuditLog.Change("name", category.Name, name), AuditLog.Change("handlerLevel", category.HandlerLevel, input.HandlerLevel),
            AuditLog.Change("acceptWithinHours", category.AcceptWithinHours, input.AcceptWithinHours),
            AuditLog.Change("resolveWithinHours", category.ResolveWithinHours, input.ResolveWithinHours),
            AuditLog.Change("parent", category.ParentId, parentId)));
        category.Name = name;
        category.ParentId = parentId;
        category.HandlerLevel = input.HandlerLevel!.Value;
        category.AcceptWithinHours = input.AcceptWithinHours!.Value;
        category.ResolveWithinHours = input.ResolveWithinHours!.Value;
        category.SortOrder = input.SortOrder ?? category.SortOrder;
        await db.SaveChangesAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>Retires a category (old requests keep it; new ones cannot choose it) or restores it.</summary>
    public async Task<CategoryView> SetRetiredAsync(string code, bool retired, CancellationToken ct)
    {
        var category = await FindAsync(code, ct);
        if (retired == category.RetiredAt is not null)
            throw AppProblem.Conflict(retired ? l["{0} is already retired.", category.Name] : l["{0} is not retired.", category.Name]);
        if (retired && await db.RequestCategories.AnyAsync(c => c.ParentId == category.Id && c.RetiredAt == null, ct))
            throw AppProblem.Conflict(l["{0} still has active subcategories: retire them first.", category.Name]);
        if (!retired && category.ParentId is { } pid && await db.RequestCategories.AnyAsync(c => c.Id == pid && c.RetiredAt != null, ct))
            throw AppProblem.Conflict(l["The parent of {0} is retired: restore it first.", category.Name]);
        category.RetiredAt = retired ? clock.GetUtcNow() : null;
        audit.Record(retired ? "request-category.retire" : "request-category.restore", "request-category", code, category.Name);
        await db.SaveChangesAsync(ct);
        return await GetAsync(code, ct);
    }

    /// <summary>An active category by code, for a new request; a field error otherwise.</summary>
    public async Task<RequestCategory> ActiveAsync(string? code, string field, CancellationToken ct) =>
        await db.RequestCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == (code ?? "").Trim() && c.RetiredAt == null, ct)
        ?? throw AppProblem.Invalid(field, l["Choose an active category."]);

    private async Task<RequestCategory> FindAsync(string code, CancellationToken ct) =>
        await db.RequestCategories.FirstOrDefaultAsync(c => c.Code == code, ct)
        ?? throw AppProblem.NotFound(l["No category with code {0}.", code]);

    private async Task<(string Code, string Name, long? ParentId)> ValidateAsync(SaveCategory input, RequestCategory? existing, CancellationToken ct)
    {
        var v = new Validation();
        var code = input.Code?.Trim().ToLowerInvariant() ?? "";
        var name = input.Name?.Trim() ?? "";
        v.Require(CodePattern().IsMatch(code), "code", l["A category code is lowercase letters, digits or hyphens, optionally after its parent's code and a dot (property.leak)."]);
        v.Require(name.Length is > 0 and <= 50, "name", l["The name must have 1 to 50 characters."]);
        v.Require(input.HandlerLevel is { } level && Enum.IsDefined(level), "handlerLevel", l["Choose who handles it by default."]);
        v.Require(input.AcceptWithinHours is >= 1 and <= MaxHours, "acceptWithinHours", l["Enter hours between {0} and {1}.", 1, MaxHours]);
        v.Require(input.ResolveWithinHours is >= 1 and <= MaxHours, "resolveWithinHours", l["Enter hours between {0} and {1}.", 1, MaxHours]);
        if (input.AcceptWithinHours is { } a && input.ResolveWithinHours is { } r && a > r)
            v.Add("resolveWithinHours", l["Resolving cannot be due before accepting."]);
        long? parentId = null;
        if (!string.IsNullOrWhiteSpace(input.ParentCode))
        {
            var parent = await db.RequestCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == input.ParentCode.Trim().ToLowerInvariant(), ct);
            if (parent is null || parent.RetiredAt is not null) v.Add("parentCode", l["Choose an active top-level category as the parent."]);
            else if (parent.ParentId is not null) v.Add("parentCode", l["Categories have two levels: the parent must be a top-level category."]);
            else if (existing is not null && parent.Id == existing.Id) v.Add("parentCode", l["A category cannot be its own parent."]);
            else if (existing is not null && await db.RequestCategories.AnyAsync(c => c.ParentId == existing.Id, ct))
                v.Add("parentCode", l["{0} has subcategories and stays at the top level.", existing.Name]);
            else parentId = parent.Id;
        }
        v.ThrowIfInvalid();
        if (existing is null && await db.RequestCategories.AnyAsync(c => c.Code == code, ct))
            throw AppProblem.Conflict(l["The code {0} is already in use.", code]);
        return (code, name, parentId);
    }

    private static CategoryView View(RequestCategory c, string? parentCode) =>
        new(c.Id, c.Code, c.Name, parentCode, c.HandlerLevel, c.AcceptWithinHours, c.ResolveWithinHours, c.SortOrder, c.RetiredAt is not null);

    /// <summary>
    /// The default tree from the seed practice (兖州, 阜桥, 任城): added when missing, never changed afterwards, so an
    /// admin's edits and retirements stand.
    /// </summary>
    public static async Task EnsureDefaultsAsync(GongzhiDb db, CancellationToken ct)
    {
        (string Code, string Name, HandlerLevel Level, int Accept, int Resolve)[] tops =
        [
            ("property", "物业管理", HandlerLevel.Community, 4, 72),
            ("sanitation", "环境卫生", HandlerLevel.Grid, 4, 48),
            ("dispute", "邻里纠纷", HandlerLevel.Community, 8, 168),
            ("parking", "停车", HandlerLevel.Community, 8, 72),
            ("heating", "供暖", HandlerLevel.Department, 4, 48),
            ("facilities", "公共设施", HandlerLevel.Street, 8, 168),
            ("safety", "安全隐患", HandlerLevel.Grid, 2, 24),
            ("services", "民生服务", HandlerLevel.Community, 8, 120),
            ("other", "其他", HandlerLevel.Community, 8, 168),
        ];
        (string Parent, string Code, string Name, HandlerLevel Level, int Accept, int Resolve)[] children =
        [
            ("property", "property.leak", "漏水", HandlerLevel.Community, 2, 48),
            ("property", "property.elevator", "电梯故障", HandlerLevel.Community, 1, 24),
            ("property", "property.fee", "物业服务与收费", HandlerLevel.Community, 8, 168),
            ("sanitation", "sanitation.garbage", "垃圾清运", HandlerLevel.Grid, 4, 24),
            ("sanitation", "sanitation.greening", "绿化养护", HandlerLevel.Community, 8, 120),
            ("parking", "parking.occupied", "占用车位与通道", HandlerLevel.Grid, 2, 24),
            ("parking", "parking.charging", "充电设施", HandlerLevel.Community, 8, 168),
            ("heating", "heating.cold", "室温不达标", HandlerLevel.Department, 4, 48),
            ("facilities", "facilities.lighting", "路灯照明", HandlerLevel.Street, 8, 72),
            ("facilities", "facilities.road", "道路破损", HandlerLevel.Department, 8, 168),
            ("safety", "safety.fire", "消防通道堵塞", HandlerLevel.Grid, 1, 12),
            ("safety", "safety.wires", "私拉电线与飞线充电", HandlerLevel.Grid, 2, 24),
        ];
        var existing = await db.RequestCategories.Select(c => new { c.Code, c.Id }).ToDictionaryAsync(c => c.Code, c => c.Id, ct);
        var order = 0;
        foreach (var t in tops)
        {
            order += 10;
            if (existing.ContainsKey(t.Code)) continue;
            var category = new RequestCategory { Code = t.Code, Name = t.Name, HandlerLevel = t.Level, AcceptWithinHours = t.Accept, ResolveWithinHours = t.Resolve, SortOrder = order };
            db.RequestCategories.Add(category);
            await db.SaveChangesAsync(ct);
            existing[t.Code] = category.Id;
        }
        order = 0;
        foreach (var c in children)
        {
            order += 10;
            if (existing.ContainsKey(c.Code)) continue;
            db.RequestCategories.Add(new RequestCategory
            {
                Code = c.Code, Name = c.Name, ParentId = existing[c.Parent], HandlerLevel = c.Level,
                AcceptWithinHours = c.Accept, ResolveWithinHours = c.Resolve, SortOrder = order,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
