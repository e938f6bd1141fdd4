using System.Linq.Expressions;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// "Everything under this node": a byte-order range on a materialized path, <c>[prefix, end)</c>, which both
/// databases answer from an index (a prefix <c>LIKE</c> or <c>substr</c> they cannot). Every prefix ends with '/',
/// and '0' is the character right after '/', so the end is the prefix with its last character replaced by '0'.
/// Paths compare bytewise: SQLite's BINARY collation, <c>COLLATE "C"</c> on PostgreSQL.
/// </summary>
public static class PathRange
{
    public static string End(string prefix) => prefix[..^1] + "0";

    public static IQueryable<T> Under<T>(this IQueryable<T> query, Expression<Func<T, string>> path, string prefix) =>
        query.Where(Predicate(path, prefix));

    public static Expression<Func<T, bool>> Predicate<T>(Expression<Func<T, string>> path, string prefix)
    {
        // The bounds go through a closure object, so EF sends them as parameters (one cached plan for every node).
        var bounds = Expression.Constant(new Bounds(prefix, End(prefix)));
        var compare = typeof(string).GetMethod(nameof(string.CompareTo), [typeof(string)])!;
        var from = Expression.GreaterThanOrEqual(Expression.Call(path.Body, compare, Expression.Property(bounds, nameof(Bounds.From))), Expression.Constant(0));
        var to = Expression.LessThan(Expression.Call(path.Body, compare, Expression.Property(bounds, nameof(Bounds.To))), Expression.Constant(0));
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(from, to), path.Parameters);
    }

    private sealed record Bounds(string From, string To);
}

/// <summary>Puts an expression where a lambda's parameter was, to reuse one rule over different members or lambdas.</summary>
public sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
}
