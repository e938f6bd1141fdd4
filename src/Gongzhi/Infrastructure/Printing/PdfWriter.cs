using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Gongzhi.Infrastructure.Printing;

public sealed class PrintingOptions
{
    /// <summary>A single-face .ttf CJK font embedded in every PDF; Debian's fonts-droid-fallback by default.</summary>
    public string CjkFont { get; set; } = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

    /// <summary>A .ttf for Latin letters, digits and punctuation, which DroidSansFallback lacks; Debian fonts-dejavu-core by default.</summary>
    public string LatinFont { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

public enum PaperSize { A4, A5 }

/// <summary>Makes PDFs with PDFsharp and the configured CJK font: a flowing <see cref="PrintDocument"/> per download.</summary>
public sealed class PdfWriter(IOptions<PrintingOptions> options)
{
    /// <summary>A new document; fails with <see cref="PrintingException"/> when the font is missing.</summary>
    public PrintDocument Create(PaperSize paper, string title)
    {
        try
        {
            return new(CjkFontResolver.FamilyFor(options.Value.CjkFont), CjkFontResolver.FamilyFor(options.Value.LatinFont), paper, title);
        }
        catch (PrintingException e)
        {
            // The operator's fix, not the caller's: say so plainly instead of a bare 500.
            throw new Http.AppProblem(StatusCodes.Status503ServiceUnavailable, e.Message);
        }
    }

    public static PaperSize ParsePaper(string? value) => string.Equals(value, "A4", StringComparison.OrdinalIgnoreCase) ? PaperSize.A4 : PaperSize.A5;
}

/// <summary>
/// Text flowing down pages of one size: headings, paragraphs, key/value lines and tables whose header repeats on each
/// page. Enough for statements and certificates without a layout engine (MigraDoc is not served here).
/// </summary>
public sealed class PrintDocument : IDisposable
{
    private readonly PdfDocument _document = new();
    private readonly string _family;
    private readonly string _latinFamily;
    private readonly PaperSize _paper;
    private readonly double _margin;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;

    internal PrintDocument(string family, string latinFamily, PaperSize paper, string title)
    {
        _family = family;
        _latinFamily = latinFamily;
        _paper = paper;
        _margin = XUnit.FromMillimeter(paper == PaperSize.A5 ? 12 : 18).Point;
        _document.Info.Title = title;
        _document.Info.Creator = "Gongzhi";
        NewPage();
    }

    public double BaseSize => _paper == PaperSize.A5 ? 8.5 : 10;
    private double Width => _page!.Width.Point - 2 * _margin;

    /// <summary>A text style: the CJK face and the Latin face at one size; text is drawn in runs of either.</summary>
    public TextFont Font(double size, bool bold = false)
    {
        var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        return new TextFont(new XFont(_family, size, style, options), new XFont(_latinFamily, size, style, options));
    }

    /// <summary>A bold line; <paramref name="color"/> for a line that must stand out on a board (an emergency), else black.</summary>
    public PrintDocument Heading(string text, double? size = null, bool center = true, XColor? color = null)
    {
        var font = Font(size ?? BaseSize * 1.8, bold: true);
        var height = font.Height * 1.4;
        Ensure(height);
        Draw(text, font, new XRect(_margin, _y, Width, height), center ? 0.5 : 0, false, color is { } c ? new XSolidBrush(c) : null);
        _y += height;
        return this;
    }

    /// <summary>A paragraph wrapped to the page width (character by character, which suits Chinese).</summary>
    public PrintDocument Paragraph(string text, double? size = null, bool right = false, bool center = false)
    {
        var font = Font(size ?? BaseSize);
        var lineHeight = font.Height * 1.5;
        foreach (var line in Wrap(text, font, Width))
        {
            Ensure(lineHeight);
            Draw(line, font, new XRect(_margin, _y, Width, lineHeight), right ? 1 : center ? 0.5 : 0, false);
            _y += lineHeight;
        }
        return this;
    }

    /// <summary>
    /// A QR code of <paramref name="url"/>, <paramref name="sizeMm"/> wide and centred, drawn as vector squares (sharp
    /// at any print size, and PDFsharp's image import does not take QRCoder's palette PNGs).
    /// </summary>
    public PrintDocument QrCode(string url, double sizeMm)
    {
        var modules = QrImage.Modules(url);
        var size = Math.Min(XUnit.FromMillimeter(sizeMm).Point, Width);
        var cell = size / modules.Length;
        Ensure(size);
        var left = _margin + (Width - size) / 2;
        for (var row = 0; row < modules.Length; row++)
        {
            // Runs of dark modules as one rectangle each: fewer operators, and no hairline seams between neighbours.
            for (var col = 0; col < modules[row].Length; col++)
            {
                if (!modules[row][col]) continue;
                var start = col;
                while (col + 1 < modules[row].Length && modules[row][col + 1]) col++;
                _gfx!.DrawRectangle(XBrushes.Black, left + start * cell, _y + row * cell, (col - start + 1) * cell, cell);
            }
        }
        _y += size;
        return this;
    }

    public PrintDocument Space(double points)
    {
        _y += points;
        return this;
    }

    /// <summary>A table: relative column widths, right-aligned columns, the header repeated on each new page.</summary>
    public PrintDocument Table(IReadOnlyList<string> headers, IReadOnlyList<double> widths, IReadOnlySet<int> rightAligned, IEnumerable<IReadOnlyList<string>> rows)
    {
        var font = Font(BaseSize);
        var bold = Font(BaseSize, bold: true);
        var rowHeight = font.Height * 1.6;
        var total = widths.Sum();
        var xs = new double[widths.Count];
        var ws = new double[widths.Count];
        var x = _margin;
        for (var i = 0; i < widths.Count; i++)
        {
            xs[i] = x;
            ws[i] = Width * widths[i] / total;
            x += ws[i];
        }
        void Row(IReadOnlyList<string> cells, TextFont f, bool rule)
        {
            for (var i = 0; i < cells.Count && i < xs.Length; i++)
            {
                var text = Fit(cells[i], f, ws[i] - 4);
                var rect = new XRect(xs[i] + 2, _y, ws[i] - 4, rowHeight);
                Draw(text, f, rect, rightAligned.Contains(i) ? 1 : 0, true);
            }
            _y += rowHeight;
            _gfx!.DrawLine(rule ? XPens.Black : XPens.LightGray, _margin, _y, _margin + Width, _y);
        }
        Ensure(rowHeight * 2);
        Row(headers, bold, true);
        foreach (var row in rows)
        {
            if (_y + rowHeight > _page!.Height.Point - _margin)
            {
                NewPage();
                Row(headers, bold, true);
            }
            Row(row, font, false);
        }
        return this;
    }

    public byte[] ToArray()
    {
        _gfx?.Dispose();
        _gfx = null;
        using var stream = new MemoryStream();
        _document.Save(stream, false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    private void Ensure(double height)
    {
        if (_y + height > _page!.Height.Point - _margin) NewPage();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = _paper == PaperSize.A5 ? PdfSharp.PageSize.A5 : PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = _margin;
    }

    private string Fit(string text, TextFont font, double width)
    {
        if (Measure(text, font) <= width) return text;
        while (text.Length > 1 && Measure(text + "…", font) > width) text = text[..^1];
        return text + "…";
    }

    /// <summary>Latin letters, digits and punctuation go to the Latin face: the CJK fallback font has no glyphs for them.</summary>
    private static bool IsLatin(char c) => c < '\u0250' || c is >= '\u2000' and <= '\u206F';

    private static IEnumerable<(string Text, bool Latin)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i < text.Length && IsLatin(text[i]) == IsLatin(text[start])) continue;
            yield return (text[start..i], IsLatin(text[start]));
            start = i;
        }
    }

    private double Measure(string text, TextFont font) =>
        Runs(text).Sum(r => _gfx!.MeasureString(r.Text, r.Latin ? font.Latin : font.Cjk).Width);

    /// <summary>Draws text in runs of the two faces; <paramref name="align"/> 0 left, 0.5 centre, 1 right.</summary>
    private void Draw(string text, TextFont font, XRect rect, double align, bool middle, XBrush? brush = null)
    {
        if (text.Length == 0) return;
        var x = rect.X + (rect.Width - Measure(text, font)) * align;
        var y = middle ? rect.Y + (rect.Height - font.Height) / 2 : rect.Y;
        foreach (var (run, latin) in Runs(text))
        {
            var face = latin ? font.Latin : font.Cjk;
            var width = _gfx!.MeasureString(run, face).Width;
            _gfx.DrawString(run, face, brush ?? XBrushes.Black, new XRect(x, y, width + 1, font.Height), XStringFormats.TopLeft);
            x += width;
        }
    }

    private IEnumerable<string> Wrap(string text, TextFont font, double width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var ch in paragraph)
            {
                if (line.Length > 0 && Measure(line + ch, font) > width)
                {
                    yield return line;
                    line = "";
                }
                line += ch;
            }
            yield return line;
        }
    }
}

/// <summary>One text style in the two faces a mixed Chinese and Latin line needs.</summary>
public sealed record TextFont(XFont Cjk, XFont Latin)
{
    public double Height => Math.Max(Cjk.GetHeight(), Latin.GetHeight());
}
