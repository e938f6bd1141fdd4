using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Gongzhi.Tests.Platform;

/// <summary>
/// What the route probe knows about the app: every operation of its own OpenAPI document, and a subtree of records
/// that no demo account but the admin may see (made through the API under another street), with a marker in
/// every name so that a leak shows in any response body.
/// </summary>
public sealed partial class RouteProbe
{
    public static readonly string[] Roles = ["", "grid1", "grid2", "community", "street", "dept", "volunteer", "resident"];

    public required GongzhiApp App { get; init; }
    public required JsonElement OpenApi { get; init; }
    public required string Marker { get; init; }
    public required string IdNumber { get; init; }
    public required string Phone { get; init; }
    public required string AreaPath { get; init; }
    /// <summary>Values for route parameters, keyed by the path segment before the parameter ("households" → an id).</summary>
    public required Dictionary<string, string> Samples { get; init; }

    public sealed record Operation(string Method, string Template, JsonElement Spec)
    {
        public IEnumerable<JsonElement> Parameters(string where) =>
            Spec.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray().Where(p => p.GetProperty("in").GetString() == where) : [];

        public string? BodyType => Spec.TryGetProperty("requestBody", out var b) ? b.GetProperty("content").EnumerateObject().First().Name : null;

        public override string ToString() => $"{Method} {Template}";
    }

