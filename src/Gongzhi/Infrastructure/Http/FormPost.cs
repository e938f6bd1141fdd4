namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// The form endpoints that take no typed input (retire, restore, delete, uploads, the staff binding chips) follow
/// post/redirect/get: run the use case, then go back with the outcome in a flash message
/// (<see cref="Gongzhi.Components.Forms.FlashMessage"/>) — never in the URL. Forms with fields are page forms
/// (<see cref="Gongzhi.Components.Forms.FormComponent"/>): a refused post renders the page again with the input kept.
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
}
