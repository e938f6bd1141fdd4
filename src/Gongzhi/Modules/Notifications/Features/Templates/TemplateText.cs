using System.Text.RegularExpressions;

namespace Gongzhi.Modules.Notifications.Features.Templates;

/// <summary>Templates name their variables in braces: <c>{name}</c>; <c>{{</c> and <c>}}</c> are literal braces.</summary>
public static partial class TemplateText
{
    public static readonly string[] Cultures = ["zh-CN", "en-US"];

    [GeneratedRegex(@"\{\{|\}\}|\{([^{}]*)\}")]
    private static partial Regex Placeholder();

    /// <summary>The variable names a text uses (in order of first use).</summary>
    public static IReadOnlyList<string> Variables(string text) =>
        [.. Placeholder().Matches(text).Where(m => m.Groups[1].Success).Select(m => m.Groups[1].Value.Trim()).Distinct()];

    /// <summary>Names used by <paramref name="text"/> that are not in <paramref name="declared"/>.</summary>
    public static IReadOnlyList<string> Unknown(string text, IEnumerable<string> declared) =>
        [.. Variables(text).Except(declared, StringComparer.Ordinal)];

    /// <summary>Fills the variables; a missing value renders as empty text.</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => m.Value switch
        {
            "{{" => "{",
            "}}" => "}",
            _ => values.TryGetValue(m.Groups[1].Value.Trim(), out var v) ? v : "",
        });

    /// <summary>The language a message is rendered in: the recipient's if supported, else Chinese.</summary>
    public static string CultureOf(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-US" : "zh-CN";
}
