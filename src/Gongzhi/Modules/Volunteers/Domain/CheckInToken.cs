using System.Security.Cryptography;
using System.Text;

namespace Gongzhi.Modules.Volunteers.Domain;

/// <summary>
/// The rotating check-in code shown at an activity's site: an HMAC-SHA256 of the activity id and the current time
/// step (30 s) under the activity's own secret, cut to 12 base64url characters. A scan is accepted for the current
/// and the previous step, so a code read just before it turns still works; an older one (a photo passed around) is
/// stale.
/// </summary>
public static class CheckInToken
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public static long StepOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Compute(string secret, long activityId, long step)
    {
        var mac = HMACSHA256.HashData(Convert.FromBase64String(secret), Encoding.ASCII.GetBytes($"{activityId}:{step}"));
        return Convert.ToBase64String(mac, 0, 9).Replace('+', '-').Replace('/', '_');
    }

    public static string Current(string secret, long activityId, DateTimeOffset now) => Compute(secret, activityId, StepOf(now));

    /// <summary>True when <paramref name="token"/> is the code of the current or the previous step (compared in constant time).</summary>
    public static bool IsValid(string secret, long activityId, string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token)) return false;
        var step = StepOf(now);
        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Compute(secret, activityId, step)))
               | CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Compute(secret, activityId, step - 1)));
    }
}
