using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Open311.Domain;
using Gongzhi.Modules.Open311.Features.Keys;
using Gongzhi.Modules.Requests.Contracts;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Open311.Features.GeoReport;

/// <summary>
/// Open311 GeoReport v2 over Gongzhi's requests: the category tree as services, requests created by API-key
/// clients (with system reach, on the configured area), and public reads that carry no personal data.
/// </summary>
public sealed partial class GeoReport(
    IServiceProvider services, IRequestDirectory directory, ApiKeys keys, GongzhiDb db, IOptions<Open311Options> options,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>The day this implementation's answers last changed shape (the discovery document's changeset).</summary>
    public const string Changeset = "2026-11-29T00:00:00+08:00";

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Z0-9]{1,16}$")]
    private static partial Regex IdPattern();

    public GeoRow Discovery(string baseUrl) => new GeoRow()
        .Add("changeset", Changeset)
        .Add("contact", options.Value.Contact)
        .Add("key_service", l["API keys are issued by the administrators of this installation."].Value)
        .Add("endpoints", ("endpoint", new[]
        {
            new GeoRow().Add("specification", GeoReportFormat.Specification).Add("url", baseUrl).Add("changeset", Changeset).Add("type", "production")
                .Add("formats", ("format", new[] { "text/xml", "application/json" })),
        }));

    public async Task<IEnumerable<GeoRow>> ServicesAsync(string? jurisdiction, CancellationToken ct)
    {
        Jurisdiction(jurisdiction);
        return (await directory.CategoriesAsync(ct)).Select(c => new GeoRow()
            .Add("service_code", c.Code)
            .Add("service_name", c.Name)
            .Add("description", l["{0}: accepted within {1} hours, resolved within {2} hours.", c.ParentName is null ? c.Name : $"{c.ParentName} › {c.Name}", c.AcceptWithinHours, c.ResolveWithinHours].Value)
            .Add("metadata", false)
            .Add("type", "realtime")
            .Add("keywords", c.ParentName is null ? c.Name : $"{c.ParentName},{c.Name}")
            .Add("group", c.ParentName ?? c.Name));
    }

    /// <summary>The categories have no questions of their own yet: the honest definition is an empty attribute list.</summary>
    public async Task<GeoRow> DefinitionAsync(string code, string? jurisdiction, CancellationToken ct)
    {
        Jurisdiction(jurisdiction);
        if (!(await directory.CategoriesAsync(ct)).Any(c => c.Code == code)) throw new GeoReportError(404, "service_code not found");
        return new GeoRow().Add("service_code", code).Add("attributes", ("attribute", Array.Empty<GeoRow>()));
    }

    public async Task<(int Status, IEnumerable<GeoRow> Rows)> SubmitAsync(IFormCollection form, CancellationToken ct)
    {
        string? Field(string name) => form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var client = await keys.AuthenticateAsync(Field("api_key"), ApiClientKind.Open311, ct) ?? throw new GeoReportError(403, "api_key is missing, unknown or revoked");
        var jurisdiction = Field("jurisdiction_id");
        var areaCode = Jurisdiction(jurisdiction) ?? options.Value.DefaultAreaCode
            ?? throw new GeoReportError(503, "this endpoint takes no requests: no area is configured for them (Open311:DefaultAreaCode)");
        var errors = new List<string>();
        var serviceCode = Field("service_code");
        if (serviceCode is null) errors.Add("service_code is required");
        var (lat, lng) = (Field("lat"), Field("long"));
        double? latitude = null, longitude = null;
        if (lat is not null || lng is not null)
        {
            if (double.TryParse(lat, System.Globalization.CultureInfo.InvariantCulture, out var a) && double.TryParse(lng, System.Globalization.CultureInfo.InvariantCulture, out var b))
                (latitude, longitude) = (a, b);
            else errors.Add("lat and long must both be given as decimal degrees");
        }
        var address = Field("address_string") ?? (Field("address_id") is { } addressId ? $"address_id {addressId}" : null);
        if (latitude is null && address is null && !errors.Any(e => e.StartsWith("lat"))) errors.Add("lat and long, or address_string, is required");
        var email = Field("email");
        if (email is not null && (email.Length > 254 || !EmailPattern().IsMatch(email))) errors.Add("email is not an e-mail address");
        var media = Field("media_url");
        if (media is not null && (media.Length > 500 || !Uri.TryCreate(media, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add("media_url must be an http or https URL of at most 500 characters");
        foreach (var (name, max) in new[] { ("account_id", 100), ("device_id", 100), ("jurisdiction_id", 100), ("description", 2000) })
            if (Field(name) is { } value && value.Length > max) errors.Add($"{name} is longer than {max} characters");
        var attributes = string.Join("; ", form.Where(kv => kv.Key.StartsWith("attribute[", StringComparison.Ordinal) && kv.Key.EndsWith(']'))
            .Select(kv => $"{kv.Key[10..^1]}={string.Join(",", kv.Value.ToArray())}"));
        if (attributes.Length > 2000) errors.Add("the attributes are longer than 2000 characters in all");
        if (errors.Count > 0) throw new GeoReportError(400, [.. errors]);

        var categories = await directory.CategoriesAsync(ct);
        var category = categories.FirstOrDefault(c => c.Code == serviceCode) ?? throw new GeoReportError(404, "service_code not found");
        var input = new ExternalRequest(ExternalChannel.Open311, $"open311:{client.Name}", category.Code, areaCode, address,
            Field("description") ?? category.Name, Name(Field("first_name"), Field("last_name")), Field("phone"), latitude, longitude);

        var (request, token) = await services.AsSystemAsync(async sp =>
        {
            // The request and what only Open311 knows of it are saved together or not at all.
            var scopedDb = sp.GetRequiredService<GongzhiDb>();
            await using var tx = await scopedDb.Database.BeginTransactionAsync(ct);
            var created = (await sp.GetRequiredService<IRequestIntake>().SubmitAsync(input, ct)).Request;
            var token = Guid.NewGuid().ToString("N");
            var protector = sp.GetRequiredService<PersonalDataProtector>();
            scopedDb.Open311Submissions.Add(new Open311Submission
            {
                ServiceRequestId = created.TrackingCode, Token = token, ApiClientId = client.Id, JurisdictionId = jurisdiction,
                AccountId = Field("account_id"), DeviceId = Field("device_id"), MediaUrl = media,
                EmailCipher = email is null ? null : protector.Encrypt(email), Attributes = attributes.Length == 0 ? null : attributes,
                SubmittedAt = clock.GetUtcNow(),
            });
            await scopedDb.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (created, token);
        });
        return (201, [new GeoRow()
            .Add("service_request_id", request.TrackingCode)
            .Add("token", token)
            .Add("service_notice", l["Received. It is due to be resolved by {0}.", GeoReportFormat.Time(request.ResolveDueAt)].Value)
            .Add("account_id", Field("account_id"))]);
    }

    public async Task<IEnumerable<GeoRow>> SearchAsync(string? ids, string? serviceCode, string? start, string? end, string? status, string? jurisdiction, CancellationToken ct)
    {
        Jurisdiction(jurisdiction);
        var o = options.Value;
        var codes = Split(ids);
        PublicRequestQuery query;
        if (codes.Count > 0)
            query = new PublicRequestQuery([.. codes.Select(c => c.ToUpperInvariant()).Where(c => IdPattern().IsMatch(c))], null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, null, o.MaxResults);
        else
        {
            var (from, to) = GeoReportFormat.Window(start, end, clock.GetUtcNow(), o.WindowDays);
            query = new PublicRequestQuery(null, Split(serviceCode), from, to, GeoReportFormat.ParseStatusFilter(status), o.MaxResults);
        }
        if (query.TrackingCodes is { Count: 0 }) return [];
        return await RowsAsync(await directory.SearchAsync(query, ct), ct);
    }

    public async Task<IEnumerable<GeoRow>> RequestAsync(string id, string? jurisdiction, CancellationToken ct)
    {
        Jurisdiction(jurisdiction);
        var request = IdPattern().IsMatch(id.ToUpperInvariant()) ? await directory.FindAsync(id.ToUpperInvariant(), ct) : null;
        return request is null ? throw new GeoReportError(404, "service_request_id not found") : await RowsAsync([request], ct);
    }

    public async Task<IEnumerable<GeoRow>> TokenAsync(string token, string? jurisdiction, CancellationToken ct)
    {
        Jurisdiction(jurisdiction);
        var id = token.Length <= 32 ? await db.Open311Submissions.AsNoTracking().Where(s => s.Token == token).Select(s => s.ServiceRequestId).FirstOrDefaultAsync(ct) : null;
        return id is null ? throw new GeoReportError(404, "token not found") : [new GeoRow().Add("service_request_id", id).Add("token", token)];
    }

    /// <summary>The area a jurisdiction_id stands for (null: none given). An id the installation does not serve is a 404, as the specification asks.</summary>
    private string? Jurisdiction(string? id) =>
        string.IsNullOrWhiteSpace(id) ? null
        : options.Value.Jurisdictions.TryGetValue(id.Trim(), out var code) ? code
        : throw new GeoReportError(404, "jurisdiction_id not found");

    private async Task<IEnumerable<GeoRow>> RowsAsync(IReadOnlyList<PublicRequest> requests, CancellationToken ct)
    {
        var codes = requests.Select(r => r.TrackingCode).ToList();
        var media = await db.Open311Submissions.AsNoTracking().Where(s => codes.Contains(s.ServiceRequestId) && s.MediaUrl != null)
            .ToDictionaryAsync(s => s.ServiceRequestId, s => s.MediaUrl, ct);
        return requests.Select(r => new GeoRow()
            .Add("service_request_id", r.TrackingCode)
            .Add("status", GeoReportFormat.Status(r.IsClosed))
            .Add("status_notes", r.StatusText)
            .Add("service_name", r.CategoryName)
            .Add("service_code", r.CategoryCode)
            .Add("description", r.Description)
            .Add("agency_responsible", r.AgencyResponsible)
            .Add("service_notice", null)
            .Add("requested_datetime", GeoReportFormat.Time(r.SubmittedAt))
            .Add("updated_datetime", GeoReportFormat.Time(r.UpdatedAt))
            .Add("expected_datetime", GeoReportFormat.Time(r.ResolveDueAt))
            .Add("address", r.Address)
            .Add("address_id", null)
            .Add("zipcode", null)
            .Add("lat", r.Latitude)
            .Add("long", r.Longitude)
            .Add("media_url", media.GetValueOrDefault(r.TrackingCode)));
    }

    private static List<string> Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length <= 40).Distinct().Take(1000)];

    /// <summary>Chinese names are family name first, without a space; others keep the given-name-first order.</summary>
    public static string? Name(string? first, string? last)
    {
        if (first is null || last is null) return first ?? last;
        return (first + last).Any(c => c >= '\u4e00' && c <= '\u9fff') ? last + first : $"{first} {last}";
    }
}
