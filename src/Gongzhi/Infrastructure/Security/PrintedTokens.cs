using System.Security.Cryptography;
using System.Text;

namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// Tokens printed on paper as QR codes (door plates, care door cards): random, free of look-alike characters so a
/// token typed from a smudged print still matches, and stored only as a digest (and a cipher to print again).
/// </summary>
public static class PrintedTokens
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int Length = 26;

    /// <summary>26 characters of 31 (no look-alikes): ≈129 bits from a CSPRNG.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Shape check before any lookup: anything else is refused without touching the database.</summary>
    public static bool LooksLikeOne(string? token) => token is { Length: Length } && token.All(c => Alphabet.Contains(c));

    public static string Hash(string token) => TokenDigest.Sha256Hex(token);
}

/// <summary>
/// The digest a bearer secret is stored as (API keys, printed tokens, reset links). A plain SHA-256 is enough: the
/// secrets are ≥128 random bits, so there is nothing to guess from the digest and no need for a slow hash.
/// </summary>
public static class TokenDigest
{
    public static string Sha256Hex(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
