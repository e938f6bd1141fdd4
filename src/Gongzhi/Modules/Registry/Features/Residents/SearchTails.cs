using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Registry.Domain;

namespace Gongzhi.Modules.Registry.Features.Residents;

/// <summary>
/// Grid workers usually know the last digits of a phone or an ID number, not the whole. The masked copies already show
/// the last 4 digits of a phone and the last 4 of an ID number, so a keyed hash of a phone's last 4 digits and of an
/// ID number's last 6 characters reveals close to nothing new, while it lets a search find them. The prefixes keep
/// these hashes apart from the full-number hashes made with the same key.
/// </summary>
public static class SearchTails
{
    public const int IdNumberLength = 6;
    public const int PhoneLength = 4;

    public static string IdNumberHash(PersonalDataProtector protector, string tail) => protector.LookupHash("id-tail:" + tail.ToUpperInvariant());

    public static string PhoneHash(PersonalDataProtector protector, string tail) => protector.LookupHash("phone-tail:" + tail);

    /// <summary>For queries: the tail's hash under the current and any previous lookup key (see <see cref="PersonalDataProtector.LookupHashes"/>).</summary>
    public static IReadOnlyList<string> IdNumberHashes(PersonalDataProtector protector, string tail) => protector.LookupHashes("id-tail:" + tail.ToUpperInvariant());

    public static IReadOnlyList<string> PhoneHashes(PersonalDataProtector protector, string tail) => protector.LookupHashes("phone-tail:" + tail);

    /// <summary>The tail hashes of a resident's current numbers; call wherever the ID number or phone is written.</summary>
    public static void Fill(Resident resident, PersonalDataProtector protector, string idNumber, string? phone)
    {
        resident.IdNumberTailHash = IdNumberHash(protector, idNumber.Trim()[^IdNumberLength..]);
        var digits = phone is null ? "" : new string(phone.Where(char.IsAsciiDigit).ToArray());
        resident.PhoneTailHash = digits.Length >= PhoneLength ? PhoneHash(protector, digits[^PhoneLength..]) : null;
    }

    /// <summary>What a search box text is, when it is a tail: <c>IdNumber</c> (6 characters, digits or a final X) or <c>Phone</c> (4 digits).</summary>
    public static TailKind Classify(string text) => text switch
    {
        { Length: IdNumberLength } when text[..^1].All(char.IsAsciiDigit) && (char.IsAsciiDigit(text[^1]) || text[^1] is 'X' or 'x') => TailKind.IdNumber,
        { Length: PhoneLength } when text.All(char.IsAsciiDigit) => TailKind.Phone,
        _ => TailKind.None,
    };
}

public enum TailKind { None, IdNumber, Phone }
