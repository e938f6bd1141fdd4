using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Reflection;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Areas.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// The rules for everything hung on the area tree, derived from the model instead of listed by hand: what counts as
/// area-scoped (<see cref="IAreaScoped"/>), what a node holds (area-scoped rows under its path, and rows of any
/// entity with a foreign key to it), and how a moved subtree's path copies follow it.
/// </summary>
public static class AreaScoping
{
    public static bool IsScoped(Type type) => typeof(IAreaScoped).IsAssignableFrom(type);

    public static bool IsExempt(Type type) => type.GetCustomAttribute<AreaPathNotScopedAttribute>() is not null;

    /// <summary>Whether the entity's path copy is rewritten when its subtree moves: every area-scoped one, and exempt ones that say so.</summary>
    public static bool FollowsMoves(Type type) => IsScoped(type) || type.GetCustomAttribute<AreaPathNotScopedAttribute>()?.FollowsMoves == true;

    /// <summary><c>e =&gt; e.AreaPath</c> for an area-scoped entity type.</summary>
    public static LambdaExpression PathOf(Type type)
    {
        var e = Expression.Parameter(type, "e");
        return Expression.Lambda(Expression.Property(e, type.GetProperty(nameof(IAreaScoped.AreaPath))!), e);
    }

    /// <summary>The label a problem uses for rows of this entity ("Households" …), from its [Display(Name)].</summary>
    public static string Label(Type type) => type.GetCustomAttribute<DisplayAttribute>()?.Name ?? type.Name;

    /// <summary>What a node holds: (entity label, count) for every kind of row that would be orphaned or hidden.</summary>
    public static async Task<IReadOnlyList<(string Label, int Count)>> HoldingsAsync(GongzhiDb db, AreaNode node, CancellationToken ct)
    {
        var held = new List<(string, int)>();
        foreach (var entityType in db.Model.GetEntityTypes())
        {
            var type = entityType.ClrType;
            int count;
            if (IsScoped(type))
            {
                count = await CountAsync(db, type, UnderMethod.MakeGenericMethod(type).Invoke(null, [PathOf(type), node.Path]) as LambdaExpression ?? throw new InvalidOperationException(), ct);
            }
            else
            {
                var keys = entityType.GetForeignKeys().Where(fk => fk.PrincipalEntityType.ClrType == typeof(AreaNode) && fk.Properties.Count == 1).ToList();
                if (keys.Count == 0) continue;
                count = 0;
                foreach (var fk in keys) count += await CountAsync(db, type, Equals(type, fk.Properties[0].Name, node.Id), ct);
            }
            if (count > 0) held.Add((Label(type), count));
        }
        return held;
    }

    /// <summary>Throws a 409 problem naming what the node still holds.</summary>
    public static async Task EnsureNothingHeldAsync(GongzhiDb db, AreaNode node, IStringLocalizer<SharedResource>? l, CancellationToken ct)
    {
        var held = await HoldingsAsync(db, node, ct);
        if (held.Count == 0) return;
        var list = string.Join(l is null ? ", " : l[", "], held.Select(h => $"{(l is null ? h.Label : l[h.Label])} {h.Count}"));
        throw AppProblem.Conflict(l is null
            ? $"{node.Name} still holds {list}. Retire it instead of deleting it."
            : l["{0} still holds {1}. Retire it instead of deleting it.", node.Name, list]);
    }

    /// <summary>
    /// Carries the subtree below a moved node along: the descendants' paths and depths, and the path copy of every
    /// area-scoped row and of every other row that keeps a copy of a node's path (the node's own row is saved by the
    /// caller's change).
    /// </summary>
    public static async Task MoveAsync(GongzhiDb db, AreaNode node, string oldPrefix, int depthDelta, CancellationToken ct)
    {
        var newPrefix = node.Path;
        var id = node.Id;
        await db.Set<AreaNode>().IgnoreQueryFilters().Where(n => n.Path.StartsWith(oldPrefix) && n.Id != id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Path, n => newPrefix + n.Path.Substring(oldPrefix.Length))
                .SetProperty(n => n.Depth, n => n.Depth + depthDelta), ct);
        foreach (var type in db.Model.GetEntityTypes().Select(t => t.ClrType).Where(FollowsMoves))
            await (Task)MovePathsMethod.MakeGenericMethod(type).Invoke(null, [db, oldPrefix, newPrefix, ct])!;
    }

    private static readonly MethodInfo MovePathsMethod = typeof(AreaScoping).GetMethod(nameof(MovePathsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo UnderMethod = typeof(AreaScoping).GetMethod(nameof(Under), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo CountMethod = typeof(AreaScoping).GetMethod(nameof(CountTypedAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Task<int> MovePathsAsync<T>(GongzhiDb db, string oldPrefix, string newPrefix, CancellationToken ct) where T : class =>
        db.Set<T>().IgnoreQueryFilters().Where(e => EF.Property<string>(e, nameof(IAreaScoped.AreaPath)).StartsWith(oldPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(
                e => EF.Property<string>(e, nameof(IAreaScoped.AreaPath)),
                e => newPrefix + EF.Property<string>(e, nameof(IAreaScoped.AreaPath)).Substring(oldPrefix.Length)), ct);

    private static Task<int> CountAsync(GongzhiDb db, Type type, LambdaExpression predicate, CancellationToken ct) =>
        (Task<int>)CountMethod.MakeGenericMethod(type).Invoke(null, [db, predicate, ct])!;

    private static Task<int> CountTypedAsync<T>(GongzhiDb db, LambdaExpression predicate, CancellationToken ct) where T : class =>
        db.Set<T>().IgnoreQueryFilters().CountAsync((Expression<Func<T, bool>>)predicate, ct);

    private static LambdaExpression Under<T>(LambdaExpression path, string prefix) =>
        PathRange.Predicate((Expression<Func<T, string>>)path, prefix);

    private static LambdaExpression Equals(Type type, string property, long id)
    {
        var e = Expression.Parameter(type, "e");
        var member = Expression.Property(e, property);
        var value = Expression.Constant(id, typeof(long));
        var body = member.Type == typeof(long)
            ? Expression.Equal(member, value)
            : Expression.Equal(member, Expression.Convert(value, member.Type));
        return Expression.Lambda(body, e);
    }
}
