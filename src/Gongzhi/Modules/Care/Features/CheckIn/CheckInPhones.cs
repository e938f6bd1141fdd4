using System.Text;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Care.Features.CheckIn;

/// <summary>Phones and names as the 窗帘之约 channels need them: one canonical form for hashing, and a masked name for the door.</summary>
public static class CheckInPhones
{
    /// <summary>
    /// Digits only, without China's country code: "+86 138-1234-5678", "8613812345678" and "13812345678" are one phone,
    /// so the keyed hash of what an SMS gateway reports matches the hash kept at enrolment. Null for anything not 7–15 digits.
    /// </summary>
    public static string? Normalize(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        return digits.Length is >= 7 and <= 15 ? digits : null;
    }

    public static IReadOnlyList<string> Parse(IReadOnlyList<string> given, Validation v, IStringLocalizer<SharedResource> l)
    {
        var phones = new List<string>();
        foreach (var raw in given.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (Normalize(raw) is { } phone) phones.Add(phone);
            else v.Add("phones", l["{0} is not a phone number.", raw.Trim()]);
        }
        v.Require(phones.Count <= CareCheckIns.MaxPhones, "phones", l["At most {0} phones.", CareCheckIns.MaxPhones]);
        return [.. phones.Distinct()];
    }

    /// <summary>The name as a door may show it: the family name and a star for each other character (张** ).</summary>
    public static string MaskName(string name)
    {
        var runes = name.Trim().EnumerateRunes().ToList();
        if (runes.Count == 0) return "*";
        var masked = new StringBuilder(runes[0].ToString());
        masked.Append('*', Math.Max(1, runes.Count - 1));
        return masked.ToString();
    }
}
