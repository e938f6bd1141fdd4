using System.Linq.Expressions;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>
/// Every route of the OpenAPI document (and every page), walked as every demo role: a new route is covered by being
/// added. Scope: nothing of a subtree outside the caller's is returned (404 on reads) or changed (refused writes).
/// Personal data: no success body carries an ID number or phone in clear. Robustness: malformed bodies, wrong types,
/// empty and oversized parameters never give a 500, and every error is problem-details JSON.
/// </summary>
public abstract partial class RouteProbeTests(GongzhiApp app)
{
    private static readonly string[] AreaQueryNames = ["area", "under", "areaCode"];

    [Fact]
    public async Task No_role_reads_or_changes_anything_outside_its_subtree()
    {
        var probe = await RouteProbe.CreateAsync(app);
        var failures = new List<string>();
        foreach (var role in RouteProbe.Roles)
        {
            var client = role == "" ? app.Anonymous() : await app.ClientFor(role);
            foreach (var op in probe.Operations())
            {
                var query = string.Join("&", op.Parameters("query").Select(p => p.GetProperty("name").GetString()!)
                    .Select(n => AreaQueryNames.Contains(n, StringComparer.OrdinalIgnoreCase) ? $"{n}={probe.Samples["areaCode"]}"
                        : n.Equals("q", StringComparison.OrdinalIgnoreCase) ? $"{n}={Uri.EscapeDataString(probe.Marker)}" : null)
                    .Where(q => q is not null));
                var url = probe.Url(op) + (query.Length > 0 ? "?" + query : "");
                var aimsOutside = probe.AimsOutside(op) || query.Contains(probe.Samples["areaCode"]);
                var before = op.Method == "GET" ? null : await FingerprintAsync(probe);
                using var response = await client.SendAsync(RouteProbe.Request(op.Method, url, probe.Body(op)));
                var what = $"{(role == "" ? "anonymous" : role)}: {op.Method} {url}";
                var status = (int)response.StatusCode;
                if (status >= 500) failures.Add($"{what} → {await RouteProbe.DescribeAsync(response)}");
                if (op.Method == "GET" && aimsOutside && status is not (401 or 403 or 404))
                    failures.Add($"{what} read outside the subtree → {await RouteProbe.DescribeAsync(response)}");
                if (op.Method != "GET")
                {
                    if (aimsOutside && status < 400) failures.Add($"{what} was not refused → {await RouteProbe.DescribeAsync(response)}");
                    var changed = (await FingerprintAsync(probe)).ChangedSince(before);
                    if (changed.Length > 0) failures.Add($"{what} changed the subtree outside its reach ({status}): {changed}");
                }
                if (status < 300 && RouteProbe.IsText(response))
                {
                    var body = await response.Content.ReadAsStringAsync();
                    if (body.Contains(probe.Marker)) failures.Add($"{what} returned a record outside the subtree: {body[..Math.Min(300, body.Length)]}");
                    foreach (var clear in RouteProbe.ClearPersonalData(body)) failures.Add($"{what} carries {clear[..3]}… in clear");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task No_success_body_carries_personal_data_in_clear_unless_unmasking_was_asked()
    {
        var probe = await RouteProbe.CreateAsync(app);
        var admin = await app.ClientFor("admin");
        var failures = new List<string>();
        var read = 0;
        foreach (var op in probe.Operations().Where(o => o.Method == "GET" && !o.Template.Contains("unmask")))
        {
            foreach (var format in op.Parameters("query").Any(p => p.GetProperty("name").GetString() == "format") ? new[] { "csv", "xlsx" } : [""])
            {
                var url = probe.Url(op) + (format == "" ? "" : $"?format={format}&area={probe.Samples["areaCode"]}");
                using var response = await admin.GetAsync(url);
                if (!response.IsSuccessStatusCode) continue;
                read++;
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var text = format == "xlsx" ? RouteProbe.PackageText(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
                if (text.Contains(probe.IdNumber) || text.Contains(probe.Phone) || RouteProbe.ClearPersonalData(text).Any())
                    failures.Add($"GET {url} carries an ID number or phone in clear");
            }
        }
        Assert.True(read >= 10, $"only {read} reads succeeded: the probe's samples do not reach the routes");
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Asking for it is the exception, and it is audited.
        var unmasked = await admin.PostJson($"/api/residents/{probe.Samples["residents"]}/unmask", new { reason = "核实身份" }).Ok();
        Assert.Equal(probe.IdNumber, unmasked.Str("idNumber"));
        var resident = probe.Samples["residents"];
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(a => a.Action == "resident.unmask" && a.EntityId == resident)));
    }

    [Fact]
    public async Task Malformed_input_never_answers_500_and_every_error_is_a_problem()
    {
        var probe = await RouteProbe.CreateAsync(app);
        var admin = await app.ClientFor("admin");
        var failures = new List<string>();
        var huge = new string('9', 5000);
        foreach (var op in probe.Operations().OrderBy(o => o.Method == "DELETE"))
        {
            var attempts = new List<(string Url, HttpContent? Body)>();
            var url = probe.Url(op);
            foreach (var bad in new[] { "", "abc", "-1", huge, "'; DROP TABLE x;--", "%00" })
            {
                if (op.Parameters("path").Any()) attempts.Add((probe.Url(op, _ => bad), probe.Body(op)));
                foreach (var q in op.Parameters("query"))
                    attempts.Add(($"{url}?{q.GetProperty("name").GetString()}={Uri.EscapeDataString(bad)}", probe.Body(op)));
            }
            // Every query parameter given empty at once: "no filter", as pages build their links.
            if (op.Parameters("query").Any())
                attempts.Add(($"{url}?{string.Join("&", op.Parameters("query").Select(q => q.GetProperty("name").GetString() + "="))}", probe.Body(op)));
            if (op.BodyType is not null)
            {
                foreach (var raw in new[] { "{", "[]", "null", "\"text\"", "{\"a\":" + new string('[', 100) })
                    attempts.Add((url, RouteProbe.Raw(raw)));
                attempts.Add((url, WrongTypes(probe, op)));
                attempts.Add((url, Oversized(probe, op)));
                attempts.Add((url, new ByteArrayContent([0x50, 0x4B, 0x03, 0x04, 0xFF, 0x00, 0x13])));
            }
            foreach (var (target, body) in attempts)
            {
                using var response = await admin.SendAsync(RouteProbe.Request(op.Method, target, body));
                var status = (int)response.StatusCode;
                if (status >= 500)
                    failures.Add($"{op.Method} {Short(target)} → {await RouteProbe.DescribeAsync(response)}");
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{op.Method} {Short(target)} → {status} is not problem details ({response.Content.Headers.ContentType})");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    [Fact]
    public async Task Pages_outside_the_subtree_answer_404_and_show_nothing_of_it()
    {
        var probe = await RouteProbe.CreateAsync(app);
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && e.RoutePattern.Parameters.Count > 0 && !IsPublic(e))
            .Select(e => e.RoutePattern.RawText!).Distinct().ToList();
        Assert.NotEmpty(pages);
        var failures = new List<string>();
        foreach (var role in new[] { "grid1", "grid2", "community", "street" })
        {
            var client = await app.ClientFor(role);
            foreach (var template in pages)
            {
                var url = probe.Url(new RouteProbe.Operation("GET", template, PageParameters(template)));
                using var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden)) failures.Add($"{role}: GET {url} → {(int)response.StatusCode}");
                if (body.Contains(probe.Marker)) failures.Add($"{role}: GET {url} shows a record outside the subtree");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Pages_never_answer_500_to_odd_route_or_query_values()
    {
        var probe = await RouteProbe.CreateAsync(app);
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Component: e.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type))
            .Where(p => p.Component is not null)
            .GroupBy(p => p.Endpoint.RoutePattern.RawText).Select(g => g.First()).ToList();
        var client = await app.ClientFor("community");
        var failures = new List<string>();
        var huge = new string('9', 3000);
        foreach (var (endpoint, component) in pages)
        {
            var template = endpoint.RoutePattern.RawText!;
            // Query parameters are the component's [SupplyParameterFromQuery] properties.
            var queryNames = component!.GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Select(p => (Property: p, Attribute: p.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.SupplyParameterFromQueryAttribute), true).Cast<Microsoft.AspNetCore.Components.SupplyParameterFromQueryAttribute>().FirstOrDefault()))
                .Where(p => p.Attribute is not null).Select(p => p.Attribute!.Name ?? p.Property.Name).ToList();
            var operation = new RouteProbe.Operation("GET", template, PageParameters(template));
            var urls = new List<string>();
            foreach (var bad in new[] { "", "abc", "-1", huge, "%00" })
            {
                if (endpoint.RoutePattern.Parameters.Count > 0) urls.Add(probe.Url(operation, _ => bad));
                foreach (var q in queryNames) urls.Add($"{probe.Url(operation)}?{q}={Uri.EscapeDataString(bad)}");
            }
            if (queryNames.Count > 0) urls.Add($"{probe.Url(operation)}?{string.Join("&", queryNames.Select(q => q + "="))}");
            foreach (var url in urls)
            {
                using var response = await client.GetAsync(url);
                if ((int)response.StatusCode >= 500) failures.Add($"GET {(url.Length > 160 ? url[..160] + "…" : url)} → {(int)response.StatusCode}");
            }
        }
        Assert.True(pages.Count >= 10, $"only {pages.Count} pages found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Page_forms_and_form_posts_change_nothing_outside_the_subtree()
    {
        var probe = await RouteProbe.CreateAsync(app);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        // The admin sees the probe's subtree: its pages show every form a page has for such a record.
        var admin = await Gongzhi.Tests.Pages.PageBrowser.SignIn(app, "admin");
        var forms = new List<(string Url, string Handler, (string, string)[] Fields)>();
        foreach (var template in endpoints.Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null && e.RoutePattern.Parameters.Count > 0 && !IsPublic(e))
                     .Select(e => e.RoutePattern.RawText!).Distinct().Except(RouteProbe.UnscopedPages))
        {
            var url = probe.Url(new RouteProbe.Operation("GET", template, PageParameters(template)));
            var (status, html) = await admin.Get(url);
            Assert.True(status == HttpStatusCode.OK, $"admin: GET {url} → {(int)status}");
            foreach (var form in FormPattern().Matches(html).Cast<System.Text.RegularExpressions.Match>())
            {
                var handler = HandlerPattern().Match(form.Value);
                if (!handler.Success) continue;
                var fields = InputPattern().Matches(form.Value)
                    .Select(m => (m.Groups[1].Value, System.Net.WebUtility.HtmlDecode(m.Groups[2].Success && m.Groups[2].Value.Length > 0 ? m.Groups[2].Value : "探针")))
                    .Where(f => f.Item1 is not ("_handler" or "__RequestVerificationToken")).ToArray();
                forms.Add((url, handler.Groups[1].Value, fields));
            }
        }
        Assert.True(forms.Count >= 5, $"only {forms.Count} page forms found on the probe's records");
        var posts = endpoints.Where(e => e.RoutePattern.RawText?.StartsWith("/forms") == true
                                         && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText!).Distinct().ToList();
        Assert.NotEmpty(posts);

        var failures = new List<string>();
        foreach (var role in new[] { "grid1", "grid2", "community", "street" })
        {
            var browser = await Gongzhi.Tests.Pages.PageBrowser.SignIn(app, role);
            var (_, home) = await browser.Get("/");
            var token = Gongzhi.Tests.Pages.PageBrowser.Token(home);
            foreach (var (url, handler, fields) in forms)
            {
                var before = await FingerprintAsync(probe);
                using var response = await browser.Client.PostAsync(url, Gongzhi.Tests.Pages.PageBrowser.Form([("_handler", handler), ("__RequestVerificationToken", token), .. fields]));
                if ((int)response.StatusCode is not (400 or 403 or 404)) failures.Add($"{role}: form {handler} on {url} → {(int)response.StatusCode}");
                var changed = (await FingerprintAsync(probe)).ChangedSince(before);
                if (changed.Length > 0) failures.Add($"{role}: form {handler} on {url} changed the subtree outside its reach: {changed}");
            }
            foreach (var template in posts)
            {
                var action = probe.Url(new RouteProbe.Operation("POST", template, PageParameters(template)));
                var before = await FingerprintAsync(probe);
                using var response = await browser.Client.PostAsync(action, Gongzhi.Tests.Pages.PageBrowser.Form(("__RequestVerificationToken", token), ("name", "探针"), ("areaCodes", probe.Samples["areaCode"])));
                if ((int)response.StatusCode >= 500) failures.Add($"{role}: POST {action} → {(int)response.StatusCode}");
                var changed = (await FingerprintAsync(probe)).ChangedSince(before);
                if (changed.Length > 0) failures.Add($"{role}: POST {action} changed the subtree outside its reach: {changed}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [System.Text.RegularExpressions.GeneratedRegex("<form[^>]*method=\"post\"[^>]*>.*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex FormPattern();

    [System.Text.RegularExpressions.GeneratedRegex("name=\"_handler\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex HandlerPattern();

    [System.Text.RegularExpressions.GeneratedRegex("<(?:input|select|textarea)[^>]*\bname=\"([^\"]+)\"(?:[^>]*\bvalue=\"([^\"]*)\")?")]
    private static partial System.Text.RegularExpressions.Regex InputPattern();

    /// <summary>
    /// Pages for people without an account (the door-plate form, the tracking link): reached by an unguessable token,
    /// not by a subtree, so they answer anyone holding it. Their rules are tested in Requests/PublicIntakeTests.
    /// </summary>
    private static bool IsPublic(RouteEndpoint e) => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;

    /// <summary>A page route's parameters in the shape of an OpenAPI operation, so the probe fills them alike.</summary>
    private static JsonElement PageParameters(string template)
    {
        var names = System.Text.RegularExpressions.Regex.Matches(template, @"\{(\w+)").Select(m => new { name = m.Groups[1].Value, @in = "path" });
        return JsonSerializer.SerializeToElement(new { parameters = names });
    }

    private static string Short(string url) => url.Length > 160 ? url[..160] + "…" : url;

    /// <summary>Every property of every string's wrong type (an object for a string, text for the rest).</summary>
    private static HttpContent WrongTypes(RouteProbe probe, RouteProbe.Operation op) =>
        op.BodyType != "application/json" ? RouteProbe.Raw("{\"file\": 1}")
        : RouteProbe.Raw(JsonSerializer.Serialize(BodyProperties(probe, op).ToDictionary(p => p.Name,
            p => RouteProbe.Types(p.Schema) is var t && (t.Contains("string") || t.Count == 0) ? (object)new { nested = 1 } : "not-a-number")));

    /// <summary>Every string property 20,000 characters long.</summary>
    private static HttpContent Oversized(RouteProbe probe, RouteProbe.Operation op) =>
        op.BodyType != "application/json" ? RouteProbe.Raw("{}")
        : RouteProbe.Raw(JsonSerializer.Serialize(BodyProperties(probe, op).Where(p => RouteProbe.Types(p.Schema).Contains("string"))
            .ToDictionary(p => p.Name, _ => new string('长', 20000))));

    private static IEnumerable<(string Name, JsonElement Schema)> BodyProperties(RouteProbe probe, RouteProbe.Operation op)
    {
        var schema = probe.Resolve(op.Spec.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        return schema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => (p.Name, probe.Resolve(p.Value))).ToList() : [];
    }

    /// <summary>Every row under the probe's subtree, every account bound there and the probe's saved search, as one string.</summary>
    /// <summary>
    /// The probe subtree's rows per table, each table's rows sorted as text: PostgreSQL returns an unordered query's
    /// rows in whatever order its plan gives, and a plan changes when autovacuum analyses a table mid-test.
    /// </summary>
    private Task<Fingerprint> FingerprintAsync(RouteProbe probe) => app.Db(async db =>
    {
        var options = new JsonSerializerOptions { ReferenceHandler = ReferenceHandler.IgnoreCycles };
        var tables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, IEnumerable<object> rows) =>
            tables[tables.ContainsKey(name) ? $"{name}#{tables.Count}" : name] =
                string.Join("\n", rows.Select(r => JsonSerializer.Serialize(r, r.GetType(), options)).Order(StringComparer.Ordinal));
        foreach (var entity in db.Model.GetEntityTypes().Where(t => AreaScoping.IsScoped(t.ClrType) || t.ClrType == typeof(Gongzhi.Modules.Areas.Domain.AreaNode)))
        {
            var list = await (Task<List<object>>)typeof(RouteProbeTests).GetMethod(nameof(RowsUnder), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(entity.ClrType).Invoke(null, [db, probe.AreaPath])!;
            Add(entity.GetTableName() ?? entity.ClrType.Name, list);
        }
        var userId = probe.Samples["users"];
        Add("users", await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (object)new { u.UserName, u.PasswordHash, u.LockoutEnd, u.SecurityStamp }).ToListAsync());
        Add("user_area_assignments", await db.UserAreaAssignments.AsNoTracking().Where(a => a.UserId == userId).Select(a => (object)a.AreaNodeId).ToListAsync());
        var saved = long.Parse(probe.Samples["saved-searches"]);
        Add("saved_searches", await db.SavedSearches.AsNoTracking().Where(s => s.Id == saved).Select(s => (object)(s.Name + s.Query)).ToListAsync());
        Add("departments", await db.Departments.AsNoTracking().Select(d => (object)(d.Code + d.Name + d.RetiredAt)).ToListAsync());
        return new Fingerprint(tables);
    });

    /// <summary>A subtree's rows by table; two compare equal when every table holds the same rows.</summary>
    private sealed record Fingerprint(SortedDictionary<string, string> Tables)
    {
        /// <summary>The tables whose rows differ, to name in a failure.</summary>
        public string ChangedSince(Fingerprint? before) => before is null ? "" : string.Join(", ",
            Tables.Keys.Union(before.Tables.Keys).Where(k => Tables.GetValueOrDefault(k) != before.Tables.GetValueOrDefault(k)));
    }

    private static async Task<List<object>> RowsUnder<T>(GongzhiDb db, string path) where T : class
    {
        var e = Expression.Parameter(typeof(T));
        var member = typeof(T) == typeof(Gongzhi.Modules.Areas.Domain.AreaNode) ? "Path" : "AreaPath";
        var predicate = PathRange.Predicate(Expression.Lambda<Func<T, string>>(Expression.Property(e, member), e), path);
        return [.. await db.Set<T>().IgnoreQueryFilters().AsNoTracking().Where(predicate).ToListAsync()];
    }
}

[Collection(SqliteCollection.Name)]
public sealed class RouteProbeTestsOnSqlite(SqliteApp app) : RouteProbeTests(app);

[Collection(PostgresCollection.Name)]
public sealed class RouteProbeTestsOnPostgres(PostgresApp app) : RouteProbeTests(app);
