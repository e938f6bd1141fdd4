using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Resources;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Requests.Features.Intake;

/// <summary>
/// Confirms a resident's phone with a one-time code sent by SMS (through the outbox, like every message), and keeps the
/// confirmation in the browser as a data-protected, time-limited cookie holding the phone, so that the next
/// submission or rating from the same phone needs no new code. Codes are stored as SHA-256 of (phone hash, code),
/// expire after <see cref="IntakeOptions.OtpMinutes"/>, die after <see cref="IntakeOptions.OtpMaxAttempts"/> wrong tries,
/// are used once, and a phone gets at most <see cref="IntakeOptions.OtpPerPhonePerHour"/> of them an hour.
/// </summary>
public sealed partial class PhoneConfirmation(
    GongzhiDb db, PersonalDataProtector protector, INotifier notifier, IDataProtectionProvider dataProtection,
    IOptions<IntakeOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const string CookieName = "gz_phone";

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex MobilePattern();

    public static string? Normalize(string? phone)
    {
        var p = phone?.Trim().Replace(" ", "").Replace("-", "");
        if (p is not null && p.StartsWith("+86", StringComparison.Ordinal)) p = p[3..];
        return p is not null && MobilePattern().IsMatch(p) ? p : null;
    }

    public string RequirePhone(string? phone) =>
        Normalize(phone) ?? throw AppProblem.Invalid("phone", l["Enter a mainland mobile number (11 digits)."]);

    /// <summary>Sends a new code to the phone (per-phone cap), answers when it expires.</summary>
    public async Task<DateTimeOffset> SendAsync(string? phoneInput, CancellationToken ct)
    {
        var phone = RequirePhone(phoneInput);
        var o = options.Value;
        var now = clock.GetUtcNow();
        var phoneHash = protector.LookupHash(phone);
        var hourAgo = now.AddHours(-1);
        var sent = await db.PhoneOtps.CountAsync(x => x.PhoneHash == phoneHash && x.CreatedAt > hourAgo, ct);
        if (sent >= o.OtpPerPhonePerHour)
            throw new AppProblem(StatusCodes.Status429TooManyRequests, l["Too many codes were sent to this phone. Try again in an hour."]);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var otp = new PhoneOtp { PhoneHash = phoneHash, CodeHash = CodeHash(phoneHash, code), CreatedAt = now, ExpiresAt = now.AddMinutes(o.OtpMinutes) };
        db.PhoneOtps.Add(otp);
        await notifier.EnqueueAsync(new OutgoingMessage(PublicIntakeSetup.Otp.Code, $"otp:{Guid.NewGuid():N}", [new Recipient.Resident(0, phone)],
            new Dictionary<string, string> { ["code"] = code, ["minutes"] = o.OtpMinutes.ToString() }, Channels.Sms, Urgent: true), ct);
        await db.SaveChangesAsync(ct);
        return otp.ExpiresAt;
    }

    /// <summary>Checks a code against the phone's latest live one; a wrong code counts an attempt (and is saved as such).</summary>
    public async Task VerifyAsync(string phone, string? code, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var phoneHash = protector.LookupHash(phone);
        var otp = await db.PhoneOtps.Where(x => x.PhoneHash == phoneHash && x.UsedAt == null).OrderByDescending(x => x.CreatedAt).FirstOrDefaultAsync(ct);
        if (otp is null || otp.ExpiresAt <= now)
            throw AppProblem.Invalid("code", l["The code has expired or was never sent: ask for a new one."]);
        if (otp.Attempts >= o.OtpMaxAttempts)
            throw AppProblem.Invalid("code", l["Too many wrong codes: ask for a new one."]);
        var given = code?.Trim() ?? "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(CodeHash(phoneHash, given)), Encoding.ASCII.GetBytes(otp.CodeHash)))
        {
            otp.Attempts++;
            await db.SaveChangesAsync(ct);
            throw AppProblem.Invalid("code", l["The code is not right."]);
        }
        otp.UsedAt = now;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The phone this browser has confirmed (from its cookie), or null.</summary>
    public string? Confirmed(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value)) return null;
        try { return Normalize(Protector.Unprotect(value)); }
        catch (CryptographicException) { return null; }
    }

    public void Remember(HttpContext http, string phone)
    {
        var lifetime = TimeSpan.FromDays(Math.Max(1, options.Value.ConfirmedPhoneDays));
        http.Response.Cookies.Append(CookieName, Protector.Protect(phone, lifetime), new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, MaxAge = lifetime, IsEssential = true, Path = "/",
        });
    }

    /// <summary>Whether <paramref name="phone"/> is the one a request was submitted with (any current or previous lookup key).</summary>
    public bool Matches(string phone, string? phoneHash) => phoneHash is not null && protector.LookupHashes(phone).Contains(phoneHash);

    public List<string> HashesOf(string phone) => [.. protector.LookupHashes(phone)];

    /// <summary>The phone to use: the confirmed one, or the given one once its code checks out (and then remembered).</summary>
    public async Task<string> ProveAsync(HttpContext http, string? phoneInput, string? code, CancellationToken ct)
    {
        var confirmed = Confirmed(http);
        var phone = string.IsNullOrWhiteSpace(phoneInput) && confirmed is not null ? confirmed : RequirePhone(phoneInput);
        if (phone == confirmed) return phone;
        if (string.IsNullOrWhiteSpace(code)) throw AppProblem.Invalid("code", l["Enter the code sent to your phone."]);
        await VerifyAsync(phone, code, ct);
        Remember(http, phone);
        return phone;
    }

    private ITimeLimitedDataProtector Protector => dataProtection.CreateProtector("Gongzhi.Requests.ConfirmedPhone").ToTimeLimitedDataProtector();

    private static string CodeHash(string phoneHash, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phoneHash + ":" + code)));
}
