using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Gongzhi.Tests.Open311;

/// <summary>
/// Open311 GeoReport v2 at /open311/v2 against the specification's names: discovery, services, definitions, POST and
/// GET requests, tokens, in JSON and XML; the errors' shape; API keys; and no personal data in any public answer.
/// </summary>
public abstract class Open311Tests(GongzhiApp app)
{
    private const string Base = "/open311/v2";
    private static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
        "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
    ];

    private async Task<string> IssueKeyAsync(string kind = "Open311")
    {
        var admin = await app.ClientFor("admin");
        return (await admin.PostJson("/api/open311/keys", new { name = GongzhiApp.Unique("客户端"), kind }).Ok(HttpStatusCode.Created)).Str("apiKey");
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static async Task<(HttpStatusCode Status, string Body)> Raw(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    private static void AssertError(string body, int code, string format = "json")
    {
        if (format == "xml")
        {
            var root = XDocument.Parse(body).Root!;
            Assert.Equal("errors", root.Name.LocalName);
            var error = Assert.Single(root.Elements()) is var e && e.Name.LocalName == "error" ? e : throw new Xunit.Sdk.XunitException(body);
            Assert.Equal(code.ToString(), error.Element("code")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(error.Element("description")!.Value));
            return;
        }
        var errors = Json(body).EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        foreach (var error in errors)
        {
            Assert.Equal(["code", "description"], error.EnumerateObject().Select(p => p.Name));
            Assert.Equal(code, error.GetProperty("code").GetInt32());
        }
    }

    private async Task<JsonElement> PostAsync(string apiKey, string description, params (string Key, string Value)[] extra)
    {
        (string, string)[] fields = [("api_key", apiKey), ("service_code", "property.leak"), ("lat", "35.55"), ("long", "116.83"), ("description", description), .. extra];
        var (status, body) = await Raw(app.Anonymous().PostAsync($"{Base}/requests.json", Form(fields)));
        Assert.True(status == HttpStatusCode.Created, $"{status}: {body}");
        return Json(body).EnumerateArray().Single();
    }

    [Fact]
    public async Task Discovery_services_and_definitions_use_the_specifications_names_in_json_and_xml()
    {
        var client = app.Anonymous();
        var discovery = Json((await Raw(client.GetAsync($"{Base}/discovery.json"))).Body);
        Assert.Equal(["changeset", "contact", "key_service", "endpoints"], discovery.EnumerateObject().Select(p => p.Name));
        var endpoint = discovery.GetProperty("endpoints").EnumerateArray().Single();
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.Str("specification"));
        Assert.EndsWith("/open311/v2", endpoint.Str("url"));
        Assert.Equal(["text/xml", "application/json"], endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
        var discoveryXml = XDocument.Parse((await Raw(client.GetAsync($"{Base}/discovery.xml"))).Body).Root!;
        Assert.Equal("discovery", discoveryXml.Name.LocalName);
        Assert.Equal(["text/xml", "application/json"], discoveryXml.Element("endpoints")!.Element("endpoint")!.Element("formats")!.Elements("format").Select(f => f.Value));

        var (status, body) = await Raw(client.GetAsync($"{Base}/services.json"));
        Assert.Equal(HttpStatusCode.OK, status);
        var services = Json(body).EnumerateArray().ToList();
        var leak = services.Single(s => s.Str("service_code") == "property.leak");
        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], leak.EnumerateObject().Select(p => p.Name));
        Assert.Equal("漏水", leak.Str("service_name"));
        Assert.Equal("物业管理", leak.Str("group"));
        Assert.False(leak.GetProperty("metadata").GetBoolean());
        Assert.Equal("realtime", leak.Str("type"));

        using var xmlResponse = await client.GetAsync($"{Base}/services.xml");
        Assert.Equal("text/xml", xmlResponse.Content.Headers.ContentType!.MediaType);
        var xml = XDocument.Parse(await xmlResponse.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("services", xml.Name.LocalName);
        var leakXml = xml.Elements("service").Single(s => s.Element("service_code")!.Value == "property.leak");
        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], leakXml.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(services.Count, xml.Elements("service").Count());

        var definition = Json((await Raw(client.GetAsync($"{Base}/services/property.leak.json"))).Body);
        Assert.Equal("property.leak", definition.Str("service_code"));
        Assert.Equal(0, definition.GetProperty("attributes").GetArrayLength());
        var definitionXml = XDocument.Parse((await Raw(client.GetAsync($"{Base}/services/property.leak.xml"))).Body).Root!;
        Assert.Equal("service_definition", definitionXml.Name.LocalName);
        Assert.NotNull(definitionXml.Element("attributes"));

        var missing = await Raw(client.GetAsync($"{Base}/services/no-such.json"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        AssertError(missing.Body, 404);
        var missingXml = await Raw(client.GetAsync($"{Base}/services/no-such.xml"));
        AssertError(missingXml.Body, 404, "xml");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/services.csv")).StatusCode);
    }

    [Fact]
    public async Task A_posted_request_is_placed_by_jurisdiction_and_reads_back_without_personal_data()
    {
        var key = await IssueKeyAsync();
        var marker = GongzhiApp.Unique("漏水");
        var answer = await PostAsync(key, $"{marker} 联系13987654321或 li@example.com",
            ("email", "li.si@example.com"), ("phone", "13812349876"), ("first_name", "四"), ("last_name", "李"), ("device_id", "dev-1"),
            ("account_id", "acc-7"), ("media_url", "https://img.example.com/a.jpg"), ("jurisdiction_id", "nanmen-w01"),
            ("attribute[floor]", "3"), ("address_string", "玉苑小区12号楼"));
        Assert.Equal(["service_request_id", "token", "service_notice", "account_id"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("acc-7", answer.Str("account_id"));
        var id = answer.Str("service_request_id");
        var token = answer.Str("token");

        var (status, body) = await Raw(app.Anonymous().GetAsync($"{Base}/requests/{id}.json"));
        Assert.Equal(HttpStatusCode.OK, status);
        var read = Json(body).EnumerateArray().Single();
        Assert.Equal(RequestFields, read.EnumerateObject().Select(p => p.Name));
        Assert.Equal("open", read.Str("status"));
        Assert.Equal("property.leak", read.Str("service_code"));
        Assert.Equal(35.55, read.GetProperty("lat").GetDouble());
        Assert.Equal(116.83, read.GetProperty("long").GetDouble());
        Assert.Equal("https://img.example.com/a.jpg", read.Str("media_url"));
        Assert.Equal("玉苑小区12号楼", read.Str("address"));
        foreach (var time in new[] { "requested_datetime", "updated_datetime", "expected_datetime" })
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$", read.Str(time));
        Assert.Contains(marker, read.Str("description"));

        var xmlBody = (await Raw(app.Anonymous().GetAsync($"{Base}/requests/{id}.xml"))).Body;
        var xml = XDocument.Parse(xmlBody).Root!;
        Assert.Equal("service_requests", xml.Name.LocalName);
        Assert.Equal(RequestFields, xml.Element("request")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("open", xml.Element("request")!.Element("status")!.Value);

        var listBody = (await Raw(app.Anonymous().GetAsync($"{Base}/requests.json?service_request_id={id}"))).Body;
        foreach (var text in new[] { body, xmlBody, listBody })
        {
            Assert.DoesNotContain("13812349876", text);
            Assert.DoesNotContain("13987654321", text);
            Assert.DoesNotContain("li.si@example.com", text);
            Assert.DoesNotContain("li@example.com", text);
            Assert.DoesNotContain("李四", text);
        }

        var byToken = Json((await Raw(app.Anonymous().GetAsync($"{Base}/tokens/{token}.json"))).Body).EnumerateArray().Single();
        Assert.Equal(id, byToken.Str("service_request_id"));
        Assert.Equal(token, byToken.Str("token"));
        var tokenXml = XDocument.Parse((await Raw(app.Anonymous().GetAsync($"{Base}/tokens/{token}.xml"))).Body).Root!;
        Assert.Equal(id, tokenXml.Element("request")!.Element("service_request_id")!.Value);
        AssertError((await Raw(app.Anonymous().GetAsync($"{Base}/tokens/nope.json"))).Body, 404);

        var stored = await app.Db(db => db.Requests.IgnoreQueryFilters().SingleAsync(r => r.TrackingCode == id));
        Assert.Equal(RequestChannel.Open311, stored.Channel);
        Assert.Equal("李四", stored.SubmitterName);
        Assert.Equal("138****9876", stored.SubmitterPhoneMasked);
        Assert.DoesNotContain("13812349876", stored.SubmitterPhoneCipher!);
        var node = await app.Db(db => db.AreaNodes.SingleAsync(n => n.Id == stored.AreaNodeId));
        Assert.Equal(DemoCodes.Grid1, node.Code);
        var submission = await app.Db(db => db.Open311Submissions.SingleAsync(s => s.ServiceRequestId == id));
        Assert.Equal("floor=3", submission.Attributes);
        Assert.Equal("nanmen-w01", submission.JurisdictionId);
        Assert.DoesNotContain("example.com", submission.EmailCipher!);
        Assert.True(await app.Db(db => db.AuditEntries.AnyAsync(a => a.Action == "request.create" && a.EntityId == stored.Id.ToString() && a.Detail!.Contains("Open311"))));

        // The grid's staff see it in their lists like any other request.
        var grid1 = await app.ClientFor("grid1");
        Assert.Equal("Open311", (await grid1.GetAsync($"/api/requests/{stored.Id}").Ok()).GetProperty("request").Str("channel"));
    }

    [Fact]
    public async Task Without_a_jurisdiction_a_request_lands_on_the_default_area()
    {
        var key = await IssueKeyAsync();
        var id = (await PostAsync(key, GongzhiApp.Unique("路灯不亮"))).Str("service_request_id");
        var nodeId = await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.TrackingCode == id).Select(r => r.AreaNodeId).SingleAsync());
        Assert.Equal(DemoCodes.OtherStreet, await app.Db(db => db.AreaNodes.Where(n => n.Id == nodeId).Select(n => n.Code).SingleAsync()));
    }

    [Fact]
    public async Task Posts_without_a_valid_key_or_with_bad_fields_are_refused_in_the_specifications_format_and_change_nothing()
    {
        var marker = GongzhiApp.Unique("拒绝");
        var client = app.Anonymous();
        (string, string)[] good = [("service_code", "property.leak"), ("address_string", "某路1号"), ("description", marker)];

        var noKey = await Raw(client.PostAsync($"{Base}/requests.json", Form(good)));
        Assert.Equal(HttpStatusCode.Forbidden, noKey.Status);
        AssertError(noKey.Body, 403);
        var unknown = await Raw(client.PostAsync($"{Base}/requests.xml", Form([("api_key", "gzo_forged"), .. good])));
        Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
        AssertError(unknown.Body, 403, "xml");

        var admin = await app.ClientFor("admin");
        var issued = await admin.PostJson("/api/open311/keys", new { name = GongzhiApp.Unique("将吊销") }).Ok(HttpStatusCode.Created);
        await admin.PostAsync($"/api/open311/keys/{issued.GetProperty("id").GetInt64()}/revoke", null).Ok();
        var revoked = await Raw(client.PostAsync($"{Base}/requests.json", Form([("api_key", issued.Str("apiKey")), .. good])));
        Assert.Equal(HttpStatusCode.Forbidden, revoked.Status);
        AssertError(revoked.Body, 403);
        var hotlineKey = await IssueKeyAsync("Hotline");
        Assert.Equal(HttpStatusCode.Forbidden, (await Raw(client.PostAsync($"{Base}/requests.json", Form([("api_key", hotlineKey), .. good])))).Status);

        var key = await IssueKeyAsync();
        foreach (var (fields, expected) in new (List<(string, string)> Fields, HttpStatusCode Expected)[]
        {
            ([("api_key", key), ("address_string", "某路1号"), ("description", marker)], HttpStatusCode.BadRequest),
            ([("api_key", key), ("service_code", "no-such"), ("address_string", "某路1号"), ("description", marker)], HttpStatusCode.NotFound),
            ([("api_key", key), ("service_code", "property.leak"), ("description", marker)], HttpStatusCode.BadRequest),
            ([("api_key", key), ("service_code", "property.leak"), ("lat", "north"), ("long", "1"), ("description", marker)], HttpStatusCode.BadRequest),
            ([("api_key", key), .. good, ("jurisdiction_id", "atlantis")], HttpStatusCode.NotFound),
            ([("api_key", key), .. good, ("phone", "not a phone")], HttpStatusCode.BadRequest),
            ([("api_key", key), .. good, ("email", "nobody")], HttpStatusCode.BadRequest),
            ([("api_key", key), .. good, ("media_url", "javascript:alert(1)")], HttpStatusCode.BadRequest),
        })
        {
            var (status, body) = await Raw(client.PostAsync($"{Base}/requests.json", Form([.. fields])));
            Assert.True(expected == status, $"{string.Join("&", fields)} → {status} {body}");
            AssertError(body, (int)expected);
        }
        var phoneError = Json((await Raw(client.PostAsync($"{Base}/requests.json", Form([("api_key", key), .. good, ("phone", "x")])))).Body);
        Assert.StartsWith("phone:", phoneError.EnumerateArray().Single().Str("description"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJson($"{Base}/requests.json", new { api_key = key })).StatusCode);

        Assert.False(await app.Db(db => db.Requests.IgnoreQueryFilters().AnyAsync(r => r.Description.Contains(marker))));
    }

    [Fact]
    public async Task Get_requests_filters_by_id_list_service_code_dates_and_status()
    {
        var key = await IssueKeyAsync();
        var marker = GongzhiApp.Unique("筛选");
        var leak = (await PostAsync(key, marker + "一")).Str("service_request_id");
        var garbage = (await Raw(app.Anonymous().PostAsync($"{Base}/requests.json", Form(("api_key", key), ("service_code", "sanitation.garbage"),
            ("address_string", "某路2号"), ("description", marker + "二")))));
        var garbageId = Json(garbage.Body).EnumerateArray().Single().Str("service_request_id");
        var client = app.Anonymous();
        async Task<List<string>> Ids(string query) =>
            [.. Json((await Raw(client.GetAsync($"{Base}/requests.json?{query}"))).Body).EnumerateArray().Select(r => r.Str("service_request_id"))];

        Assert.Equal([garbageId, leak], await Ids($"service_request_id={leak},{garbageId}"));
        // The id list overrides every other filter.
        Assert.Equal([leak], await Ids($"service_request_id={leak}&service_code=sanitation.garbage&status=closed"));
        var leaks = await Ids("service_code=property.leak");
        Assert.Contains(leak, leaks);
        Assert.DoesNotContain(garbageId, leaks);
        Assert.Contains(leak, await Ids("status=open"));
        Assert.Contains(leak, await Ids("status=open,closed"));
        Assert.DoesNotContain(leak, await Ids("status=closed"));
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        Assert.Contains(leak, await Ids($"start_date={Uri.EscapeDataString(today.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz"))}"));
        Assert.DoesNotContain(leak, await Ids($"start_date={today.AddDays(-40):yyyy-MM-dd}&end_date={today.AddDays(-10):yyyy-MM-dd}"));
        Assert.Contains(leak, await Ids($"end_date={today.AddDays(1):yyyy-MM-dd}&service_code=property.leak,sanitation.garbage"));

        foreach (var bad in new[] { "start_date=yesterday", $"start_date={today.AddDays(-200):yyyy-MM-dd}&end_date={today:yyyy-MM-dd}",
                     $"start_date={today:yyyy-MM-dd}&end_date={today.AddDays(-3):yyyy-MM-dd}", "status=pending" })
        {
            var (status, body) = await Raw(client.GetAsync($"{Base}/requests.json?{bad}"));
            Assert.True(status == HttpStatusCode.BadRequest, $"{bad} → {status}");
            AssertError(body, 400);
        }
        var badXml = await Raw(client.GetAsync($"{Base}/requests.xml?status=pending"));
        AssertError(badXml.Body, 400, "xml");
        // jurisdiction_id is accepted when the installation serves it.
        Assert.Contains(leak, await Ids($"jurisdiction_id=nanmen-w01&service_request_id={leak}"));
        AssertError((await Raw(client.GetAsync($"{Base}/requests.json?jurisdiction_id=atlantis"))).Body, 404);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Base}/requests/ZZZZZZZZZZZZ.json")).StatusCode);

        var xml = XDocument.Parse((await Raw(client.GetAsync($"{Base}/requests.xml?service_request_id={leak},{garbageId}"))).Body).Root!;
        Assert.Equal(2, xml.Elements("request").Count());
    }

    [Fact]
    public async Task A_resolved_request_reads_closed()
    {
        var key = await IssueKeyAsync();
        var id = (await PostAsync(key, GongzhiApp.Unique("关闭"), ("jurisdiction_id", "nanmen-w01"))).Str("service_request_id");
        var requestId = await app.Db(db => db.Requests.IgnoreQueryFilters().Where(r => r.TrackingCode == id).Select(r => r.Id).SingleAsync());
        var grid1 = await app.ClientFor("grid1");
        await grid1.PostJson($"/api/requests/{requestId}/accept", new { }).Ok();
        await grid1.PostJson($"/api/requests/{requestId}/start", new { }).Ok();
        await grid1.PostJson($"/api/requests/{requestId}/resolve", new { note = "已修复" }).Ok();
        var read = Json((await Raw(app.Anonymous().GetAsync($"{Base}/requests/{id}.json"))).Body).EnumerateArray().Single();
        Assert.Equal("closed", read.Str("status"));
        var closed = Json((await Raw(app.Anonymous().GetAsync($"{Base}/requests.json?status=closed&service_code=property.leak"))).Body).EnumerateArray();
        Assert.Contains(closed, r => r.Str("service_request_id") == id);
    }

    [Fact]
    public async Task Only_admins_issue_list_and_revoke_keys_and_the_key_is_shown_once()
    {
        foreach (var role in new[] { "community", "street", "grid1", "dept" })
        {
            var client = await app.ClientFor(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJson("/api/open311/keys", new { name = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/open311/keys")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/open311/keys")).StatusCode);

        var admin = await app.ClientFor("admin");
        var name = GongzhiApp.Unique("市民App");
        var issued = await admin.PostJson("/api/open311/keys", new { name }).Ok(HttpStatusCode.Created);
        var key = issued.Str("apiKey");
        Assert.True(key.Length >= 40);
        var id = issued.GetProperty("id").GetInt64();
        var listed = await Raw(admin.GetAsync("/api/open311/keys"));
        Assert.DoesNotContain(key, listed.Body);
        var row = Json(listed.Body).EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id);
        Assert.Equal(name, row.Str("name"));
        Assert.StartsWith(row.Str("keyPrefix"), key);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("lastUsedAt").ValueKind);
        var stored = await app.Db(db => db.ApiClients.SingleAsync(c => c.Id == id));
        Assert.NotEqual(key, stored.KeyHash);
        Assert.Equal(64, stored.KeyHash.Length);

        await PostAsync(key, GongzhiApp.Unique("用过"));
        var used = Json((await Raw(admin.GetAsync("/api/open311/keys"))).Body).EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id);
        Assert.NotEqual(JsonValueKind.Null, used.GetProperty("lastUsedAt").ValueKind);

        var revoked = await admin.PostAsync($"/api/open311/keys/{id}/revoke", null).Ok();
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        await admin.PostAsync($"/api/open311/keys/{id}/revoke", null).Problem(HttpStatusCode.Conflict);
        await admin.PostAsync("/api/open311/keys/987654321/revoke", null).Problem(HttpStatusCode.NotFound);
        (await admin.PostJson("/api/open311/keys", new { name = "" }).Problem(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("name");

        var actions = await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "api-client" && a.EntityId == id.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Equal(["api-key.issue", "api-key.revoke"], actions.Order());
    }

    [Fact]
    public async Task The_admin_page_lists_clients_issues_a_key_shown_once_and_revokes()
    {
        var browser = await Pages.PageBrowser.SignIn(app, "admin");
        var name = GongzhiApp.Unique("页面客户端");
        using var issued = await browser.PostForm("/admin/api-keys", "issue-key", ("Input.Name", name), ("Input.Kind", "Hotline"));
        var html = await issued.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Contains("仅显示这一次", html);
        var key = System.Text.RegularExpressions.Regex.Match(html, "id=\"issued-key-value\">([^<]+)<").Groups[1].Value;
        Assert.StartsWith("gzh_", key);
        var client = await app.Db(db => db.ApiClients.SingleAsync(c => c.Name == name));
        Assert.Equal(Gongzhi.Modules.Open311.Domain.ApiClientKind.Hotline, client.Kind);

        var (status, list) = await browser.Get("/admin/api-keys");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(name, list);
        Assert.Contains("API密钥", list);
        Assert.DoesNotContain(key, list);
        using var revoke = await browser.PostEndpoint("/admin/api-keys", $"/forms/api-keys/{client.Id}/revoke");
        Assert.NotNull(await app.Db(db => db.ApiClients.Where(c => c.Id == client.Id).Select(c => c.RevokedAt).SingleAsync()));

        using var refused = await browser.PostForm("/admin/api-keys", "issue-key", ("Input.Name", ""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var community = await Pages.PageBrowser.SignIn(app, "community");
        Assert.NotEqual(HttpStatusCode.OK, (await community.Get("/admin/api-keys")).Status);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class Open311TestsOnSqlite(SqliteApp app) : Open311Tests(app);

[Collection(PostgresCollection.Name)]
public sealed class Open311TestsOnPostgres(PostgresApp app) : Open311Tests(app);
