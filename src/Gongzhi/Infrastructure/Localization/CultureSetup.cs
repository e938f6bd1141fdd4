using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Gongzhi.Infrastructure.Localization;

/// <summary>
/// zh-CN is the default language and en-US the second. Pages follow the language cookie (set from the account's
/// preference at sign-in and by the switcher); the API also honours Accept-Language.
/// </summary>
public static class CultureSetup
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";
    public static readonly string[] Supported = [Chinese, English];

    public static RequestLocalizationOptions Options()
    {
        var cultures = Supported.Select(c => new CultureInfo(c)).ToList();
        return new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Chinese),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new ApiAcceptLanguageProvider(),
            ],
        };
    }

    public static string Normalize(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;

    public static void WriteCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Normalize(culture))),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });

    /// <summary>Accept-Language for API clients only: a page shows Chinese unless its user chose otherwise.</summary>
    private sealed class ApiAcceptLanguageProvider : RequestCultureProvider
    {
        private readonly AcceptLanguageHeaderRequestCultureProvider _inner = new();

        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            httpContext.Request.Path.StartsWithSegments("/api")
                ? _inner.DetermineProviderCultureResult(httpContext)
                : NullProviderCultureResult;
    }
}
