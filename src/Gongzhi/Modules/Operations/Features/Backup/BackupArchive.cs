using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace Gongzhi.Modules.Operations.Features.Backup;

/// <summary>
/// What a backup says about itself. <see cref="SchemaVersion"/> is the id of the last migration applied to the database
/// it was taken from; <see cref="RowCounts"/> are the rows of every table in the same snapshot as the payload, so a
/// restore can check that it got them all.
/// </summary>
public sealed record BackupManifest(
    string Format,
    int FormatVersion,
    string Provider,
    string PayloadKind,
    string SchemaVersion,
    DateTimeOffset CreatedAt,
    string AppVersion,
    IReadOnlyDictionary<string, long> RowCounts,
    long PayloadBytes,
    string PayloadSha256)
{
    public const string FormatName = "gongzhi-backup";
    public const int CurrentFormatVersion = 1;
    public const string SqliteDatabase = "sqlite-database";
    public const string PgDumpCustom = "pg_dump-custom";

    public static string ThisAppVersion =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}

/// <summary>
/// The backup container: a zip with <c>manifest.json</c> and <c>payload</c> (a SQLite database, deflated, or a
/// <c>pg_dump</c> custom-format archive). Both providers' backups are read and checked the same way before anything is
/// restored: a foreign file, a truncated one or a payload whose SHA-256 differs from the manifest's is refused.
/// </summary>
public static class BackupArchive
{
    private const string ManifestEntry = "manifest.json";
    private const string PayloadEntry = "payload";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Writes <paramref name="target"/> from a payload file and its manifest (hash and size filled in here). The archive
    /// is written beside the target and renamed at the end, so a crash never leaves a half-written file under its name.
    /// </summary>
    public static async Task<BackupManifest> WriteAsync(string target, string payloadFile, BackupManifest manifest, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                // A custom-format dump is compressed already; a SQLite file compresses well.
                var level = manifest.PayloadKind == BackupManifest.PgDumpCustom ? CompressionLevel.NoCompression : CompressionLevel.Optimal;
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long bytes = 0;
                await using (var entry = zip.CreateEntry(PayloadEntry, level).Open())
                await using (var source = File.OpenRead(payloadFile))
                {
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = await source.ReadAsync(buffer, ct)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                        await entry.WriteAsync(buffer.AsMemory(0, read), ct);
                        bytes += read;
                    }
                }
                manifest = manifest with { PayloadBytes = bytes, PayloadSha256 = Convert.ToHexStringLower(sha.GetHashAndReset()) };
                await using var manifestStream = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open();
                await JsonSerializer.SerializeAsync(manifestStream, manifest, Json, ct);
            }
            File.Move(partial, target, overwrite: true);
            return manifest;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Reads and checks the manifest (not yet the payload): refuses what is not a Gongzhi backup.</summary>
    public static async Task<BackupManifest> ReadManifestAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new OperationFailed($"No such file: {path}");
        try
        {
            await using var file = File.OpenRead(path);
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            var entry = zip.GetEntry(ManifestEntry) ?? throw NotABackup(path, "it has no manifest");
            if (zip.GetEntry(PayloadEntry) is null) throw NotABackup(path, "it has no payload");
            await using var stream = entry.Open();
            var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, ct) ?? throw NotABackup(path, "its manifest is empty");
            if (manifest.Format != BackupManifest.FormatName) throw NotABackup(path, $"its format is '{manifest.Format}'");
            if (manifest.FormatVersion > BackupManifest.CurrentFormatVersion)
                throw new OperationFailed($"{path} is a backup of format version {manifest.FormatVersion}; this version of Gongzhi reads up to {BackupManifest.CurrentFormatVersion}. Use a newer Gongzhi.");
            if (string.IsNullOrEmpty(manifest.SchemaVersion) || string.IsNullOrEmpty(manifest.PayloadSha256) || manifest.RowCounts is null)
                throw NotABackup(path, "its manifest is incomplete");
            return manifest;
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or NotSupportedException or EndOfStreamException)
        {
            throw NotABackup(path, "it is not a readable backup archive (truncated or damaged?)", ex);
        }
    }

    /// <summary>Copies the payload to <paramref name="destination"/>, checking its size and SHA-256 against the manifest.</summary>
    public static async Task ExtractPayloadAsync(string path, BackupManifest manifest, string destination, CancellationToken ct)
    {
        try
        {
            await using var file = File.OpenRead(path);
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long bytes = 0;
            await using (var source = zip.GetEntry(PayloadEntry)!.Open())
            await using (var target = new FileStream(destination, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                    bytes += read;
                }
            }
            if (bytes != manifest.PayloadBytes || Convert.ToHexStringLower(sha.GetHashAndReset()) != manifest.PayloadSha256)
                throw new OperationFailed($"{path} is damaged: its payload does not match the checksum in its manifest. Nothing was restored.");
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw NotABackup(path, "its payload cannot be read (truncated or damaged?)", ex);
        }
    }

    private static OperationFailed NotABackup(string path, string why, Exception? inner = null) =>
        new($"{path} is not a Gongzhi backup, or is damaged: {why}. Nothing was restored.", inner);
}
