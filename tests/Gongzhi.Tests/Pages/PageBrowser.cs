using System.Net;
using System.Text.RegularExpressions;
using Gongzhi.Tests.Infrastructure;
using Xunit;

namespace Gongzhi.Tests.Pages;

/// <summary>
/// An HTTP client that behaves like a browser on the pages: signed in with the cookie through the login form,
/// reads the antiforgery token from the page it is on and posts that page's forms.
/// </summary>
public sealed partial class PageBrowser(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public static async Task<PageBrowser> SignIn(GongzhiApp app, string userName)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var login = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/account/login", Form(("userName", userName), ("password", GongzhiApp.Password), ("__RequestVerificationToken", Token(login))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new PageBrowser(client);
    }

    public async Task<(HttpStatusCode Status, string Html)> Get(string url)
    {
        using var response = await Client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens <paramref name="url"/>, then posts the named page form on it with the given fields.</summary>
    public async Task<HttpResponseMessage> PostForm(string url, string formName, params (string Key, string Value)[] fields)
    {
        var (status, page) = await Get(url);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"value=\"{formName}\"", page); // the form is on the page (Blazor's _handler field)
        return await Client.PostAsync(url, Form([("_handler", formName), ("__RequestVerificationToken", Token(page)), .. fields]));
    }

    /// <summary>Posts to a form endpoint (under /forms) with the token of the page <paramref name="from"/>.</summary>
    public async Task<HttpResponseMessage> PostEndpoint(string from, string action, params (string Key, string Value)[] fields)
    {
        var (_, page) = await Get(from);
        return await Client.PostAsync(action, Form([("__RequestVerificationToken", Token(page)), .. fields]));
    }

    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no antiforgery token on the page");
        return match.Groups[1].Value;
    }

    /// <summary>The value attribute of the input with the given id, decoded.</summary>
    public static string? InputValue(string html, string id)
    {
        var tag = Regex.Match(html, $"<input[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>");
        if (!tag.Success) return null;
        var value = Regex.Match(tag.Value, "\\bvalue=\"([^\"]*)\"");
        return value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
    }

    /// <summary>The text of the field error shown for the input with the given id.</summary>
    public static string? FieldError(string html, string id)
    {
        var match = Regex.Match(html, $"<div class=\"invalid-feedback d-block\" id=\"{Regex.Escape(id)}-error\">([^<]*)</div>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
