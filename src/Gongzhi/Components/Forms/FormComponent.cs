using Gongzhi.Infrastructure.Http;
using Gongzhi.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Components.Forms;

/// <summary>
/// A component with forms posted to the page itself (static SSR, <c>@formname</c>, the API's record bound with
/// <c>[SupplyParameterFromForm]</c>): on success post/redirect/get with a flash message; on a refused request the
/// page renders again with what the user typed, each error next to its field, and the problem's HTTP status.
/// </summary>
public abstract class FormComponent : ComponentBase
{
    [CascadingParameter] public HttpContext? Http { get; set; }
    /// <summary>Where posted text that did not fit the record (a letter in a number field) is reported.</summary>
    [CascadingParameter] public Microsoft.AspNetCore.Components.Forms.FormMappingContext? Mapping { get; set; }
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Localizer { get; set; } = default!;

    protected FormErrors Errors { get; set; } = FormErrors.None;

    /// <summary>
    /// Runs a form's use case. <paramref name="action"/> answers the success message and, optionally, where to go
    /// (default: this page again, without its query string's form state).
    /// </summary>
    protected async Task SubmitAsync(string form, Func<Task<(string Message, string? Location)>> action)
    {
        string message;
        string? location;
        try
        {
            // Text that could not be bound would otherwise arrive as "not given" and be saved as empty.
            var unreadable = Unreadable(form);
            if (unreadable.Count > 0)
            {
                var errors = unreadable.ToDictionary(u => u.Key, u => new[] { Localizer["“{0}” is not a valid value here.", u.Value ?? ""].Value });
                throw new AppProblem(StatusCodes.Status400BadRequest, string.Join(" ", errors.Values.SelectMany(v => v)), errors);
            }
            (message, location) = await action();
        }
        catch (AppProblem p)
        {
            Errors = FormErrors.From(form, p, Unreadable(form));
            SetStatus(p.Status);
            return;
        }
        if (Http is not null) FlashMessage.Set(Http, ok: true, message);
        Navigation.NavigateTo(location ?? Navigation.ToAbsoluteUri(Navigation.Uri).PathAndQuery);
    }

    protected Task SubmitAsync(string form, Func<Task<string>> action) =>
        SubmitAsync(form, async () => (await action(), (string?)null));

    /// <summary>
    /// Posted values the form binder could not convert, by field key, with the text as typed. A record bound through
    /// its constructor reports them on the record as "The value '{0}' is not valid for '{1}'."; a parameter that
    /// was simply not posted ("Missing required value …", one argument) is no error here: it is "not given".
    /// </summary>
    private Dictionary<string, string?> Unreadable(string form)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var error in Mapping?.GetAllErrors(form) ?? [])
            foreach (var m in error.ErrorMessages)
            {
                // An empty field is "not given" too, whatever the binder thinks of "" for its type.
                if (m.ArgumentCount == 2 && !string.IsNullOrWhiteSpace(m.GetArgument(0)?.ToString()))
                    result[FieldKey(m.GetArgument(1)?.ToString() ?? error.Path)] = m.GetArgument(0)?.ToString();
                else if (m.ArgumentCount is not (1 or 2) && !string.IsNullOrWhiteSpace(error.AttemptedValue))
                    result[FieldKey(error.Path)] = error.AttemptedValue;
            }
        return result;
    }

    /// <summary>"Edit.Floor" → "floor": the key the use cases and the API name the field by.</summary>
    private static string FieldKey(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        return name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
    }

    protected void SetStatus(int status)
    {
        if (Http is null || Http.Response.HasStarted) return;
        // Set when the headers go out, not now: the component endpoint drops the body of a response that is 404
        // when rendering ends (it expects a separate not-found page), and this page shows the problem itself.
        var http = Http;
        http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        });
    }
}
