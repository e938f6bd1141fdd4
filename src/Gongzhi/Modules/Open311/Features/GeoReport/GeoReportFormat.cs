using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Gongzhi.Modules.Open311.Features.GeoReport;

/// <summary>One element of a GeoReport answer: its fields in the specification's order (a value may be null, a nested list, or a list of strings).</summary>
public sealed class GeoRow : List<KeyValuePair<string, object?>>
{
    public GeoRow Add(string name, object? value) { Add(new KeyValuePair<string, object?>(name, value)); return this; }
}

/// <summary>A GeoReport v2 answer: a status, and a body in JSON or XML.</summary>
public sealed class GeoReportResult(int status, string format, string body) : IResult
{
    public int Status { get; } = status;
    public string Body { get; } = body;

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        http.Response.ContentType = format == "xml" ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
        return http.Response.WriteAsync(Body, Encoding.UTF8);
    }
}

/// <summary>A refusal in the specification's terms: an HTTP status and the errors' descriptions (each answered as <c>{code, description}</c>).</summary>
public sealed class GeoReportError(int status, params string[] descriptions) : Exception(string.Join("; ", descriptions))
{
    public int Status { get; } = status;
    public IReadOnlyList<string> Descriptions { get; } = descriptions;
}

/// <summary>
/// The pure rules of GeoReport v2 (http://wiki.open311.org/GeoReport_v2): status values, W3C/ISO 8601 times with
/// the offset (China Standard Time, +08:00, no daylight saving), the date filters, and the JSON and XML shapes —
/// a JSON array of objects, or an XML root holding one element per object, both with the specification's field names.
/// </summary>
public static class GeoReportFormat
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    public const string Specification = "http://wiki.open311.org/GeoReport_v2";

    /// <summary>"open" until the request is resolved; "closed" from then on (a resident's "not satisfied" opens it again).</summary>
    public static string Status(bool isClosed) => isClosed ? "closed" : "open";

    /// <summary><c>2026-11-29T16:05:00+08:00</c>.</summary>
    public static string Time(DateTimeOffset t) => t.ToOffset(ChinaOffset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 date or date-time; without an offset it is China time. Null when it is no such time.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        string[] withOffset = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
        if (DateTimeOffset.TryParseExact(text, withOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact)) return exact;
        string[] local = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"];
        return DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain)
            ? new DateTimeOffset(DateTime.SpecifyKind(plain, DateTimeKind.Unspecified), ChinaOffset)
            : null;
    }

    /// <summary>The <c>status</c> filter: "open", "closed" or both comma-separated (null: no filter). Throws on anything else.</summary>
    public static bool? ParseStatusFilter(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => v.ToLowerInvariant()).Distinct().ToList();
        if (values.Count == 0 || values.Any(v => v is not ("open" or "closed"))) throw new GeoReportError(400, "status must be open, closed, or both separated by a comma");
        return values.Count == 2 ? null : values[0] == "closed";
    }

    /// <summary>
    /// The <c>start_date</c>/<c>end_date</c> window: by default the 90 days up to now; one end given, the other 90 days
    /// from it; never longer than 90 days nor backwards.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) Window(string? start, string? end, DateTimeOffset now, int maxDays)
    {
        var from = ParseTime(start);
        var to = ParseTime(end);
        if (!string.IsNullOrWhiteSpace(start) && from is null) throw new GeoReportError(400, "start_date is not an ISO 8601 date-time");
        if (!string.IsNullOrWhiteSpace(end) && to is null) throw new GeoReportError(400, "end_date is not an ISO 8601 date-time");
        var span = TimeSpan.FromDays(maxDays);
        to ??= from is { } f ? f + span : now;
        from ??= to.Value - span;
        if (from > to) throw new GeoReportError(400, "start_date is after end_date");
        if (to.Value - from.Value > span) throw new GeoReportError(400, $"start_date and end_date may not span more than {maxDays} days");
        return (from.Value, to.Value);
    }

    public static string Render(string format, string root, string item, IEnumerable<GeoRow> rows) =>
        format == "xml" ? Xml(new XElement(root, rows.Select(r => Element(item, r)))) : Json(rows);

    /// <summary>One object (discovery, a service definition): a JSON object or an XML root element.</summary>
    public static string RenderOne(string format, string root, GeoRow row) =>
        format == "xml" ? Xml(Element(root, row)) : JsonValue(row);

    public static string Errors(string format, int code, IEnumerable<string> descriptions) =>
        Render(format, "errors", "error", descriptions.Select(d => new GeoRow().Add("code", code).Add("description", d)));

    private static XElement Element(string name, GeoRow row) => new(name, row.Select(kv => kv.Value switch
    {
        // A nested list: <attributes><attribute>…</attribute></attributes>, <formats><format>…</format></formats>.
        (string itemName, IEnumerable<GeoRow> children) => new XElement(kv.Key, children.Select(c => Element(itemName, c))),
        (string itemName, IEnumerable<string> values) => new XElement(kv.Key, values.Select(v => new XElement(itemName, v))),
        bool b => new XElement(kv.Key, b ? "true" : "false"),
        double d => new XElement(kv.Key, d.ToString(CultureInfo.InvariantCulture)),
        null => new XElement(kv.Key),
        var v => new XElement(kv.Key, v.ToString()),
    }));

    private static string Xml(XElement root)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings)) new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Json(IEnumerable<GeoRow> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var row in rows) Write(writer, row);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string JsonValue(GeoRow row)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer, row);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, GeoRow row)
    {
        w.WriteStartObject();
        foreach (var (name, value) in row)
        {
            w.WritePropertyName(name);
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case double d: w.WriteNumberValue(d); break;
                case string s: w.WriteStringValue(s); break;
                case (string, IEnumerable<GeoRow> children):
                    w.WriteStartArray();
                    foreach (var c in children) Write(w, c);
                    w.WriteEndArray();
                    break;
                case (string, IEnumerable<string> values):
                    w.WriteStartArray();
                    foreach (var v in values) w.WriteStringValue(v);
                    w.WriteEndArray();
                    break;
                default: w.WriteStringValue(value.ToString()); break;
            }
        }
        w.WriteEndObject();
    }
}
