namespace Gongzhi.Modules.Registry.Domain;

/// <summary>
/// The 18-character resident identity number of GB 11643-1999: 6-digit area code, 8-digit birth date, 3-digit
/// sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character (0-9 or X).
/// </summary>
public readonly record struct ResidentIdNumber(string Value, DateOnly BirthDate, Sex Sex)
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    public enum Problem { None, Length, Characters, BirthDate, Checksum }

    public static Problem Validate(string? input, out ResidentIdNumber id)
    {
        id = default;
        var value = input?.Trim().ToUpperInvariant() ?? "";
        if (value.Length != 18) return Problem.Length;
        for (var i = 0; i < 17; i++)
            if (!char.IsAsciiDigit(value[i])) return Problem.Characters;
        if (!char.IsAsciiDigit(value[17]) && value[17] != 'X') return Problem.Characters;
        if (!DateOnly.TryParseExact(value.AsSpan(6, 8), "yyyyMMdd", out var birth) || birth.Year < 1800) return Problem.BirthDate;
        if (CheckCharacter(value) != value[17]) return Problem.Checksum;
        id = new ResidentIdNumber(value, birth, (value[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female);
        return Problem.None;
    }

    /// <summary>Builds a valid number (for the demo and generators).</summary>
    public static string Create(string areaCode6, DateOnly birth, int sequence, Sex sex)
    {
        var seq = sequence % 500 * 2 + (sex == Sex.Male ? 1 : 0);
        seq = Math.Clamp(seq, 1, 999);
        var first17 = $"{areaCode6}{birth:yyyyMMdd}{seq:000}";
        return first17 + CheckCharacter(first17);
    }
}
