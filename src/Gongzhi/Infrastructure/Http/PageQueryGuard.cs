using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// Blazor binds a page's <c>[SupplyParameterFromQuery]</c> properties by type and throws on a value it cannot
/// parse (<c>?ageMin=abc</c>), which would be a 500. This checks those values first, by the same types, and answers a
/// 400 problem naming the parameter. Empty values are fine: they mean "no filter".
/// </summary>
public sealed class PageQueryGuard(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Type, (string Name, Type Type)[]> Parameters = new();

    public Task InvokeAsync(HttpContext context, IStringLocalizer<SharedResource> l)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type is { } page && context.Request.Query.Count > 0)
        {
            foreach (var (name, type) in Parameters.GetOrAdd(page, QueryParameters))
            {
                if (!context.Request.Query.TryGetValue(name, out var values)) continue;
                foreach (var value in values)
                    if (!string.IsNullOrEmpty(value) && !CanParse(value, type))
                        throw AppProblem.Invalid(name, l["'{0}' is not a valid value for {1}.", value.Length > 40 ? value[..40] + "…" : value, name]);
            }
        }
        return next(context);
    }

    private static (string, Type)[] QueryParameters(Type page) =>
        [.. page.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => (p.Attribute!.Name ?? p.Property.Name, p.Property.PropertyType))];

    /// <summary>The types Blazor binds from a query string, parsed as it parses them (invariant culture).</summary>
    public static bool CanParse(string value, Type type)
    {
        type = type.IsArray ? type.GetElementType()! : type;
        type = Nullable.GetUnderlyingType(type) ?? type;
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(string) => true,
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, c, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, c, out _),
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Float, c, out _),
            _ when type == typeof(float) => float.TryParse(value, NumberStyles.Float, c, out _),
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, c, out _),
            _ when type == typeof(DateOnly) => DateOnly.TryParse(value, c, out _),
            _ when type == typeof(DateTime) => DateTime.TryParse(value, c, DateTimeStyles.None, out _),
            _ when type == typeof(TimeOnly) => TimeOnly.TryParse(value, c, out _),
            _ when type == typeof(Guid) => Guid.TryParse(value, out _),
            _ => true,
        };
    }
}
