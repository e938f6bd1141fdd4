using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Printing;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Volunteers.Features.Certificates;

/// <summary>
/// A certificate of service hours (社会实践证明) as an A4 PDF with its verification code and where to check it, for
/// the same readers as <see cref="ServiceCertificates.GetAsync"/> (the volunteer, or staff in reach).
/// </summary>
public sealed class CertificatePrint(ServiceCertificates certificates, PdfWriter pdf, IStringLocalizer<SharedResource> l)
{
    public async Task<(string FileName, byte[] Content)> PdfAsync(long id, string checkUrl, CancellationToken ct)
    {
        var c = await certificates.GetAsync(id, ct);
        using var doc = pdf.Create(PaperSize.A4, $"社会实践证明 {c.VolunteerName}");
        var school = c.School is null ? "" : "（" + c.School + "）";
        doc.Space(30).Heading("社 会 实 践 证 明", size: 24).Space(24)
            .Paragraph($"兹证明 {c.VolunteerName}{school} 参加社区志愿服务活动 {c.Activities} 次，累计志愿服务时长 {c.Hours} 小时。", size: 14)
            .Space(8).Paragraph("特此证明。", size: 14).Space(30)
            .Paragraph(c.IssuedBy, size: 13, right: true)
            .Paragraph(BeijingTime.Date(c.IssuedAt).ToString("yyyy-MM-dd"), size: 13, right: true)
            .Space(40)
            .Paragraph($"验证码 Verification code: {c.Code}", size: 11)
            .Paragraph(l["Check it at {0}", checkUrl], size: 10);
        return ($"certificate-{c.Code}.pdf", doc.ToArray());
    }
}
