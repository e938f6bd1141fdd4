using QRCoder;

namespace Gongzhi.Infrastructure.Printing;

/// <summary>
/// A link as a QR PNG (QRCoder, managed code), embedded in a page as a data URI: the volunteers' rotating check-in
/// code, the care module's door cards (窗帘之约) and notice posters share it.
/// </summary>
public static class QrImage
{
    public static string DataUri(string url, int pixelsPerModule = 10) => "data:image/png;base64," + Convert.ToBase64String(Png(url, pixelsPerModule));

    /// <summary>The code's modules, rows of dark (true) and light, quiet zone included: for drawing it as vectors in a PDF.</summary>
    public static bool[][] Modules(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray())];
    }

    public static byte[] Png(string url, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
