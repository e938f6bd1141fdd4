using System.Text.RegularExpressions;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Residents;

/// <summary>
/// The checks every way into the registry shares (forms, API, one-form import): an ID number with a valid GB 11643
/// checksum, a birth date and sex that agree with it, plausible dates and phone numbers.
/// </summary>
public static partial class ResidentRules
{
    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();

    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    /// <summary>Checks an ID number; adds the reason to <paramref name="v"/> and answers the parsed number when valid.</summary>
    public static ResidentIdNumber? IdNumber(Validation v, IStringLocalizer<SharedResource> l, string? value, DateOnly today, string field = "idNumber")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, l["Enter the resident ID number."]);
            return null;
        }
        var problem = ResidentIdNumber.Validate(value, out var id);
        var message = problem switch
        {
            ResidentIdNumber.Problem.Length => l["A resident ID number has 18 characters."],
            ResidentIdNumber.Problem.Characters => l["A resident ID number has 17 digits and a last digit or X."],
            ResidentIdNumber.Problem.BirthDate => l["The birth date inside the ID number is not a real date."],
            ResidentIdNumber.Problem.Checksum => l["The check digit of the ID number is wrong: check for a typing error."],
            _ => id.BirthDate > today ? l["The birth date inside the ID number lies in the future."] : null,
        };
        if (message is null) return id;
        v.Add(field, message);
        return null;
    }

    public static void Agrees(Validation v, IStringLocalizer<SharedResource> l, ResidentIdNumber? id, DateOnly? birthDate, Sex? sex)
    {
        if (id is null) return;
        if (birthDate is not null && birthDate != id.Value.BirthDate)
            v.Add("birthDate", l["The birth date {0:yyyy-MM-dd} disagrees with the ID number ({1:yyyy-MM-dd}).", birthDate, id.Value.BirthDate]);
        if (sex is not null && sex != id.Value.Sex)
            v.Add("sex", l["The sex disagrees with the ID number."]);
    }

    public static void Dates(Validation v, IStringLocalizer<SharedResource> l, DateOnly? birth, DateOnly? movedIn, DateOnly today)
    {
        if (movedIn is null) return;
        v.Require(movedIn <= today, "movedInOn", l["The moved-in date lies in the future."]);
        v.Require(birth is null || movedIn >= birth, "movedInOn", l["The moved-in date is before the birth date."]);
    }

    public static string? Phone(Validation v, IStringLocalizer<SharedResource> l, string? phone, string field = "phone")
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var value = phone.Trim().Replace(" ", "");
        v.Require(IsPhone(value), field, l["{0} is not a mobile (11 digits) or landline number.", value]);
        return value;
    }

    /// <summary>Text that a spreadsheet or browser would execute is refused, not stored.</summary>
    public static bool LooksExecutable(string? text) =>
        !string.IsNullOrEmpty(text) && (text[0] is '=' or '+' or '@' || text.Contains("<script", StringComparison.OrdinalIgnoreCase) || text.Contains("javascript:", StringComparison.OrdinalIgnoreCase));
}
