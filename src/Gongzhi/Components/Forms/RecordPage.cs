using Gongzhi.Infrastructure.Http;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Components.Forms;

/// <summary>
/// A page about one record (an area, a household, a resident …): loads it, or shows the problem with its HTTP
/// status (a record outside the caller's subtree answers 404, not an empty page with 200); and runs the page's
/// forms: on success post/redirect/get with a flash message, on a refused request the page renders again with
/// what the user typed, each error next to its field, and the problem's status.
/// </summary>
public abstract class RecordPage<TRecord> : ComponentBase where TRecord : class
{
    [CascadingParameter] public HttpContext? Http { get; set; }
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    protected TRecord? Record { get; private set; }
    protected AppProblem? Problem { get; private set; }
    protected FormErrors Errors { get; private set; } = FormErrors.None;

    protected abstract Task<TRecord> LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        try
        {
            Record = await LoadAsync();
        }
        catch (AppProblem p)
        {
            Problem = p;
            SetStatus(p.Status);
        }
    }

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
            (message, location) = await action();
        }
        catch (AppProblem p)
        {
            Errors = FormErrors.From(form, p);
            SetStatus(p.Status);
            return;
        }
        if (Http is not null) FlashMessage.Set(Http, ok: true, message);
        Navigation.NavigateTo(location ?? Navigation.ToAbsoluteUri(Navigation.Uri).PathAndQuery);
    }

    protected Task SubmitAsync(string form, Func<Task<string>> action) =>
        SubmitAsync(form, async () => (await action(), (string?)null));

    private void SetStatus(int status)
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
