using QRCoder;

namespace Gongzhi.Modules.Volunteers.Features.Activities;

/// <summary>The check-in link as a QR PNG (QRCoder, managed code), embedded in the site page as a data URI.</summary>
public static class QrImage
{
    public static string DataUri(string url, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }
}
