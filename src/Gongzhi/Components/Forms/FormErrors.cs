using Gongzhi.Infrastructure.Http;

namespace Gongzhi.Components.Forms;

/// <summary>
/// What a use case refused in one form: the message per field (keys as the API names them, e.g. <c>idNumber</c>)
/// and a summary for problems that belong to no field.
/// </summary>
public sealed class FormErrors
{
    public static readonly FormErrors None = new(null, null, null);

    private readonly Dictionary<string, string[]> _fields;
    private readonly Dictionary<string, string?> _attempted;

    private FormErrors(string? form, AppProblem? problem, IDictionary<string, string?>? attempted)
    {
        Form = form;
        Problem = problem;
        _fields = new(problem?.Errors ?? new Dictionary<string, string[]>(), StringComparer.OrdinalIgnoreCase);
        _attempted = new(attempted ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
    }

    /// <param name="attempted">Posted text that could not be bound, by field: shown again as typed.</param>
    public static FormErrors From(string form, AppProblem problem, IDictionary<string, string?>? attempted = null) => new(form, problem, attempted);

    /// <summary>What the user typed into a field when it could not be read as the record's type.</summary>
    public string? Attempted(string form, string field) => Form == form && _attempted.TryGetValue(field, out var value) ? value : null;

    /// <summary>The form (its <c>FormName</c>) that was refused.</summary>
    public string? Form { get; }
    public AppProblem? Problem { get; }

    public bool For(string form) => Form == form;

    public string? Field(string form, string field) =>
        Form == form && _fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>
    /// The problem's message when some of it would otherwise go unseen: no field errors (e.g. a 409 conflict), or
    /// errors on fields the form does not show.
    /// </summary>
    public string? Summary(string form, params string[] shownFields) =>
        Form == form && Problem is not null && (_fields.Count == 0 || _fields.Keys.Any(k => !shownFields.Contains(k, StringComparer.OrdinalIgnoreCase)))
            ? Problem.Detail : null;
}
