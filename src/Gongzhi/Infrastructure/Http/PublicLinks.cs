namespace Gongzhi.Infrastructure.Http;

/// <summary>
/// Absolute links to the app's public pages, for messages read outside it (a WeCom group, an e-mail, an SMS): the
/// setting <c>App:PublicBaseUrl</c> (e.g. https://gongzhi.example.cn, behind the reverse proxy), else the address the
/// current request came in on, else (background work with no setting) the path alone.
/// </summary>
public sealed class PublicLinks(IConfiguration configuration, IHttpContextAccessor accessor)
{
    public const string Setting = "App:PublicBaseUrl";

    /// <summary>The base without a trailing slash, or null when neither the setting nor a request gives one.</summary>
    public string? BaseUrl
    {
        get
        {
            // Read on every call (not bound once) so a changed setting applies to the next message.
            if (configuration[Setting] is { Length: > 0 } configured) return configured.TrimEnd('/');
            return accessor.HttpContext?.Request is { Host.HasValue: true } r ? $"{r.Scheme}://{r.Host}{r.PathBase}" : null;
        }
    }

    /// <summary><paramref name="path"/> (starting with '/') made absolute when a base is known.</summary>
    public string Absolute(string path) => BaseUrl is { } b ? b + path : path;

    /// <summary>
    /// A link of this app's own (a path, or an absolute link on the configured base or the request's host) as a local
    /// path to redirect to; null for anything else, so a stored link never becomes an open redirect.
    /// </summary>
    public string? LocalPath(string? link)
    {
        if (link is not { Length: > 0 }) return null;
        if (link[0] == '/') return link.Length == 1 || (link[1] != '/' && link[1] != '\\') ? link : null;
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var own = new List<string>();
        if (configuration[Setting] is { Length: > 0 } configured && Uri.TryCreate(configured, UriKind.Absolute, out var c)) own.Add(c.Authority);
        if (accessor.HttpContext?.Request.Host is { HasValue: true } host) own.Add(host.Value!);
        return own.Contains(uri.Authority, StringComparer.OrdinalIgnoreCase) ? uri.PathAndQuery : null;
    }
}
