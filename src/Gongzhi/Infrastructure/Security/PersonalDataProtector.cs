using System.Security.Cryptography;
using System.Text;

namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// Encrypts personal data (resident ID numbers, phones …) with AES-256-GCM or SM4-GCM (<see cref="PersonalDataAlgorithm"/>).
/// Every ciphertext names its algorithm and key: <c>v2.{a|s}.{keyId}.{base64(nonce|tag|cipher)}</c> (the key id is the
/// associated data); the older <c>v1.{keyId}.{…}</c> is AES-GCM and still reads. So a new current key, even of the
/// other algorithm, comes in without downtime while old values still decrypt, and <c>rotate-personal-data</c> moves
/// the stored values over. A keyed hash (HMAC-SHA256, or HMAC-SM3 beside SM4-GCM) allows exact lookup without
/// decrypting; while a rotation rebuilds the hashes, <see cref="LookupHashes"/> also answers under the previous keys.
/// Keys come from configuration (<c>PersonalData:CurrentKeyId</c>, <c>PersonalData:Keys:{id}</c>,
/// <c>PersonalData:LookupKey</c>, <c>PersonalData:LookupAlgorithm</c>, all base64) or, failing that, from a key file
/// outside the database (<see cref="PersonalDataKeyFile"/>), which is re-read when it changes.
/// </summary>
public sealed class PersonalDataProtector
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private readonly string? _path;
    private readonly object _reloading = new();
    private PersonalDataKeyRing _ring;
    private (DateTime Written, long Length) _stamp;
    private long _nextCheck;

    public PersonalDataProtector(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys, byte[] lookupKey)
        : this(currentKeyId, keys, new LookupKeyMaterial(lookupKey, LookupHashAlgorithm.HmacSha256), []) { }

    public PersonalDataProtector(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys, LookupKeyMaterial lookup, IReadOnlyList<LookupKeyMaterial> previousLookups)
        => _ring = new PersonalDataKeyRing(currentKeyId, keys, lookup, previousLookups);

    private PersonalDataProtector(string path, PersonalDataKeyRing ring)
    {
        _path = path;
        _ring = ring;
        _stamp = Stamp(path);
        _nextCheck = Environment.TickCount64 + (long)RecheckInterval.TotalMilliseconds;
    }

    /// <summary>The algorithm new values are written with (the current key's).</summary>
    public PersonalDataAlgorithm Algorithm => Ring.Algorithm;

    public string CurrentKeyId => Ring.CurrentKeyId;

    /// <summary>The key file this protector re-reads, or null when the keys came from configuration.</summary>
    public string? KeyFilePath => _path;

    /// <summary>True while previous lookup keys are kept, i.e. a lookup-key rotation has not completed.</summary>
    public bool HasPreviousLookupKeys => Ring.PreviousLookups.Count > 0;

    public string Encrypt(string plaintext)
    {
        var ring = Ring;
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[PersonalDataAlgorithms.NonceSize + PersonalDataAlgorithms.TagSize + plain.Length];
        PersonalDataAlgorithms.Seal(ring.Algorithm, ring.Keys[ring.CurrentKeyId], plain, Encoding.ASCII.GetBytes(ring.CurrentKeyId), buffer);
        return ring.CurrentPrefix + Convert.ToBase64String(buffer);
    }

    /// <summary>
    /// Decrypts a value; throws <see cref="PersonalDataKeyException"/> (a <see cref="CryptographicException"/>) when
    /// its key is not configured or does not open it: never returns garbage.
    /// </summary>
    public string Decrypt(string ciphertext)
    {
        var ring = Ring;
        var (algorithm, keyId, body) = Parse(ciphertext);
        if (!ring.Keys.TryGetValue(keyId, out var key))
            throw new PersonalDataKeyException($"Personal data is encrypted under key id '{keyId}', which is not among this installation's keys ({string.Join(", ", ring.Keys.Keys)}): the key file does not belong to this database.");
        if (PersonalDataAlgorithms.OfKey(key) != algorithm)
            throw new PersonalDataKeyException($"Personal data says {algorithm.Name()} under key '{keyId}', but that key is a {PersonalDataAlgorithms.OfKey(key)!.Value.Name()} key: the key file does not belong to this database.");
        byte[] buffer;
        try { buffer = Convert.FromBase64String(body); }
        catch (FormatException ex) { throw new PersonalDataKeyException("A personal-data ciphertext is damaged (not base64).", ex); }
        try
        {
            return Encoding.UTF8.GetString(PersonalDataAlgorithms.Open(algorithm, key, buffer, Encoding.ASCII.GetBytes(keyId)));
        }
        catch (CryptographicException ex)
        {
            throw new PersonalDataKeyException($"Personal data under key '{keyId}' ({algorithm.Name()}) does not decrypt: the key is not the one it was encrypted with, or the value was altered.", ex);
        }
    }

    /// <summary>True when the value is already under the current key and algorithm (a rotation leaves it alone).</summary>
    public bool IsCurrent(string ciphertext) => ciphertext.StartsWith(Ring.CurrentPrefix, StringComparison.Ordinal);

    /// <summary>For a rotation: the value as it is when under the current key, else its plaintext encrypted anew.</summary>
    public string Renew(string ciphertext, string plaintext) => IsCurrent(ciphertext) ? ciphertext : Encrypt(plaintext);

    /// <summary>The algorithm of the current lookup hash (HMAC-SHA256 or HMAC-SM3).</summary>
    public LookupHashAlgorithm LookupAlgorithm => Ring.Lookup.Algorithm;

    internal bool UsesLookupKey(string base64) => Convert.ToBase64String(Ring.Lookup.Key) == base64;

    /// <summary>Keyed hash for exact lookup, under the current lookup key; the input is normalised (trimmed, upper-case) first.</summary>
    public string LookupHash(string value) => Hash(Ring.Lookup, value);

    /// <summary>
    /// The hashes a stored row may carry for the value: the current one first, then one per previous lookup key kept
    /// while a rotation rebuilds the hash columns. Queries match any of them (<c>IN</c>); writes use <see cref="LookupHash"/>.
    /// </summary>
    public IReadOnlyList<string> LookupHashes(string value)
    {
        var ring = Ring;
        if (ring.PreviousLookups.Count == 0) return [Hash(ring.Lookup, value)];
        return [.. new[] { ring.Lookup }.Concat(ring.PreviousLookups).Select(k => Hash(k, value)).Distinct()];
    }

    private static string Hash(LookupKeyMaterial key, string value) =>
        Convert.ToHexString(PersonalDataAlgorithms.Hmac(key.Algorithm, key.Key, Encoding.UTF8.GetBytes(value.Trim().ToUpperInvariant())));

    private static (PersonalDataAlgorithm Algorithm, string KeyId, string Body) Parse(string ciphertext)
    {
        var parts = ciphertext.Split('.', 4);
        if (parts is ["v1", var id, var rest, ..] && parts.Length == 3) return (PersonalDataAlgorithm.AesGcm, id, rest);
        if (parts is ["v2", [var marker], var keyId, var body] && PersonalDataAlgorithms.FromMarker(marker) is { } algorithm) return (algorithm, keyId, body);
        throw new PersonalDataKeyException("A stored value is not a personal-data ciphertext this version reads (v1 or v2).");
    }

    /// <summary>Re-reads the key file now (app nodes also do so on their own within seconds of it changing).</summary>
    public void Reload()
    {
        if (_path is null) return;
        lock (_reloading)
        {
            _ring = PersonalDataKeyFile.Read(_path).ToRing();
            _stamp = Stamp(_path);
        }
    }

    private PersonalDataKeyRing Ring
    {
        get
        {
            if (_path is not null && Environment.TickCount64 >= Volatile.Read(ref _nextCheck)) Recheck();
            return Volatile.Read(ref _ring);
        }
    }

    private void Recheck()
    {
        if (!Monitor.TryEnter(_reloading)) return; // another thread is at it; use the keys in hand meanwhile
        try
        {
            Volatile.Write(ref _nextCheck, Environment.TickCount64 + (long)RecheckInterval.TotalMilliseconds);
            var stamp = Stamp(_path!);
            if (stamp == _stamp) return;
            // The file is replaced whole (PersonalDataKeyFile.Write), so a changed stamp is a complete new file. A file
            // that does not load keeps the keys in hand: a node never loses keys it had.
            try { Volatile.Write(ref _ring, PersonalDataKeyFile.Read(_path!).ToRing()); }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or FormatException) { }
            _stamp = stamp;
        }
        finally
        {
            Monitor.Exit(_reloading);
        }
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }

    /// <summary>
    /// From configuration: keys given in settings, else the key file (<c>PersonalData:KeyFile</c>, default
    /// <c>data/keys/personal-data.json</c>). <c>PersonalData:Algorithm</c> (AES-GCM, the default, or SM4-GCM) is what a
    /// new key file and <c>new-personal-data-key</c> create; when set, the current key must be of it, or the
    /// app refuses to start and says how to add one.
    /// </summary>
    public static PersonalDataProtector FromConfiguration(IConfiguration config, string contentRoot)
    {
        var section = config.GetSection("PersonalData");
        var algorithm = PersonalDataAlgorithms.Parse(section["Algorithm"]);
        var keys = section.GetSection("Keys").GetChildren().ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value!));
        PersonalDataProtector protector;
        if (keys.Count > 0)
        {
            var lookup = new LookupKeyMaterial(
                Convert.FromBase64String(section["LookupKey"] ?? throw new InvalidOperationException("PersonalData:LookupKey is required when keys are configured.")),
                section["LookupAlgorithm"] is { } named ? PersonalDataAlgorithms.ParseLookup(named) : algorithm.LookupHash());
            var previous = section.GetSection("PreviousLookupKeys").GetChildren()
                .Select(p => new LookupKeyMaterial(Convert.FromBase64String(p["Key"]!), PersonalDataAlgorithms.ParseLookup(p["Algorithm"]))).ToList();
            protector = new PersonalDataProtector(section["CurrentKeyId"] ?? keys.Keys.Last(), keys, lookup, previous);
        }
        else
        {
            protector = FromKeyFile(KeyFileOf(config, contentRoot), algorithm);
        }
        if (!string.IsNullOrWhiteSpace(section["Algorithm"]) && protector.Algorithm != algorithm)
            throw new InvalidOperationException(
                $"PersonalData:Algorithm is {algorithm.Name()}, but the current personal-data key '{protector.CurrentKeyId}' is a {protector.Algorithm.Name()} key. " +
                $"Add a {algorithm.Name()} key with `new-personal-data-key --PersonalData:Algorithm={algorithm.Name()}`, then run `rotate-personal-data`.");
        return protector;
    }

    /// <summary>The key file the settings name (absolute), whether or not it exists yet.</summary>
    public static string KeyFileOf(IConfiguration config, string contentRoot)
    {
        var keyFile = config["PersonalData:KeyFile"] ?? Path.Combine(contentRoot, "data", "keys", "personal-data.json");
        return Path.IsPathRooted(keyFile) ? keyFile : Path.Combine(contentRoot, keyFile);
    }

    /// <summary>Loads (or on first use creates, with a key of the algorithm) a key file: for single-machine installs and the demo.</summary>
    public static PersonalDataProtector FromKeyFile(string path, PersonalDataAlgorithm algorithmForNewFile = PersonalDataAlgorithm.AesGcm)
    {
        if (!File.Exists(path)) PersonalDataKeyFile.Create(algorithmForNewFile).Write(path);
        return new PersonalDataProtector(path, PersonalDataKeyFile.Read(path).ToRing());
    }
}

/// <summary>Personal data that the configured keys cannot open: a wrong or missing key file, or a damaged value.</summary>
public sealed class PersonalDataKeyException(string message, Exception? inner = null) : CryptographicException(message, inner);
