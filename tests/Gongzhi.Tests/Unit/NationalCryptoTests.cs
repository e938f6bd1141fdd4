using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gongzhi.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>
/// The national algorithms against their standards' published vectors (GB/T 32905 SM3, GB/T 32907 SM4, RFC 8998
/// SM4-GCM), both authenticated ciphers of the personal-data protector, the ciphertext formats and the key file.
/// </summary>
public sealed class NationalCryptoTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void Sm3_matches_the_gb_t_32905_vectors()
    {
        Assert.Equal(Hex("66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0"), PersonalDataAlgorithms.Sm3(Encoding.ASCII.GetBytes("abc")));
        Assert.Equal(Hex("debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732"),
            PersonalDataAlgorithms.Sm3(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)))));
    }

    [Fact]
    public void Sm4_matches_the_gb_t_32907_vectors()
    {
        var key = Hex("0123456789abcdeffedcba9876543210");
        Assert.Equal(Hex("681edf34d206965e86b3e94f536e4246"), PersonalDataAlgorithms.Sm4Block(key, key));
        Assert.Equal(key, PersonalDataAlgorithms.Sm4Block(key, Hex("681edf34d206965e86b3e94f536e4246"), encrypt: false));
        // The standard's second example: the plaintext encrypted 1,000,000 times under the same key (about a second).
        var block = key;
        for (var i = 0; i < 1_000_000; i++) block = PersonalDataAlgorithms.Sm4Block(key, block);
        Assert.Equal(Hex("595298c7c6fd271f0402f804c33d3f66"), block);
    }

    [Fact]
    public void Sm4_gcm_matches_the_rfc_8998_vector()
    {
        var key = Hex("0123456789ABCDEFFEDCBA9876543210");
        var nonce = Hex("00001234567800000000ABCD");
        var aad = Hex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        var plain = Hex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
        var tag = new byte[16];
        var cipher = new byte[plain.Length];
        PersonalDataAlgorithms.Seal(PersonalDataAlgorithm.Sm4Gcm, key, nonce, plain, aad, tag, cipher);
        Assert.Equal(Hex("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"), cipher);
        Assert.Equal(Hex("83DE3541E4C2B58177E065A9BF7B62EC"), tag);
        Assert.Equal(plain, PersonalDataAlgorithms.Open(PersonalDataAlgorithm.Sm4Gcm, key, [.. nonce, .. tag, .. cipher], aad));
    }

    [Fact]
    public void Hmac_sm3_agrees_with_an_independent_implementation()
    {
        // Computed with Python's hmac over OpenSSL's SM3: hmac.new(key, b"370811199001011234", "sm3").
        var key = Encoding.ASCII.GetBytes("gongzhi-lookup-key-0123456789abc");
        Assert.Equal(Hex("aa162edd501970a58b45669bd124262d5e746cc946afc76bc3299de5fd5d023b"),
            PersonalDataAlgorithms.Hmac(LookupHashAlgorithm.HmacSm3, key, Encoding.ASCII.GetBytes("370811199001011234")));
    }

    [Theory]
    [InlineData(PersonalDataAlgorithm.AesGcm, 32, "v2.a.k1.")]
    [InlineData(PersonalDataAlgorithm.Sm4Gcm, 16, "v2.s.k1.")]
    public void Both_ciphers_round_trip_and_detect_tampering(PersonalDataAlgorithm algorithm, int keySize, string prefix)
    {
        var key = RandomNumberGenerator.GetBytes(keySize);
        var protector = Protector(algorithm, "k1", key);
        Assert.Equal(algorithm, protector.Algorithm);
        var cipher = protector.Encrypt("110105194912310029");
        Assert.StartsWith(prefix, cipher);
        Assert.NotEqual(cipher, protector.Encrypt("110105194912310029"));
        Assert.Equal("110105194912310029", protector.Decrypt(cipher));
        Assert.Equal("", protector.Decrypt(protector.Encrypt("")));
        Assert.Equal("张三 13800001234", protector.Decrypt(protector.Encrypt("张三 13800001234")));

        var body = Convert.FromBase64String(cipher[prefix.Length..]);
        foreach (var at in new[] { 0, 12, 27, body.Length - 1 }) // nonce, tag, ciphertext
        {
            var altered = (byte[])body.Clone();
            altered[at] ^= 0x40;
            var error = Assert.Throws<PersonalDataKeyException>(() => protector.Decrypt(prefix + Convert.ToBase64String(altered)));
            Assert.Contains("does not decrypt", error.Message);
        }
        // The key id is bound to the value: moving it under another key id of the same key does not open it.
        var twin = new PersonalDataProtector("k1", new Dictionary<string, byte[]> { ["k1"] = key, ["k2"] = key },
            new LookupKeyMaterial(RandomNumberGenerator.GetBytes(32), algorithm.LookupHash()), []);
        Assert.Throws<PersonalDataKeyException>(() => twin.Decrypt(cipher.Replace(".k1.", ".k2.")));
        Assert.Throws<PersonalDataKeyException>(() => protector.Decrypt(cipher[..^4]));
        Assert.Throws<PersonalDataKeyException>(() => protector.Decrypt("v3.a.k1.AAAA"));
        Assert.Throws<PersonalDataKeyException>(() => protector.Decrypt("v2.x.k1." + cipher[prefix.Length..]));
    }

    [Fact]
    public void A_wrong_key_or_an_unknown_key_id_fails_loudly_and_never_returns_garbage()
    {
        var right = Protector(PersonalDataAlgorithm.Sm4Gcm, "k1", RandomNumberGenerator.GetBytes(16));
        var wrong = Protector(PersonalDataAlgorithm.Sm4Gcm, "k1", RandomNumberGenerator.GetBytes(16));
        var cipher = right.Encrypt("13812345678");
        Assert.Contains("not the one it was encrypted with", Assert.Throws<PersonalDataKeyException>(() => wrong.Decrypt(cipher)).Message);
        var other = Protector(PersonalDataAlgorithm.AesGcm, "k7", RandomNumberGenerator.GetBytes(32));
        Assert.Contains("'k1', which is not among this installation's keys", Assert.Throws<PersonalDataKeyException>(() => other.Decrypt(cipher)).Message);
        // The marker names SM4-GCM, the key of that id is an AES key: refused, not tried.
        var mismatched = Protector(PersonalDataAlgorithm.AesGcm, "k1", RandomNumberGenerator.GetBytes(32));
        Assert.Contains("SM4-GCM", Assert.Throws<PersonalDataKeyException>(() => mismatched.Decrypt(cipher)).Message);
    }

    [Fact]
    public void Values_in_the_v1_format_still_decrypt_and_a_rotation_renews_only_what_is_not_current()
    {
        var aes = RandomNumberGenerator.GetBytes(32);
        var legacy = LegacyV1("k1", aes, "370811199001011234");
        var protector = new PersonalDataProtector("k2", new Dictionary<string, byte[]> { ["k1"] = aes, ["k2"] = RandomNumberGenerator.GetBytes(16) },
            new LookupKeyMaterial(RandomNumberGenerator.GetBytes(32), LookupHashAlgorithm.HmacSm3), []);
        Assert.Equal("370811199001011234", protector.Decrypt(legacy));
        Assert.False(protector.IsCurrent(legacy));
        var renewed = protector.Renew(legacy, protector.Decrypt(legacy));
        Assert.StartsWith("v2.s.k2.", renewed);
        Assert.True(protector.IsCurrent(renewed));
        Assert.Same(renewed, protector.Renew(renewed, "370811199001011234"));
    }

    [Fact]
    public void Lookups_answer_under_the_previous_keys_current_first_and_the_hash_follows_the_algorithm()
    {
        var lookup = RandomNumberGenerator.GetBytes(32);
        var keys = new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32), ["k2"] = RandomNumberGenerator.GetBytes(16) };
        var before = new PersonalDataProtector("k1", keys, new LookupKeyMaterial(lookup, LookupHashAlgorithm.HmacSha256), []);
        var sm3 = new PersonalDataProtector("k2", keys, new LookupKeyMaterial(lookup, LookupHashAlgorithm.HmacSm3), []);
        Assert.NotEqual(before.LookupHash("13812345678"), sm3.LookupHash("13812345678")); // same key, other hash: a lookup rotation too
        Assert.Equal(Convert.ToHexString(HMACSHA256.HashData(lookup, "13812345678"u8)), before.LookupHash("13812345678"));

        var during = new PersonalDataProtector("k2", keys, new LookupKeyMaterial(RandomNumberGenerator.GetBytes(32), LookupHashAlgorithm.HmacSm3),
            [new LookupKeyMaterial(lookup, LookupHashAlgorithm.HmacSha256)]);
        var hashes = during.LookupHashes("11010519491231002x");
        Assert.Equal([during.LookupHash("11010519491231002X"), before.LookupHash("11010519491231002X")], hashes);
        Assert.Equal([before.LookupHash("x")], before.LookupHashes("x"));
        Assert.True(during.HasPreviousLookupKeys);
    }

    [Fact]
    public void The_original_key_file_format_still_loads_and_new_keys_carry_their_algorithm()
    {
        var dir = Directory.CreateTempSubdirectory("gongzhi-keys-").FullName;
        var path = Path.Combine(dir, "keys.json");
        var aes = RandomNumberGenerator.GetBytes(32);
        var lookup = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, JsonSerializer.Serialize(new { CurrentKeyId = "k1", Keys = new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(aes) }, LookupKey = Convert.ToBase64String(lookup) }));
        var original = PersonalDataProtector.FromKeyFile(path);
        Assert.Equal(PersonalDataAlgorithm.AesGcm, original.Algorithm);
        Assert.Equal(LookupHashAlgorithm.HmacSha256, original.LookupAlgorithm);
        var old = original.Encrypt("13812345678");
        Assert.Equal("370811199001011234", original.Decrypt(LegacyV1("k1", aes, "370811199001011234")));

        var file = PersonalDataKeyFile.Read(path);
        Assert.Equal("k2", file.AddKey(PersonalDataAlgorithm.Sm4Gcm));
        file.Write(path);
        Assert.Equal(16, Convert.FromBase64String(PersonalDataKeyFile.Read(path).Keys["k2"]).Length);
        original.Reload();
        Assert.Equal(PersonalDataAlgorithm.Sm4Gcm, original.Algorithm);
        Assert.Equal(LookupHashAlgorithm.HmacSm3, original.LookupAlgorithm);
        Assert.StartsWith("v2.s.k2.", original.Encrypt("x"));
        Assert.Equal("13812345678", original.Decrypt(old));
        // The previous lookup key (HMAC-SHA256) still answers, after the current one.
        Assert.Equal(Convert.ToHexString(HMACSHA256.HashData(lookup, "13812345678"u8)), original.LookupHashes("13812345678")[1]);
        // Still readable as the original three members by whoever reads only those.
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("k2", json.RootElement.GetProperty("CurrentKeyId").GetString());
        Assert.Equal(Convert.ToBase64String(aes), json.RootElement.GetProperty("Keys").GetProperty("k1").GetString());

        Assert.Equal("k3", file.AddKey(PersonalDataAlgorithm.AesGcm));
        Assert.Equal(32, Convert.FromBase64String(file.Keys["k3"]).Length);
        Assert.Equal(2, file.PreviousLookupKeys!.Count);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void A_node_takes_up_a_changed_key_file_on_its_own()
    {
        var dir = Directory.CreateTempSubdirectory("gongzhi-keys-").FullName;
        var path = Path.Combine(dir, "keys.json");
        var node = PersonalDataProtector.FromKeyFile(path, PersonalDataAlgorithm.Sm4Gcm);
        Assert.Equal(PersonalDataAlgorithm.Sm4Gcm, node.Algorithm);
        var file = PersonalDataKeyFile.Read(path);
        file.AddKey(PersonalDataAlgorithm.AesGcm);
        file.Write(path);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (node.CurrentKeyId != "k2" && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.Equal("k2", node.CurrentKeyId);
        Assert.Equal(PersonalDataAlgorithm.AesGcm, node.Algorithm);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Configured_algorithm_must_match_the_current_key()
    {
        var dir = Directory.CreateTempSubdirectory("gongzhi-keys-").FullName;
        var path = Path.Combine(dir, "keys.json");
        IConfiguration Settings(string? algorithm) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PersonalData:KeyFile"] = path, ["PersonalData:Algorithm"] = algorithm,
        }).Build();
        Assert.Equal(PersonalDataAlgorithm.Sm4Gcm, PersonalDataProtector.FromConfiguration(Settings("SM4-GCM"), dir).Algorithm);
        Assert.Equal(PersonalDataAlgorithm.Sm4Gcm, PersonalDataProtector.FromConfiguration(Settings(null), dir).Algorithm);
        var refused = Assert.Throws<InvalidOperationException>(() => PersonalDataProtector.FromConfiguration(Settings("AES-GCM"), dir));
        Assert.Contains("new-personal-data-key", refused.Message);
        Assert.Throws<InvalidOperationException>(() => PersonalDataProtector.FromConfiguration(Settings("DES"), dir));
        Directory.Delete(dir, recursive: true);
    }

    private static PersonalDataProtector Protector(PersonalDataAlgorithm algorithm, string id, byte[] key) =>
        new(id, new Dictionary<string, byte[]> { [id] = key }, new LookupKeyMaterial(RandomNumberGenerator.GetBytes(32), algorithm.LookupHash()), []);

    /// <summary>A value as the first version wrote it: v1.{keyId}.{nonce|tag|cipher}, AES-GCM, the key id as associated data.</summary>
    private static string LegacyV1(string keyId, byte[] key, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[28 + plain.Length];
        RandomNumberGenerator.Fill(buffer.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(buffer.AsSpan(0, 12), plain, buffer.AsSpan(28), buffer.AsSpan(12, 16), Encoding.ASCII.GetBytes(keyId));
        return $"v1.{keyId}.{Convert.ToBase64String(buffer)}";
    }
}
