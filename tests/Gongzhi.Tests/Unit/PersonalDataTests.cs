using System.Security.Cryptography;
using Gongzhi.Infrastructure.Security;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class PersonalDataTests
{
    private static readonly byte[] Lookup = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Encryption_round_trips_and_never_repeats_a_ciphertext()
    {
        var protector = new PersonalDataProtector("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, Lookup);
        var a = protector.Encrypt("370811199001011234");
        var b = protector.Encrypt("370811199001011234");
        Assert.NotEqual(a, b);
        Assert.StartsWith("v2.a.k1.", a);
        Assert.Equal("370811199001011234", protector.Decrypt(a));
        Assert.DoesNotContain("1990", a);
    }

    [Fact]
    public void Old_ciphertexts_still_decrypt_after_a_new_key_becomes_current()
    {
        var k1 = RandomNumberGenerator.GetBytes(32);
        var before = new PersonalDataProtector("k1", new Dictionary<string, byte[]> { ["k1"] = k1 }, Lookup);
        var old = before.Encrypt("13812345678");
        var after = new PersonalDataProtector("k2", new Dictionary<string, byte[]> { ["k1"] = k1, ["k2"] = RandomNumberGenerator.GetBytes(32) }, Lookup);
        Assert.Equal("13812345678", after.Decrypt(old));
        Assert.StartsWith("v2.a.k2.", after.Encrypt("13812345678"));
        Assert.Equal(before.LookupHash("13812345678"), after.LookupHash("13812345678"));
    }

    [Fact]
    public void Tampering_and_unknown_keys_are_detected()
    {
        var protector = new PersonalDataProtector("k1", new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) }, Lookup);
        var cipher = protector.Encrypt("13812345678");
        var bytes = Convert.FromBase64String(cipher.Split('.')[3]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt("v2.a.k1." + Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => protector.Decrypt(cipher.Replace("v2.a.k1.", "v2.a.k9.")));
    }

    [Fact]
    public void Lookup_hashes_normalise_and_depend_on_the_key()
    {
        var keys = new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) };
        var one = new PersonalDataProtector("k1", keys, Lookup);
        var other = new PersonalDataProtector("k1", keys, RandomNumberGenerator.GetBytes(32));
        Assert.Equal(one.LookupHash("11010519491231002x"), one.LookupHash(" 11010519491231002X"));
        Assert.NotEqual(one.LookupHash("11010519491231002X"), other.LookupHash("11010519491231002X"));
    }

    [Fact]
    public void A_key_file_is_created_once_and_reused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gongzhi-keys-{Guid.NewGuid():N}", "keys.json");
        var first = PersonalDataProtector.FromKeyFile(path);
        var second = PersonalDataProtector.FromKeyFile(path);
        Assert.Equal("x", second.Decrypt(first.Encrypt("x")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("370811199001011234", "370811********1234")]
    [InlineData("11010519491231002X", "110105********002X")]
    [InlineData("123", "***")]
    public void Id_numbers_are_masked(string value, string masked) => Assert.Equal(masked, Masking.IdNumber(value));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("05371234567", "053****4567")]
    [InlineData("12345", "*****")]
    public void Phones_are_masked(string value, string masked) => Assert.Equal(masked, Masking.Phone(value));
}
