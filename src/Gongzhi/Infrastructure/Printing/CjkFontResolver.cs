using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Gongzhi.Infrastructure.Printing;

/// <summary>
/// PDFsharp's font resolver is process-wide and can be set only once, so there is one: every configured font path
/// gets its own family name, the face name is the path, and the bytes are read once per path. Only single-face
/// TrueType files work (PDFsharp 6.2 fails on .ttc collections and on OTF/CFF outlines such as Noto CJK).
/// </summary>
internal sealed class CjkFontResolver : IFontResolver
{
    private static readonly Lock Gate = new();
    private static readonly ConcurrentDictionary<string, string> PathsByFamily = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, byte[]> Bytes = new(StringComparer.Ordinal);
    private static bool _installed;

    /// <summary>The family name standing for the font file at <paramref name="path"/>, installing the resolver on first use.</summary>
    public static string FamilyFor(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new PrintingException($"A font for PDFs is missing: {full}. Install Debian's fonts-droid-fallback (CJK) and fonts-dejavu-core (Latin), or set Printing:CjkFont and Printing:LatinFont to single-face .ttf files.");
        if (!full.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase))
            throw new PrintingException($"Printing:CjkFont and Printing:LatinFont must be single-face TrueType .ttf files (PDFsharp cannot embed .ttc or OTF/CFF fonts): {full}");
        var family = "GongzhiCjk-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)))[..12];
        PathsByFamily.TryAdd(family, full);
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new CjkFontResolver();
                _installed = true;
            }
        }
        return family;
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        // One face serves every style: bold and italic are simulated, which CJK print usually does anyway.
        PathsByFamily.TryGetValue(familyName, out var path) ? new FontResolverInfo(path, bold, italic) : null;

    public byte[]? GetFont(string faceName) => Bytes.GetOrAdd(faceName, File.ReadAllBytes);
}

/// <summary>A PDF cannot be made as configured (the font is missing or unusable).</summary>
public sealed class PrintingException(string message) : Exception(message);
