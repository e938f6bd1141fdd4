using System.Globalization;

namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// Form posts of the server-rendered pages follow post/redirect/get: run the use case, then go back to a page with
/// <c>?ok=…</c> or <c>?error=…</c> (the same rule messages the API returns as problem details).
/// </summary>
public static class FormPost
{
    public static async Task<IResult> Handle(string back, Func<Task<(string Location, string Message)>> action)
    {
        try
        {
            var (location, message) = await action();
            return Results.Redirect(With(location, "ok", message));
        }
        catch (AppProblem problem)
        {
            return Results.Redirect(With(back, "error", problem.Detail));
        }
    }

    public static string With(string url, string key, string message) =>
        url + (url.Contains('?') ? "&" : "?") + key + "=" + Uri.EscapeDataString(message);

    public static string? Text(IFormCollection form, string key) =>
        form.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    /// <summary>An empty field is "not given"; a field that is not a whole number is a validation error.</summary>
    public static int? Int(IFormCollection form, string key, string message)
    {
        var text = Text(form, key);
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw AppProblem.Invalid(key, message);
    }

    public static long? Long(IFormCollection form, string key) =>
        long.TryParse(Text(form, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static TEnum? Enum<TEnum>(IFormCollection form, string key) where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(Text(form, key), ignoreCase: true, out var value) && System.Enum.IsDefined(value) ? value : null;
}
