using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Infrastructure.Database;

/// <summary>
/// Names the index SQLite must start a query from, where its planner cannot tell: it has no statistics on ranges, so
/// between a range on the area path and a range on the birth date it guesses, and a wrong guess costs a scan of a
/// million index entries. A query says <c>.PreferIndex("residents", "r", "IX_residents_age")</c> (a tag EF writes as a
/// comment); on SQLite the command gets <c>INDEXED BY</c> on that table. PostgreSQL ignores the tag and plans by its
/// statistics.
/// </summary>
public static class IndexHints
{
    private const string Prefix = "sqlite-index:";

    public static IQueryable<T> PreferIndex<T>(this IQueryable<T> query, string table, string alias, string index) =>
        query.TagWith($"{Prefix}{table}|{alias}|{index}");

    /// <summary>The command text with the hints it carries applied (each to the first FROM of its table and alias).</summary>
    public static string Apply(string sql)
    {
        var start = sql.IndexOf("-- " + Prefix, StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = sql.IndexOf('\n', start);
            var parts = sql[(start + 3 + Prefix.Length)..(end < 0 ? sql.Length : end)].Trim().Split('|');
            if (parts.Length == 3)
            {
                var from = $"FROM \"{parts[0]}\" AS \"{parts[1]}\"";
                var at = sql.IndexOf(from, StringComparison.Ordinal);
                if (at >= 0 && !sql.AsSpan(at + from.Length).TrimStart().StartsWith("INDEXED BY", StringComparison.Ordinal))
                    sql = sql.Insert(at + from.Length, $" INDEXED BY \"{parts[2]}\"");
            }
            start = end < 0 ? -1 : sql.IndexOf("-- " + Prefix, end, StringComparison.Ordinal);
        }
        return sql;
    }
}

/// <summary>Applies <see cref="IndexHints"/> to SQLite commands.</summary>
public sealed class SqliteIndexHintInterceptor : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        command.CommandText = IndexHints.Apply(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        command.CommandText = IndexHints.Apply(command.CommandText);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        command.CommandText = IndexHints.Apply(command.CommandText);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        command.CommandText = IndexHints.Apply(command.CommandText);
        return ValueTask.FromResult(result);
    }
}
