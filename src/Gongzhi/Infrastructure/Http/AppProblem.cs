namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// A rule a request broke, with a message already in the caller's language. Use cases throw it; the API turns it
/// into an RFC 9457 problem-details response and pages show its message next to the form.
/// </summary>
public sealed class AppProblem(int status, string detail, IDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Detail { get; } = detail;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static AppProblem NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);
    public static AppProblem Conflict(string detail) => new(StatusCodes.Status409Conflict, detail);
    public static AppProblem Forbidden(string detail) => new(StatusCodes.Status403Forbidden, detail);

    public static AppProblem Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors and throws them together, so a form learns everything wrong at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public bool IsValid => _errors.Count == 0;

    public IEnumerable<(string Field, IReadOnlyList<string> Messages)> Errors => _errors.Select(e => (e.Key, (IReadOnlyList<string>)e.Value));

    public void ThrowIfInvalid()
    {
        if (IsValid) return;
        var errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        throw new AppProblem(StatusCodes.Status400BadRequest, string.Join(" ", errors.SelectMany(e => e.Value)), errors);
    }
}
