using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Gongzhi.Tests.Requests;

/// <summary>Photos as phones send them: a JPEG carrying an EXIF block with the camera's make and a GPS position.</summary>
public static class TestImages
{
    public const string CameraMake = "GzTestCam";

    public static byte[] Jpeg(int width = 640, int height = 480, SKColor? color = null)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(color ?? SKColors.SteelBlue);
        using var paint = new SKPaint { Color = SKColors.Orange };
        surface.Canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 4f, paint);
        using var image = surface.Snapshot();
        return image.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
    }

    /// <summary>A JPEG with an APP1 EXIF segment right after SOI: IFD0 with Make, and a GPS IFD with latitude 36°40'12.34" N.</summary>
    public static byte[] JpegWithGps(int width = 640, int height = 480)
    {
        var jpeg = Jpeg(width, height);
        var tiff = new byte[100];
        void U16(int at, int v) => BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)v);
        void U32(int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), v);
        tiff[0] = (byte)'I'; tiff[1] = (byte)'I'; U16(2, 42); U32(4, 8);
        // IFD0 at 8: two entries, then the next-IFD offset (0); its data follows at 38.
        U16(8, 2);
        U16(10, 0x010F); U16(12, 2); U32(14, 10); U32(18, 38);          // Make, ASCII, 10 bytes at 38
        U16(22, 0x8825); U16(24, 4); U32(26, 1); U32(30, 48);           // GPSInfo IFD at 48
        U32(34, 0);
        Encoding.ASCII.GetBytes(CameraMake + "\0").CopyTo(tiff, 38);
        // GPS IFD at 48: latitude ref 'N' (inline) and latitude (three rationals at 78).
        U16(48, 2);
        U16(50, 0x0001); U16(52, 2); U32(54, 2); tiff[58] = (byte)'N';
        U16(62, 0x0002); U16(64, 5); U32(66, 3); U32(70, 78);
        U32(74, 0);
        U32(78, 36); U32(82, 1); U32(86, 40); U32(90, 1); U32(94, 1234); tiff[98] = 100; // 1234/100 (last rational's denominator truncated to the buffer)
        var tiffBytes = tiff.AsSpan(0, 98).ToArray().Concat(new byte[] { 100, 0, 0, 0 }).ToArray();
        var payload = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiffBytes).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF; segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg.Take(2), .. segment, .. jpeg.Skip(2)];
    }

    public static bool HasExif(byte[] jpeg) => IndexOf(jpeg, Encoding.ASCII.GetBytes("Exif\0\0")) >= 0;

    public static bool Contains(byte[] data, string text) => IndexOf(data, Encoding.ASCII.GetBytes(text)) >= 0;

    private static int IndexOf(byte[] data, byte[] needle)
    {
        for (var i = 0; i <= data.Length - needle.Length; i++)
            if (data.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
