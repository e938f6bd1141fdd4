using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gongzhi.Infrastructure.Security;

namespace Gongzhi.Modules.Operations.Features.Keys;

/// <summary>
/// Moves the personal-data keys in and out of the installation, protected by a passphrase, so that an administrator can
/// keep them apart from the database backups. The export holds the key file's content (or the same shape built from
/// configured keys) encrypted with AES-256-GCM under a key derived from the passphrase with PBKDF2-HMAC-SHA256; the key
/// ids are listed in clear (they are not secret) so that an admin can tell exports apart.
/// </summary>
public sealed class KeyTransfer(KeyLocation location, IConfiguration config, TimeProvider clock)
{
    public const string Format = "gongzhi-keys";
    public const int Iterations = 600_000;
    public const int MinimumPassphraseLength = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public sealed record Export(string Format, int Version, string Kdf, int Iterations, string Salt, string Nonce, string Tag, string Ciphertext,
        DateTimeOffset CreatedAt, IReadOnlyList<string> KeyIds);

    /// <summary>Writes the keys to <paramref name="file"/> (replacing it only once the new one is complete). Answers the key ids.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(string file, string passphrase, CancellationToken ct)
    {
        if (passphrase.Length < MinimumPassphraseLength)
            throw new OperationFailed($"The passphrase must be at least {MinimumPassphraseLength} characters long.");
        var keys = await CurrentKeysAsync(ct);
        var keyIds = keys["Keys"] is JsonObject ids ? ids.Select(k => k.Key).ToList() : [];
        var plain = Encoding.UTF8.GetBytes(keys.ToJsonString());
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(DeriveKey(passphrase, salt, Iterations), tag.Length))
            aes.Encrypt(nonce, plain, cipher, tag, Associated(Iterations, salt));
        CryptographicOperations.ZeroMemory(plain);
        var export = new Export(Format, 1, "PBKDF2-HMAC-SHA256", Iterations, Convert.ToBase64String(salt), Convert.ToBase64String(nonce),
            Convert.ToBase64String(tag), Convert.ToBase64String(cipher), clock.GetUtcNow(), keyIds);
        var full = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + $".{Guid.NewGuid():N}.partial";
        try
        {
            await File.WriteAllTextAsync(partial, JsonSerializer.Serialize(export, Json), ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
        return keyIds;
    }

    /// <summary>
    /// Writes the configured key file from an export. Refuses to replace a different key file (its keys may be the only
    /// ones that read some data) and checks that the written file loads before putting it in place.
    /// </summary>
    public async Task<(string KeyFile, IReadOnlyList<string> KeyIds, bool AlreadyThere)> ImportAsync(string file, string passphrase, CancellationToken ct)
    {
        if (location.InConfiguration)
            throw new OperationFailed("The personal-data keys of this installation are given in the configuration (PersonalData:Keys). " +
                                      "import-keys writes a key file: remove the configured keys to use one, or put the keys into the configuration yourself.");
        var plain = await DecryptAsync(file, passphrase, ct);
        var target = location.KeyFile;
        var keyIds = JsonNode.Parse(plain)?["Keys"] is JsonObject ids ? ids.Select(k => k.Key).ToList() : [];
        if (File.Exists(target))
        {
            if (JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(target, ct)), JsonNode.Parse(plain))) return (target, keyIds, true);
            throw new OperationFailed($"A different key file already exists at {target}. Move it away first (it may hold the only keys of some data), then import again.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await File.WriteAllTextAsync(partial, plain, ct);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            {
                PersonalDataProtector.FromKeyFile(partial);
            }
            catch (Exception ex) when (ex is InvalidOperationException or JsonException or FormatException or KeyNotFoundException or NullReferenceException)
            {
                throw new OperationFailed($"{file} decrypts, but does not hold usable personal-data keys: {ex.Message}", ex);
            }
            File.Move(partial, target, overwrite: false);
        }
        finally
        {
            File.Delete(partial);
        }
        return (target, keyIds, false);
    }

    private async Task<string> DecryptAsync(string file, string passphrase, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new OperationFailed($"No such file: {file}");
        Export export;
        byte[] salt, nonce, tag, cipher;
        try
        {
            export = JsonSerializer.Deserialize<Export>(await File.ReadAllTextAsync(file, ct), Json) ?? throw new JsonException();
            if (export.Format != Format || export.Version != 1 || export.Kdf != "PBKDF2-HMAC-SHA256" || export.Iterations < 100_000)
                throw new JsonException();
            (salt, nonce, tag, cipher) = (Convert.FromBase64String(export.Salt), Convert.FromBase64String(export.Nonce),
                Convert.FromBase64String(export.Tag), Convert.FromBase64String(export.Ciphertext));
            if (nonce.Length != 12 || tag.Length != 16) throw new JsonException();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentNullException or NotSupportedException)
        {
            throw new OperationFailed($"{file} is not a Gongzhi key export, or is damaged.", ex);
        }
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(DeriveKey(passphrase, salt, export.Iterations), tag.Length);
            aes.Decrypt(nonce, cipher, tag, plain, Associated(export.Iterations, salt));
        }
        catch (CryptographicException ex)
        {
            throw new OperationFailed($"Wrong passphrase for {file} (or the file was altered). No keys were written.", ex);
        }
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The key file's own content, or the same shape built from configured keys (with any other PersonalData settings).</summary>
    private async Task<JsonObject> CurrentKeysAsync(CancellationToken ct)
    {
        if (location.InConfiguration)
        {
            var section = config.GetSection("PersonalData");
            var keys = new JsonObject();
            foreach (var key in section.GetSection("Keys").GetChildren()) keys[key.Key] = key.Value;
            var result = new JsonObject
            {
                ["CurrentKeyId"] = section["CurrentKeyId"] ?? section.GetSection("Keys").GetChildren().Last().Key,
                ["Keys"] = keys,
                ["LookupKey"] = section["LookupKey"],
            };
            foreach (var other in section.GetChildren().Where(c => c.Value is not null && c.Key is not ("CurrentKeyId" or "LookupKey" or "KeyFile")))
                result[other.Key] = other.Value;
            return result;
        }
        if (!File.Exists(location.KeyFile))
            throw new OperationFailed($"There is no key file at {location.KeyFile} (PersonalData:KeyFile): no keys to export.");
        try
        {
            return JsonNode.Parse(await File.ReadAllTextAsync(location.KeyFile, ct)) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException ex)
        {
            throw new OperationFailed($"The key file {location.KeyFile} is not readable JSON.", ex);
        }
    }

    private static byte[] DeriveKey(string passphrase, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);

    /// <summary>The parameters are bound to the ciphertext: changing the iteration count or the salt fails decryption.</summary>
    private static byte[] Associated(int iterations, byte[] salt) =>
        Encoding.ASCII.GetBytes($"{Format}/1/PBKDF2-HMAC-SHA256/{iterations}/{Convert.ToBase64String(salt)}");
}
