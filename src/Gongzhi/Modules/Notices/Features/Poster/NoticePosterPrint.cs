using Gongzhi.Infrastructure.Printing;
using Gongzhi.Modules.Notices.Domain;
using Gongzhi.Modules.Notices.Features.Publishing;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notices.Features.Poster;

/// <summary>
/// The notice's A4 poster (张贴通知) as a PDF, for boards where nobody prints from a browser: what the poster page
/// shows (urgency, title, text, issuing area, date, the QR code and the public link written out for those who type
/// it), for the same readers (staff with the notice in reach; anyone else gets the page's 404).
/// </summary>
public sealed class NoticePosterPrint(NoticeService notices, PdfWriter pdf, IStringLocalizer<SharedResource> l)
{
    public async Task<(string FileName, byte[] Content)> PdfAsync(long id, CancellationToken ct)
    {
        var n = await notices.PosterAsync(id, ct);
        using var doc = pdf.Create(PaperSize.A4, n.Title);
        doc.Space(12);
        // In red like the poster page's urgency line: it is what a passer-by reads first.
        if (UrgencyLabel(n.Urgency) is { } urgency) doc.Heading(l[urgency], size: 16, color: PdfSharp.Drawing.XColor.FromArgb(0xB0, 0x2A, 0x37));
        doc.Heading(n.Title, size: 26).Space(12)
            .Paragraph(n.Body, size: 14).Space(24)
            .Paragraph(n.Office, size: 14, right: true)
            .Paragraph(SignedDate(n.Date), size: 14, right: true)
            .Space(24)
            .QrCode(n.PublicUrl, 38)
            .Paragraph(l["Scan to read the notice"], size: 11, center: true)
            .Paragraph(n.PublicUrl, size: 10, center: true);
        return ($"notice-{n.Id}.pdf", doc.ToArray());
    }

    /// <summary>The date as a Chinese notice is signed: 2026年11月29日 (Beijing).</summary>
    public static string SignedDate(DateTimeOffset at) => Infrastructure.BeijingTime.Date(at).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The line above an important or emergency notice's title (none on a normal one).</summary>
    public static string? UrgencyLabel(NoticeUrgency urgency) => urgency switch
    {
        NoticeUrgency.Emergency => "Emergency notice",
        NoticeUrgency.Important => "Important notice",
        _ => null,
    };
}
