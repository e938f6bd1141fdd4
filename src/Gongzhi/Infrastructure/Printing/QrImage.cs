using QRCoder;

namespace Gongzhi.Infrastructure.Printing;

/// <summary>
/// A link as a QR PNG (QRCoder, managed code), embedded in a page as a data URI: the volunteers' rotating check-in
/// code and the care module's door cards (窗帘之约) share it.
/// </summary>
public static class QrImage
{
    public static string DataUri(string url, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }
}
