using Microsoft.AspNetCore.DataProtection;

namespace Gongzhi.Components.Forms;

/// <summary>
/// The outcome of a form post shown once on the page it redirects to (post/redirect/get). It travels in a
/// short-lived, data-protected cookie rather than the URL, so nobody can craft a link that makes the site say
/// something it did not say.
/// </summary>
public static class FlashMessage
{
    private const string Cookie = "gongzhi.flash";
    private const string Purpose = "Gongzhi.FlashMessage";

    public static void Set(HttpContext http, bool ok, string message)
    {
        var protector = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        http.Response.Cookies.Append(Cookie, protector.Protect((ok ? "ok:" : "error:") + message), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = TimeSpan.FromMinutes(1), Secure = http.Request.IsHttps,
        });
    }

    /// <summary>Reads the message and deletes the cookie, so a reload does not show it again.</summary>
    public static (bool Ok, string Message)? Take(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(Cookie, out var value) || string.IsNullOrEmpty(value)) return null;
        if (!http.Response.HasStarted) http.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });
        try
        {
            var text = http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(value);
            return text.StartsWith("ok:", StringComparison.Ordinal) ? (true, text[3..]) : (false, text[(text.IndexOf(':') + 1)..]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // not ours (or from a rotated key): show nothing rather than a forged text
        }
    }

    /// <summary>A redirect that leaves a flash message behind (the minimal-API form endpoints).</summary>
    public static IResult Redirect(string location, bool ok, string message) => new FlashRedirect(location, ok, message);

    private sealed class FlashRedirect(string location, bool ok, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            Set(http, ok, message);
            return Results.Redirect(location).ExecuteAsync(http);
        }
    }
}
