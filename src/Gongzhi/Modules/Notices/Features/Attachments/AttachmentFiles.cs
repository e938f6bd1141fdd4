using System.IO.Compression;
using System.Security.Cryptography;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Notices.Features.Publishing;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Notices.Features.Attachments;

/// <summary>An uploaded file before it is checked: its name as sent, its length as announced, and its content.</summary>
public sealed record IncomingFile(string FileName, long Length, Func<Stream> Open)
{
    public static IncomingFile From(IFormFile f) => new(f.FileName, f.Length, f.OpenReadStream);
}

/// <summary>A file that passed every check: its clean name, its type (by extension, confirmed by content) and bytes.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The checks an attachment passes before anything is written: a kind we accept by its extension (PDF, JPEG, PNG,
/// WebP, Word, Excel, PowerPoint), content whose magic bytes match that kind (an .docx is a ZIP holding
/// <c>word/</c>, an old .doc an OLE2 compound file), at most <see cref="NoticeOptions.MaxAttachmentBytes"/> and at most
/// <see cref="NoticeOptions.MaxAttachments"/> per notice. Every refusal is a field error under <c>attachments</c>.
/// </summary>
public sealed class AttachmentFiles(IOptions<NoticeOptions> options, IStringLocalizer<SharedResource> l)
{
    public const string Field = "attachments";

    private sealed record Kind(string ContentType, Func<byte[], bool> Matches);

    private static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = new("application/pdf", b => Starts(b, "%PDF-"u8)),
        [".jpg"] = new("image/jpeg", b => Starts(b, [0xFF, 0xD8, 0xFF])),
        [".jpeg"] = new("image/jpeg", b => Starts(b, [0xFF, 0xD8, 0xFF])),
        [".png"] = new("image/png", b => Starts(b, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        [".webp"] = new("image/webp", b => Starts(b, "RIFF"u8) && b.Length >= 12 && b.AsSpan(8, 4).SequenceEqual("WEBP"u8)),
        [".docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b => OfficeZip(b, "word/")),
        [".xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b => OfficeZip(b, "xl/")),
        [".pptx"] = new("application/vnd.openxmlformats-officedocument.presentationml.presentation", b => OfficeZip(b, "ppt/")),
        [".doc"] = new("application/msword", b => Starts(b, Ole2)),
        [".xls"] = new("application/vnd.ms-excel", b => Starts(b, Ole2)),
        [".ppt"] = new("application/vnd.ms-powerpoint", b => Starts(b, Ole2)),
    };

    /// <summary>The accepted extensions, for the form's <c>accept</c> attribute.</summary>
    public static string Accept => string.Join(',', Kinds.Keys);

    /// <summary>
    /// Reads and checks every file, adding each refusal to <paramref name="v"/>; answers the files that passed. The
    /// caller writes nothing unless <paramref name="v"/> is valid afterwards, so one bad file stops them all.
    /// </summary>
    public async Task<List<CheckedFile>> CheckAsync(IReadOnlyList<IncomingFile> files, int alreadyAttached, Validation v, CancellationToken ct)
    {
        var o = options.Value;
        var result = new List<CheckedFile>();
        var uploads = files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (alreadyAttached + uploads.Count > o.MaxAttachments)
        {
            v.Add(Field, l["A notice has at most {0} attachments.", o.MaxAttachments]);
            return result;
        }
        var megabytes = Math.Round(o.MaxAttachmentBytes / 1024.0 / 1024.0, 1);
        foreach (var file in uploads)
        {
            var name = CleanName(file.FileName);
            if (!Kinds.TryGetValue(Path.GetExtension(name), out var kind))
            {
                v.Add(Field, l["{0}: attachments are PDF, images (JPEG, PNG, WebP) or Office documents.", name]);
                continue;
            }
            if (file.Length > o.MaxAttachmentBytes)
            {
                v.Add(Field, l["{0} is larger than {1} MB.", name, megabytes]);
                continue;
            }
            // The announced length may lie: read at most one byte past the limit.
            await using var stream = file.Open();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > o.MaxAttachmentBytes) break;
            }
            var bytes = buffer.ToArray();
            if (bytes.Length > o.MaxAttachmentBytes) v.Add(Field, l["{0} is larger than {1} MB.", name, megabytes]);
            else if (bytes.Length == 0) v.Add(Field, l["{0} is empty.", name]);
            else if (!kind.Matches(bytes)) v.Add(Field, l["{0} is not what its name says (its content is not a {1} file).", name, Path.GetExtension(name).TrimStart('.').ToUpperInvariant()]);
            else result.Add(new CheckedFile(name, kind.ContentType, bytes));
        }
        return result;
    }

    /// <summary>A fresh unguessable token: 128 random bits, URL-safe.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The name without any folder, control characters or quotes, at most 200 characters (the extension kept).</summary>
    public static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|'))]).Trim();
        if (name.Length == 0 || name.StartsWith('.')) name = "attachment" + name;
        if (name.Length <= 200) return name;
        var extension = Path.GetExtension(name);
        return name[..(200 - extension.Length)] + extension;
    }

    private static bool Starts(byte[] b, ReadOnlySpan<byte> magic) => b.AsSpan().StartsWith(magic);

    private static bool OfficeZip(byte[] b, string folder)
    {
        if (!Starts(b, [0x50, 0x4B, 0x03, 0x04])) return false;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(b), ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.Entries.Any(e => e.FullName.StartsWith(folder, StringComparison.Ordinal));
        }
        catch (InvalidDataException) { return false; }
    }
}
