using System.Globalization;

namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// The form endpoints that are not (yet) page forms follow post/redirect/get: run the use case, then go back with
/// the outcome in a flash message (<see cref="Gongzhi.Components.Forms.FlashMessage"/>) — never in the URL.
/// Pages that show errors next to fields use <see cref="Gongzhi.Components.Forms.RecordPage{TRecord}"/> instead.
/// </summary>
public static class FormPost
{
    public static async Task<IResult> Handle(string back, Func<Task<(string Location, string Message)>> action)
    {
        try
        {
            var (location, message) = await action();
            return Gongzhi.Components.Forms.FlashMessage.Redirect(location, ok: true, message);
        }
        catch (AppProblem problem)
        {
            return Gongzhi.Components.Forms.FlashMessage.Redirect(back, ok: false, problem.Detail);
        }
    }

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
