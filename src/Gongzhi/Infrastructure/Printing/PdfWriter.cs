using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Gongzhi.Infrastructure.Printing;

public sealed class PrintingOptions
{
    /// <summary>A single-face .ttf CJK font embedded in every PDF; Debian's fonts-droid-fallback by default.</summary>
    public string CjkFont { get; set; } = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";
}

public enum PaperSize { A4, A5 }

/// <summary>Makes PDFs with PDFsharp and the configured CJK font: a flowing <see cref="PrintDocument"/> per download.</summary>
public sealed class PdfWriter(IOptions<PrintingOptions> options)
{
    /// <summary>A new document; fails with <see cref="PrintingException"/> when the font is missing.</summary>
    public PrintDocument Create(PaperSize paper, string title) => new(CjkFontResolver.FamilyFor(options.Value.CjkFont), paper, title);

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
    private readonly PaperSize _paper;
    private readonly double _margin;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;

    internal PrintDocument(string family, PaperSize paper, string title)
    {
        _family = family;
        _paper = paper;
        _margin = XUnit.FromMillimeter(paper == PaperSize.A5 ? 12 : 18).Point;
        _document.Info.Title = title;
        _document.Info.Creator = "Gongzhi";
        NewPage();
    }

    public double BaseSize => _paper == PaperSize.A5 ? 8.5 : 10;
    private double Width => _page!.Width.Point - 2 * _margin;

    public XFont Font(double size, bool bold = false) =>
        new(_family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    public PrintDocument Heading(string text, double? size = null, bool center = true)
    {
        var font = Font(size ?? BaseSize * 1.8, bold: true);
        var height = font.GetHeight() * 1.4;
        Ensure(height);
        _gfx!.DrawString(text, font, XBrushes.Black, new XRect(_margin, _y, Width, height), center ? XStringFormats.TopCenter : XStringFormats.TopLeft);
        _y += height;
        return this;
    }

    /// <summary>A paragraph wrapped to the page width (character by character, which suits Chinese).</summary>
    public PrintDocument Paragraph(string text, double? size = null, bool right = false)
    {
        var font = Font(size ?? BaseSize);
        var lineHeight = font.GetHeight() * 1.5;
        foreach (var line in Wrap(text, font, Width))
        {
            Ensure(lineHeight);
            _gfx!.DrawString(line, font, XBrushes.Black, new XRect(_margin, _y, Width, lineHeight), right ? XStringFormats.TopRight : XStringFormats.TopLeft);
            _y += lineHeight;
        }
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
        var rowHeight = font.GetHeight() * 1.6;
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
        void Row(IReadOnlyList<string> cells, XFont f, bool rule)
        {
            for (var i = 0; i < cells.Count && i < xs.Length; i++)
            {
                var text = Fit(cells[i], f, ws[i] - 4);
                var rect = new XRect(xs[i] + 2, _y, ws[i] - 4, rowHeight);
                _gfx!.DrawString(text, f, XBrushes.Black, rect, rightAligned.Contains(i) ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
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

    private string Fit(string text, XFont font, double width)
    {
        if (_gfx!.MeasureString(text, font).Width <= width) return text;
        while (text.Length > 1 && _gfx.MeasureString(text + "…", font).Width > width) text = text[..^1];
        return text + "…";
    }

    private IEnumerable<string> Wrap(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var ch in paragraph)
            {
                if (line.Length > 0 && _gfx!.MeasureString(line + ch, font).Width > width)
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
