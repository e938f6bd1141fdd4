using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// Encrypts personal data (resident ID numbers, phones) with AES-GCM. The key id travels with every ciphertext
/// (<c>v1.{keyId}.{base64(nonce|tag|cipher)}</c>) so that a new current key can be introduced without downtime while
/// old values still decrypt. A keyed hash (HMAC-SHA256) allows exact lookup without decrypting.
/// Keys come from configuration (<c>PersonalData:CurrentKeyId</c>, <c>PersonalData:Keys:{id}</c>,
/// <c>PersonalData:LookupKey</c>, all base64) or, failing that, from a key file outside the database.
/// </summary>
public sealed class PersonalDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _currentKeyId;
    private readonly byte[] _lookupKey;

    public PersonalDataProtector(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys, byte[] lookupKey)
    {
        if (!keys.ContainsKey(currentKeyId)) throw new InvalidOperationException($"Personal-data key '{currentKeyId}' is not configured.");
        if (keys.Values.Any(k => k.Length != 32) || lookupKey.Length < 32) throw new InvalidOperationException("Personal-data keys must be 32 bytes.");
        _keys = new Dictionary<string, byte[]>(keys);
        _currentKeyId = currentKeyId;
        _lookupKey = lookupKey;
    }

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[NonceSize + TagSize + plain.Length];
        var nonce = buffer.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_currentKeyId], TagSize);
        aes.Encrypt(nonce, plain, buffer.AsSpan(NonceSize + TagSize), buffer.AsSpan(NonceSize, TagSize), Encoding.ASCII.GetBytes(_currentKeyId));
        return $"v1.{_currentKeyId}.{Convert.ToBase64String(buffer)}";
    }

    public string Decrypt(string ciphertext)
    {
        var parts = ciphertext.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "v1" || !_keys.TryGetValue(parts[1], out var key))
            throw new CryptographicException("Unknown personal-data ciphertext format or key id.");
        var buffer = Convert.FromBase64String(parts[2]);
        var plain = new byte[buffer.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize + TagSize), buffer.AsSpan(NonceSize, TagSize), plain, Encoding.ASCII.GetBytes(parts[1]));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Keyed hash for exact lookup; the input is normalised (trimmed, upper-case) first.</summary>
    public string LookupHash(string value)
    {
        var normalised = value.Trim().ToUpperInvariant();
        return Convert.ToHexString(HMACSHA256.HashData(_lookupKey, Encoding.UTF8.GetBytes(normalised)));
    }

    public static PersonalDataProtector FromConfiguration(IConfiguration config, string contentRoot)
    {
        var section = config.GetSection("PersonalData");
        var keys = section.GetSection("Keys").GetChildren().ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value!));
        if (keys.Count > 0)
        {
            return new PersonalDataProtector(
                section["CurrentKeyId"] ?? keys.Keys.Last(), keys,
                Convert.FromBase64String(section["LookupKey"] ?? throw new InvalidOperationException("PersonalData:LookupKey is required when keys are configured.")));
        }
        var keyFile = section["KeyFile"] ?? Path.Combine(contentRoot, "data", "keys", "personal-data.json");
        return FromKeyFile(Path.IsPathRooted(keyFile) ? keyFile : Path.Combine(contentRoot, keyFile));
    }

    /// <summary>Loads (or on first use creates) a key file: for single-machine installs and the demo.</summary>
    public static PersonalDataProtector FromKeyFile(string path)
    {
        KeyFile file;
        if (File.Exists(path))
        {
            file = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path)) ?? throw new InvalidOperationException($"Empty key file {path}.");
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            file = new KeyFile("k1", new() { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            File.WriteAllText(path, JsonSerializer.Serialize(file));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new PersonalDataProtector(file.CurrentKeyId, file.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value)),
            Convert.FromBase64String(file.LookupKey));
    }

    private sealed record KeyFile(string CurrentKeyId, Dictionary<string, string> Keys, string LookupKey);
}
