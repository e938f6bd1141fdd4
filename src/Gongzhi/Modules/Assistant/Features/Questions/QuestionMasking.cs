using System.Text.RegularExpressions;

namespace Gongzhi.Modules.Assistant.Features.Questions;

/// <summary>
/// Masks what identifies a person in a question before it is stored: ID numbers (18 characters, last may be X; and the
/// old 15-digit form) keep their first 6 and last 4 characters, mobile numbers (1[3-9] + 9 digits, spaces or dashes
/// allowed) their first 3 and last 4, landlines (0 + area code + number) their area code. Digits around a number
/// stop the match, so a long run of digits is not cut into a false phone.
/// </summary>
public static partial class QuestionMasking
{
    [GeneratedRegex(@"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])")]
    private static partial Regex IdNumber18();

    [GeneratedRegex(@"(?<!\d)(\d{6})\d{5}(\d{4})(?!\d)")]
    private static partial Regex IdNumber15();

    [GeneratedRegex(@"(?<![\d])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?![\d])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<!\d)(0\d{2,3})[\s-]?\d{7,8}(?!\d)")]
    private static partial Regex Landline();

    public static string Mask(string text)
    {
        var s = IdNumber18().Replace(text, m => m.Groups[1].Value + "********" + m.Groups[2].Value);
        s = IdNumber15().Replace(s, m => m.Groups[1].Value + "*****" + m.Groups[2].Value);
        s = Mobile().Replace(s, m => m.Groups[1].Value + "****" + m.Groups[2].Value);
        s = Landline().Replace(s, m => m.Groups[1].Value + "-********");
        return s;
    }
}
