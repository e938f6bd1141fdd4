using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// The key file (JSON, owner-only):
/// <code>
/// { "CurrentKeyId": "k2",
///   "Keys": { "k1": "&lt;32 bytes, base64: AES-GCM&gt;", "k2": "&lt;16 bytes, base64: SM4-GCM&gt;" },
///   "LookupKey": "&lt;base64&gt;", "LookupAlgorithm": "HMAC-SM3",
///   "PreviousLookupKeys": [ { "Key": "&lt;base64&gt;", "Algorithm": "HMAC-SHA256" } ] }
/// </code>
/// The first three members are the original format, which still loads as it is (an absent <c>LookupAlgorithm</c> is
/// HMAC-SHA256). A key's algorithm is told by its length. <c>PreviousLookupKeys</c> are kept while
/// <c>rotate-personal-data</c> rebuilds the hash columns, so that exact lookups still find rows not yet rebuilt;
/// a completed rotation drops them. Old data keys are never dropped: backups taken under them need them.
/// </summary>
public sealed class PersonalDataKeyFile
{
    public required string CurrentKeyId { get; set; }
    public required Dictionary<string, string> Keys { get; set; }
    public required string LookupKey { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LookupAlgorithm { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PreviousLookupKey>? PreviousLookupKeys { get; set; }

    public sealed record PreviousLookupKey(string Key, string Algorithm);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static PersonalDataKeyFile Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<PersonalDataKeyFile>(File.ReadAllText(path)) ?? throw new InvalidOperationException($"The key file {path} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The key file {path} is not a personal-data key file: {ex.Message}", ex);
        }
    }

    /// <summary>A fresh file with one key of the algorithm and a lookup key for its hash.</summary>
    public static PersonalDataKeyFile Create(PersonalDataAlgorithm algorithm) => new()
    {
        CurrentKeyId = "k1",
        Keys = new() { ["k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(algorithm.KeySize())) },
        LookupKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        LookupAlgorithm = algorithm == PersonalDataAlgorithm.AesGcm ? null : algorithm.LookupHash().Name(),
    };

    /// <summary>
    /// Adds a fresh key of the algorithm and makes it current, together with a fresh lookup key (the previous one is
    /// kept until a rotation completes). Returns the new key's id.
    /// </summary>
    public string AddKey(PersonalDataAlgorithm algorithm)
    {
        var next = Keys.Keys.Select(k => k.Length > 1 && k[0] == 'k' && int.TryParse(k[1..], out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        var id = $"k{next}";
        Keys[id] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(algorithm.KeySize()));
        CurrentKeyId = id;
        PreviousLookupKeys = [new PreviousLookupKey(LookupKey, PersonalDataAlgorithms.ParseLookup(LookupAlgorithm).Name()), .. PreviousLookupKeys ?? []];
        LookupKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        LookupAlgorithm = algorithm.LookupHash().Name();
        return id;
    }

    /// <summary>
    /// Writes the file whole or not at all (a temporary file renamed over it), owner-only, so that app nodes that
    /// re-read it never see half a file.
    /// </summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Indented));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }

    internal PersonalDataKeyRing ToRing()
    {
        if (!Keys.ContainsKey(CurrentKeyId)) throw new InvalidOperationException($"Personal-data key '{CurrentKeyId}' is not in the key file.");
        return new PersonalDataKeyRing(CurrentKeyId, Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value)),
            new LookupKeyMaterial(Convert.FromBase64String(LookupKey), PersonalDataAlgorithms.ParseLookup(LookupAlgorithm)),
            [.. (PreviousLookupKeys ?? []).Select(p => new LookupKeyMaterial(Convert.FromBase64String(p.Key), PersonalDataAlgorithms.ParseLookup(p.Algorithm)))]);
    }
}

public sealed record LookupKeyMaterial(byte[] Key, LookupHashAlgorithm Algorithm);

/// <summary>The keys in use at one moment: immutable, swapped whole when the key file changes.</summary>
internal sealed class PersonalDataKeyRing
{
    public PersonalDataKeyRing(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys, LookupKeyMaterial lookup, IReadOnlyList<LookupKeyMaterial> previousLookups)
    {
        if (!keys.TryGetValue(currentKeyId, out var current)) throw new InvalidOperationException($"Personal-data key '{currentKeyId}' is not configured.");
        foreach (var (id, key) in keys)
        {
            if (id.Length == 0 || id.Contains('.')) throw new InvalidOperationException($"A personal-data key id is not empty and has no '.': '{id}'.");
            if (PersonalDataAlgorithms.OfKey(key) is null)
                throw new InvalidOperationException($"Personal-data key '{id}' is {key.Length} bytes: AES-GCM keys are 32 bytes, SM4-GCM keys 16.");
        }
        if (lookup.Key.Length < 32 || previousLookups.Any(p => p.Key.Length < 32)) throw new InvalidOperationException("Personal-data lookup keys must be at least 32 bytes.");
        CurrentKeyId = currentKeyId;
        Keys = new Dictionary<string, byte[]>(keys);
        Algorithm = PersonalDataAlgorithms.OfKey(current)!.Value;
        Lookup = lookup;
        PreviousLookups = previousLookups;
        CurrentPrefix = $"v2.{Algorithm.Marker()}.{currentKeyId}.";
    }

    public string CurrentKeyId { get; }
    public IReadOnlyDictionary<string, byte[]> Keys { get; }
    public PersonalDataAlgorithm Algorithm { get; }
    public LookupKeyMaterial Lookup { get; }
    public IReadOnlyList<LookupKeyMaterial> PreviousLookups { get; }
    public string CurrentPrefix { get; }
}
