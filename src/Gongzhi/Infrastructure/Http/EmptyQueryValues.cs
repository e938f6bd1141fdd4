using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// A GET form sends every field, filled or not (<c>?page=&amp;sex=</c>), and the pages build links from such forms.
/// Minimal APIs cannot bind an empty value to <c>int?</c>, <c>bool?</c>, an enum or a date and answer 400. Under
/// <c>/api</c> an empty query value is what it means to a user: the condition was not given.
/// </summary>
public static class EmptyQueryValues
{
    /// <summary>Applied to every API request, so no module has to remember it.</summary>
    public static IApplicationBuilder UseEmptyQueryValuesAsAbsent(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api")) DropEmptyValues(context.Request);
            return next(context);
        });

    private static void DropEmptyValues(HttpRequest request)
    {
        var query = request.Query;
        if (!query.Any(pair => pair.Value.Any(string.IsNullOrWhiteSpace))) return;
        var kept = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in query)
        {
            var filled = values.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
            if (filled.Length > 0) kept[key] = new StringValues(filled);
        }
        var rebuilt = new QueryBuilder(kept.SelectMany(pair => pair.Value.Select(v => new KeyValuePair<string, string>(pair.Key, v!))));
        request.QueryString = rebuilt.ToQueryString();
        request.Query = new QueryCollection(kept);
    }
}
