using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Modules.Care.Features.Roster;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Care.Features.CheckIn;

/// <summary>An inbound SMS as the gateway reports it: the sender's phone and the text.</summary>
public sealed record InboundSms(string? Phone, string? Text);

/// <summary>The webhook's answer: whether the message marked someone OK (nothing more: the gateway needs no names).</summary>
public sealed record InboundSmsResult(bool Matched);

/// <summary>
/// 窗帘之约 by SMS reply code: the SMS gateway posts each inbound message to <c>POST /api/care/checkin/sms</c> with the
/// shared secret <see cref="CareOptions.SmsInboundSecret"/> in the <see cref="SecretHeader"/> header (compared in
/// constant time; no secret configured: the route answers 404). The message marks "OK today" (channel
/// <see cref="CheckInChannel.Sms"/>) for the enrolled entry whose six-digit reply code is in the text and whose listed
/// phones include the sender — matched through the keyed lookup hash, never by decrypting phones. Anything else is
/// answered 200 without effect, and logged and audited with the phone masked.
/// </summary>
public sealed partial class CareSmsCheckIns(IServiceProvider services, IOptionsMonitor<CareOptions> options, ILogger<CareSmsCheckIns> log, IStringLocalizer<SharedResource> l)
{
    public const string SecretHeader = "X-Care-Sms-Secret";

    [GeneratedRegex(@"(?<!\d)(\d{6})(?!\d)")]
    private static partial Regex ReplyCode();

    /// <summary>Refuses the call unless the feature is configured (404) and the secret given is the configured one (401).</summary>
    public void Authenticate(string? given)
    {
        var secret = options.CurrentValue.SmsInboundSecret;
        if (string.IsNullOrEmpty(secret)) throw AppProblem.NotFound(l["SMS check-in is not configured."]);
        // Hashing both sides gives equal lengths, so the comparison's time says nothing about the secret.
        var ok = CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given ?? "")), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        if (!ok) throw new AppProblem(StatusCodes.Status401Unauthorized, l["The SMS gateway's secret is missing or wrong."]);
    }

    /// <summary>Gateways differ: a form post or JSON, with the sender and the text under one of a few common names.</summary>
    public async Task<InboundSms> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        static string? Pick(Func<string, string?> get, params string[] names) => names.Select(get).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            return new InboundSms(Pick(n => form[n].FirstOrDefault(), "phone", "from", "mobile"), Pick(n => form[n].FirstOrDefault(), "text", "content", "message"));
        }
        try
        {
            using var json = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var root = json.RootElement;
            string? Get(string name) => root.ValueKind == System.Text.Json.JsonValueKind.Object
                && root.EnumerateObject().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: System.Text.Json.JsonValueKind.String } found
                ? found.Value.GetString() : null;
            return new InboundSms(Pick(Get, "phone", "from", "mobile"), Pick(Get, "text", "content", "message"));
        }
        catch (System.Text.Json.JsonException)
        {
            throw AppProblem.Invalid("body", l["Send a form or a JSON object with the sender's phone and the text."]);
        }
    }

    public Task<InboundSmsResult> ReceiveAsync(InboundSms sms, CancellationToken ct) => services.AsSystemAsync(async sp =>
    {
        var phone = CheckInPhones.Normalize(sms.Phone);
        var masked = phone is null ? "?" : Masking.Phone(phone);
        var code = sms.Text is null ? null : ReplyCode().Match(sms.Text) is { Success: true } m ? m.Groups[1].Value : null;
        var db = sp.GetRequiredService<GongzhiDb>();
        CareEntry? entry = null;
        if (phone is not null && code is not null)
        {
            var hashes = sp.GetRequiredService<PersonalDataProtector>().LookupHashes(phone).ToList();
            entry = await db.CareEntries.AsNoTracking()
                .Where(e => e.SmsReplyCode == code && e.CheckInWatchersJson != null && db.CareCheckInPhones.Any(p => p.EntryId == e.Id && hashes.Contains(p.PhoneHash)))
                .FirstOrDefaultAsync(ct);
        }
        if (entry is null)
        {
            log.LogWarning("SMS check-in from {Phone} matched no enrolled elder (reply code {Found}).", masked, code is null ? "absent" : "unknown for the phone");
            sp.GetRequiredService<AuditLog>().Record("care.checkin-sms-unmatched", "care-entry", null, $"from {masked}", userName: "sms");
            await db.SaveChangesAsync(ct);
            return new InboundSmsResult(false);
        }
        await sp.GetRequiredService<CareCheckIns>().MarkAsync(entry.Id, CheckInChannel.Sms, masked, ct);
        return new InboundSmsResult(true);
    });
}