    public IEnumerable<Operation> Operations() =>
        OpenApi.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name != "parameters")
            .Select(op => new Operation(op.Name.ToUpperInvariant(), path.Name, op.Value)));

    public static async Task<RouteProbe> CreateAsync(GongzhiApp app)
    {
        var admin = await app.ClientFor("admin");
        var openApi = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var marker = "探" + Guid.NewGuid().ToString("N")[..8];
        var community = (await admin.GetAsync($"/api/areas/{DemoCodes.OtherStreet}/children").Ok()).Items().First().Str("code");
        async Task<JsonElement> Child(string parent, string level, object? extra = null)
        {
            var body = new JsonObject { ["name"] = $"{marker}{level}", ["level"] = level };
            if (extra is not null) foreach (var (k, v) in JsonSerializer.SerializeToNode(extra, HttpAssertions.Json)!.AsObject()) body[k] = v?.DeepClone();
            return await admin.PostAsJsonAsync($"/api/areas/{parent}/children", body).Ok(HttpStatusCode.Created);
        }
        var grid = await Child(community, "Grid");
        var compound = await Child(grid.Str("code"), "Compound");
        var building = await Child(compound.Str("code"), "Building", new { floors = 6 });
        var unit = await Child(building.Str("code"), "Unit", new { floors = 6, roomsPerFloor = 2 });
        var household = (await admin.PostJson($"/api/areas/{unit.Str("code")}/households", new { floor = 1, room = "01" }).Ok(HttpStatusCode.Created)).GetProperty("household");
        var idNumber = TestWorkbook.IdNumber(new DateOnly(1961, 4, 5), male: true);
        var phone = "139" + Random.Shared.Next(10000000, 99999999);
        var resident = await admin.PostJson("/api/residents", new { householdId = household.GetProperty("id").GetInt64(), name = "探针居民", idNumber, phone, relation = "Householder", residencyType = "Registered", note = marker }).Ok(HttpStatusCode.Created);
        var merchant = await admin.PostJson("/api/merchants", new { areaCode = grid.Str("code"), name = marker + "商户", category = "Retail", ownerName = "探针", ownerPhone = phone, address = marker + "路1号" }).Ok(HttpStatusCode.Created);
        var facility = await admin.PostJson("/api/facilities", new { areaCode = building.Str("code"), kind = "Hydrant", name = marker + "消火栓" }).Ok(HttpStatusCode.Created);
        var user = await admin.PostJson("/api/users", new { userName = "probe" + marker[1..], displayName = marker + "网格员", password = GongzhiApp.Password, role = "grid", areaCodes = new[] { grid.Str("code") } }).Ok(HttpStatusCode.Created);
        var saved = await admin.PostJson("/api/residents/saved-searches", new { name = marker, query = "q=" + marker }).Ok();
        var department = (await admin.GetAsync("/api/departments").Ok()).EnumerateArray().First().Str("code");
        var request = await admin.PostJson("/api/requests", new { channel = "Window", categoryCode = "other", areaCode = grid.Str("code"), submitterName = "探针", submitterPhone = phone, description = marker + "诉求" }).Ok(HttpStatusCode.Created);
        var apiKey = await admin.PostJson("/api/open311/keys", new { name = marker + "客户端" }).Ok(HttpStatusCode.Created);
        var session = await admin.PostJson("/api/secretary-sessions", new { heldOn = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd"), place = marker + "议事点", areaCode = grid.Str("code") }).Ok(HttpStatusCode.Created);
        // A window application for the probe's resident (any matter of the reference catalogue).
        var matter = (await admin.GetAsync("/api/guide/matters?pageSize=1").Ok()).Items().First().GetProperty("id").GetInt64();
        var application = await admin.PostJson("/api/window/applications", new { matterId = matter, residentId = resident.GetProperty("id").GetInt64(), note = marker })
            .Ok(HttpStatusCode.Created);
        // A care roster entry for the probe's resident with a visit that found a problem.
        var care = (await admin.PostJson("/api/care/entries", new { residentId = resident.GetProperty("id").GetInt64(), kind = "LivingAlone", frequencyDays = 7, note = marker })
            .Ok(HttpStatusCode.Created)).GetProperty("entry").GetProperty("id").GetInt64();
        var careVisit = (await admin.PostJson($"/api/care/entries/{care}/visits", new
        {
            checklist = new[] { "health", "meals", "family", "water", "electricity", "gas", "rubbish", "clutter", "passage" }
                .Select(i => new { item = i, ok = i != "gas", note = i == "gas" ? marker : null }),
        }).Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        // Enrolled in 窗帘之约 with the probe's grid worker told, and an alert raised by the job on a day of its own.
        await admin.PutJson($"/api/care/entries/{care}/checkin", new { watchers = new[] { "probe" + marker[1..] } }).Ok();
        await app.Services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<Gongzhi.Modules.Care.Features.CheckIn.CareCheckIns>(sp,
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2031, 1, 1, 4, 0, 0, TimeSpan.Zero))).RunAsync(default));
        var careAlert = await app.Db(db => db.CareAlerts.IgnoreQueryFilters().Where(a => a.EntryId == care).Select(a => a.Id).SingleAsync());
        // A points account in the probe's subtree: the passbook page shows it to the admin, outside roles get a 404.
        var pointsHolder = await Gongzhi.Tests.PointsBank.LedgerTests.HolderAsync(app, grid.Str("code"));
        await Gongzhi.Tests.PointsBank.LedgerTests.EarnAsync(app, pointsHolder, 5);
        var pointsAccount = await app.Db(db => db.PointsAccounts.IgnoreQueryFilters().Where(a => a.VolunteerId == pointsHolder.VolunteerId).Select(a => a.Id).SingleAsync());
        // A shop item of the probe community's savings office: its edit page shows the admin its forms, outside roles get a 404.
        var shopItem = (await admin.PostJson("/api/points/shop/items", new { areaCode = community, name = marker + "商品", kind = "Goods", pricePoints = 10, stock = 2 })
            .Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var dueItem = (await admin.PostJson("/api/reminders", new { kind = "FireExtinguisher", title = marker + "灭火器", area = grid.Str("code"), dueOn = DateTime.UtcNow.Date.AddDays(5).ToString("yyyy-MM-dd"), note = marker })
            .Ok(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var policy = await admin.PostJson("/api/policies", new { name = marker + "政策", department = marker + "民政局", areaCode = grid.Str("code"), rule = "age >= 1" }).Ok(HttpStatusCode.Created);
        await admin.PostJson($"/api/policies/{policy.GetProperty("id").GetInt64()}/enrolments", new { residentId = resident.GetProperty("id").GetInt64() }).Ok(HttpStatusCode.NoContent);
        // A notice scheduled for tomorrow: staff routes read it within scope, its public page is not found for anyone yet.
        var notice = await admin.PostJson("/api/notices", new { title = marker + "通知", body = "探针", areaCodes = new[] { grid.Str("code") }, channels = new[] { "InApp" },
            publishAt = DateTimeOffset.UtcNow.AddDays(1) }).Ok(HttpStatusCode.Created);
        // Another account's message (the admin's demo inbox) and an outbox entry: nobody else may read or change them.
        var message = (await admin.GetAsync("/api/inbox").Ok()).Items().First().GetProperty("id").GetInt64().ToString();
        var outbox = (await admin.GetAsync("/api/notifications/outbox").Ok()).Items().FirstOrDefault() is { ValueKind: JsonValueKind.Object } entry
            ? entry.GetProperty("id").GetInt64().ToString() : "987654321";
        // A volunteer and a team of the probe's grid: staff outside it find neither.
        var volunteer = await admin.PostJson("/api/volunteers", new { kind = "Outsider", name = marker + "志愿者", areaCode = grid.Str("code"), skills = new[] { "tutoring" } }).Ok(HttpStatusCode.Created);
        var team = await admin.PostJson("/api/volunteer-teams", new { name = marker + "总队", level = "Corps", areaCode = grid.Str("code") }).Ok(HttpStatusCode.Created);
        // A nomination at the probe's grid and the volunteer designated 楼长 of its building.
        var nomination = await admin.PostJson("/api/volunteer-awards/nominations", new { titleCode = "service-star", areaCode = grid.Str("code"), volunteerId = volunteer.GetProperty("id").GetInt64(), reason = marker })
            .Ok(HttpStatusCode.Created);
        var leader = await admin.PostJson("/api/building-leaders", new { volunteerId = volunteer.GetProperty("id").GetInt64(), buildingCode = building.Str("code") }).Ok(HttpStatusCode.Created);
        return new RouteProbe
        {
            App = app, OpenApi = openApi, Marker = marker, IdNumber = idNumber, Phone = phone, AreaPath = grid.Str("path"),
            Samples = new()
            {
                ["areas"] = compound.Str("code"),
                ["households"] = household.GetProperty("id").GetInt64().ToString(),
                ["residents"] = resident.GetProperty("id").GetInt64().ToString(),
                ["merchants"] = merchant.GetProperty("id").GetInt64().ToString(),
                ["facilities"] = facility.GetProperty("id").GetInt64().ToString(),
                ["buildings"] = building.GetProperty("id").GetInt64().ToString(),
                ["users"] = user.Str("id"),
                ["saved-searches"] = saved.GetProperty("id").GetInt64().ToString(),
                ["departments"] = department,
                // Import runs belong to the account that ran them; no other account's run id must answer.
                ["imports"] = "987654321",
                ["inbox"] = message,
                ["outbox"] = outbox,
                ["jobs"] = "notifications.cleanup",
                ["preferences"] = "notifications.notice",
                ["robots"] = "probe-robot",
                ["templates"] = "notifications.notice",
                ["culture"] = "zh-CN",
                ["request-categories"] = "other",
                ["keys"] = apiKey.GetProperty("id").GetInt64().ToString(),
                ["api-keys"] = apiKey.GetProperty("id").GetInt64().ToString(),
                ["hotline"] = "PROBE-" + marker[1..],
                ["requests"] = request.GetProperty("request").GetProperty("id").GetInt64().ToString(),
                ["policies"] = policy.GetProperty("id").GetInt64().ToString(),
                ["notices"] = notice.GetProperty("id").GetInt64().ToString(),
                ["n"] = notice.GetProperty("id").GetInt64().ToString(),
                // A notice's attachment by a well-formed token that names nothing (the notice is not published either).
                ["attachments"] = new string('0', 32),
                ["secretary-sessions"] = session.GetProperty("id").GetInt64().ToString(),
                ["sessions"] = session.GetProperty("id").GetInt64().ToString(),
                // Public routes: a well-formed door-plate token and tracking code that name nothing, and a photo of nobody's.
                ["door-plates"] = new string('A', 26),
                ["tracking"] = "NOSUCHCODE23",
                ["photos"] = "987654321",
                // The guide is public: its routes get ids that name nothing, so every role's answer is a 404 (not a read
                // of anything, not an edit); its own tests cover reads and edits.
                ["matters"] = "987654321", ["samples"] = "987654321", ["manage"] = "987654321",
                ["applications"] = application.GetProperty("application").GetProperty("id").GetInt64().ToString(),
                ["window"] = application.GetProperty("application").GetProperty("id").GetInt64().ToString(),
                ["r"] = new string('A', 26), ["t"] = "NOSUCHCODE23",
                // 窗帘之约's door: a well-formed token that names nothing (every caller's answer a 404).
                ["door"] = new string('A', 26), ["c"] = new string('A', 26),
                // The assistant's knowledge entries and questions are public reference text, not scoped: a sample of nothing.
                ["knowledge"] = "987654321", ["questions"] = "987654321", ["assistant/entries"] = "987654321",
                ["volunteers"] = volunteer.GetProperty("id").GetInt64().ToString(), ["volunteer-teams"] = team.GetProperty("id").GetInt64().ToString(),
                ["teams"] = team.GetProperty("id").GetInt64().ToString(),
                // Activities are public notices to every signed-in account (their own tests cover scope and organisers):
                // ids that name nothing, like the guide's; so are sign-ups, orders, members and certificates.
                ["activities"] = "987654321", ["checkin"] = "987654321", ["signups"] = "987654321", ["orders"] = "987654321",
                ["members"] = "987654321", ["certificates"] = "987654321",
                ["nominations"] = nomination.GetProperty("id").GetInt64().ToString(), ["building-leaders"] = leader.GetProperty("id").GetInt64().ToString(),
                // Titles and duties are district-wide reference data that only admins change: codes that name nothing.
                // The public award list is public by design (AwardTests cover its masking): an area code that names nothing.
                ["titles"] = "no-such-title", ["duties"] = "no-such-duty", ["awards"] = "NOSUCHAREA",
                // An area's public notice board (/n/area/{code}) is public by design (NoticeBoardTests cover what it lists): a code that names nothing.
                ["area"] = "NOSUCHAREA",
                ["entries"] = care.ToString(), ["care"] = care.ToString(), ["visits"] = careVisit.ToString(), ["alerts"] = careAlert.ToString(),
                // The points bank: ids that name nothing (every role's answer a 404 or 403); PointsBank tests cover reach.
                ["items"] = shopItem.ToString(), ["shop"] = shopItem.ToString(), ["accounts"] = pointsAccount.ToString(), ["redemptions"] = "987654321", ["adjustments"] = "987654321", ["reports"] = grid.Str("code"), ["rankings"] = grid.Str("code"),
                ["reminders"] = dueItem.ToString(),
                // Body fields that name records.
                ["areaCode"] = grid.Str("code"), ["newParentCode"] = grid.Str("code"), ["householdId"] = household.GetProperty("id").GetInt64().ToString(),
                ["residentId"] = resident.GetProperty("id").GetInt64().ToString(), ["matterId"] = matter.ToString(),
                ["parentId"] = "1",
            },
        };
    }

    /// <summary>
    /// Pages about records that hang on no node of the tree, edited by design by staff of any subtree: the service
    /// guide's matters (district-wide reference data that admins and street staff keep). The form walk, which expects
    /// every role but the admin to be refused, skips them; Gongzhi.Tests.ServiceGuide.CatalogueTests covers who edits.
    /// The assistant's knowledge entries are public reference text kept by any editor (Assistant/KnowledgeEntryPageTests).
    /// Volunteer activities are public notices to every signed-in account, so the pages of one (and its check-in and QR
    /// pages) answer outside the subtree by design; certificates are printed by the volunteer or staff of their area.
    /// Gongzhi.Tests.Volunteers.VolunteerTests covers who signs up, checks in, confirms and prints.
    /// An item of the volunteer's own shop (/points/shop/{ItemId}) answers only a holder whose savings office offers it
    /// (the admin holds no points account); Gongzhi.Tests.PointsBank.ShopPagesTests covers who sees and redeems it.
    /// </summary>
    public static readonly string[] UnscopedPages =
    [
        "/guide/manage/{Id:long}", "/assistant/entries/{Id:long}",
        "/volunteers/activities/{Id:long}", "/volunteers/activities/{Id:long}/qr", "/v/checkin/{Id:long}", "/volunteers/certificates/{Id:long}",
        "/points/shop/{ItemId:long}",
    ];

    /// <summary>Samples that name no record of anyone else (a message kind, a language): a route with only these aims nowhere outside.</summary>
    public static readonly HashSet<string> Neutral = ["preferences", "culture", "request-categories"];

    /// <summary>Does the operation name a record of the probe's subtree or of another account?</summary>
    public bool AimsOutside(Operation op) =>
        RouteParameter().Matches(op.Template).Any(m =>
        {
            var segments = op.Template[..m.Index].TrimEnd('/').Split('/');
            var key = segments[^1].StartsWith('{') ? m.Groups[1].Value.ToLowerInvariant() : segments[^1];
            return !Neutral.Contains(key);
        });

    /// <summary>The operation's URL with every path parameter filled from <see cref="Samples"/>.</summary>
    public string Url(Operation op, Func<JsonElement, string>? value = null) =>
        RouteParameter().Replace(op.Template, m =>
        {
            var segments = op.Template[..m.Index].TrimEnd('/').Split('/');
            // A parameter after another one ({kind}/{culture}) is looked up by its own name.
            var key = segments[^1].StartsWith('{') ? m.Groups[1].Value.ToLowerInvariant() : segments[^1];
            // A segment two modules share (/care/entries, /assistant/entries) is told apart by the one before it.
            if (segments.Length > 1 && Samples.ContainsKey($"{segments[^2]}/{key}")) key = $"{segments[^2]}/{key}";
            var parameter = op.Parameters("path").Single(p => string.Equals(p.GetProperty("name").GetString(), m.Groups[1].Value, StringComparison.OrdinalIgnoreCase));
            if (value is not null) return Uri.EscapeDataString(value(parameter));
            Assert.True(Samples.ContainsKey(key),
                $"The route probe has no sample for {{{m.Groups[1].Value}}} after '/{key}/' in {op}: add one to RouteProbe.CreateAsync.");
            return Uri.EscapeDataString(Samples[key]);
        });

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>A plausible body for the operation, with every field that names a record pointing into the probe's subtree.</summary>
    public HttpContent? Body(Operation op)
    {
        if (op.BodyType is null) return null;
        if (op.BodyType.StartsWith("multipart"))
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent("code,name,level,parent_code\n"u8.ToArray()), "file", "probe.csv");
            return form;
        }
        var schema = Resolve(op.Spec.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        return JsonContent.Create(Sample(schema, null, 0));
    }

    public JsonElement Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var r))
            return OpenApi.GetProperty("components").GetProperty("schemas").GetProperty(r.GetString()!.Split('/')[^1]);
        if (schema.TryGetProperty("oneOf", out var one))
            return Resolve(one.EnumerateArray().First(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")));
        return schema;
    }

    public static IReadOnlyList<string> Types(JsonElement schema) =>
        !schema.TryGetProperty("type", out var t) ? []
        : t.ValueKind == JsonValueKind.Array ? [.. t.EnumerateArray().Select(x => x.GetString()!).Where(x => x != "null")]
        : [t.GetString()!];

    private JsonNode? Sample(JsonElement schema, string? name, int depth)
    {
        schema = Resolve(schema);
        if (name is not null && Samples.TryGetValue(name, out var sample))
            return Types(schema).Contains("integer") && long.TryParse(sample, out var n) ? JsonValue.Create(n) : JsonValue.Create(sample);
        if (name is "areaCodes") return new JsonArray(JsonValue.Create(Samples["areaCode"]));
        if (schema.TryGetProperty("enum", out var values)) return JsonValue.Create(values.EnumerateArray().First().ToString());
        var types = Types(schema);
        if (types.Contains("object") || schema.TryGetProperty("properties", out _))
        {
            var o = new JsonObject();
            if (depth < 3 && schema.TryGetProperty("properties", out var props))
                foreach (var p in props.EnumerateObject()) o[p.Name] = Sample(p.Value, p.Name, depth + 1);
            return o;
        }
        if (types.Contains("array")) return depth < 3 && schema.TryGetProperty("items", out var items) ? new JsonArray(Sample(items, null, depth + 1)) : new JsonArray();
        if (types.Contains("integer")) return JsonValue.Create(1);
        if (types.Contains("number")) return JsonValue.Create(1.5);
        if (types.Contains("boolean")) return JsonValue.Create(false);
        if (name?.EndsWith("On") == true || name?.EndsWith("Date") == true) return JsonValue.Create("2026-01-01");
        return JsonValue.Create("探针");
    }

    /// <summary>Clear ID numbers (18 characters with a valid check character) and mobile numbers in a text.</summary>
    public static IEnumerable<string> ClearPersonalData(string text) =>
        IdCandidate().Matches(text).Select(m => m.Value)
            .Where(v => char.ToUpperInvariant(v[17]) == Gongzhi.Modules.Registry.Domain.ResidentIdNumber.CheckCharacter(v.AsSpan(0, 17)))
            .Concat(MobileCandidate().Matches(text).Select(m => m.Value));

    [GeneratedRegex(@"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")]
    private static partial Regex IdCandidate();

    // Bounded by anything but digits, '*' (a mask) and Latin letters: a GUID's last group (an account's id) may hold
    // eleven digits between hex letters, which is not a phone.
    [GeneratedRegex(@"(?<![\dA-Za-z*])1[3-9]\d{9}(?![\dA-Za-z*])")]
    private static partial Regex MobileCandidate();

    /// <summary>All text inside a zip package (an .xlsx), tags stripped: enough to look for a number in clear.</summary>
    public static string PackageText(byte[] bytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml")))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(Regex.Replace(reader.ReadToEnd(), "<[^>]+>", " "));
        }
        return text.ToString();
    }

    public static async Task<string> DescribeAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {Truncate(await response.Content.ReadAsStringAsync())}";

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;

    public static bool IsText(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && (type.Contains("json") || type.StartsWith("text/"));

    public static HttpRequestMessage Request(string method, string url, HttpContent? body = null) =>
        new(new HttpMethod(method), url) { Content = body };

    public static StringContent Raw(string text) => new(text, Encoding.UTF8, "application/json");
}
