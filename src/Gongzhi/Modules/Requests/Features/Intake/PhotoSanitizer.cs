using SkiaSharp;

namespace Gongzhi.Modules.Requests.Features.Intake;

/// <summary>A photo as it is stored: JPEG bytes re-encoded by the app, and its size in pixels.</summary>
public sealed record CleanPhoto(byte[] Jpeg, int Width, int Height);

/// <summary>Why an upload is refused (the caller turns it into a field error in the user's language).</summary>
public enum PhotoRefusal { TooLarge, NotAnImage, TooManyPixels }

public sealed class PhotoRefusedException(PhotoRefusal reason) : Exception(reason.ToString())
{
    public PhotoRefusal Reason { get; } = reason;
}

/// <summary>
/// Decodes an upload by its content (SkiaSharp's codec sniffs the bytes; the file name and declared type are never
/// trusted), refuses what is not an image or is too large in bytes or pixels (checked from the header, before any
/// pixel is decoded), turns it upright by its EXIF orientation, scales it to <c>maxEdge</c> and encodes a fresh JPEG.
/// The new file is written from pixels only: EXIF (GPS position, camera, time), XMP and ICC metadata are gone.
/// </summary>
public static class PhotoSanitizer
{
    public static CleanPhoto Sanitize(byte[] upload, int maxBytes, long maxPixels, int maxEdge, int quality = 80)
    {
        if (upload.Length > maxBytes) throw new PhotoRefusedException(PhotoRefusal.TooLarge);
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data) ?? throw new PhotoRefusedException(PhotoRefusal.NotAnImage);
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) throw new PhotoRefusedException(PhotoRefusal.NotAnImage);
        if ((long)info.Width * info.Height > maxPixels) throw new PhotoRefusedException(PhotoRefusal.TooManyPixels);
        using var decoded = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) throw new PhotoRefusedException(PhotoRefusal.NotAnImage);

        using var upright = Orient(decoded, codec.EncodedOrigin);
        var scale = Math.Min(1.0, (double)maxEdge / Math.Max(upright.Width, upright.Height));
        var width = Math.Max(1, (int)Math.Round(upright.Width * scale));
        var height = Math.Max(1, (int)Math.Round(upright.Height * scale));
        // JPEG has no alpha: draw onto white so transparent PNG areas do not turn black.
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using (var image = SKImage.FromBitmap(upright))
            surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality);
        return new CleanPhoto(jpeg.ToArray(), width, height);
    }

    /// <summary>The three rotations phones write (mirrored origins are rare and left as they are).</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin is not (SKEncodedOrigin.BottomRight or SKEncodedOrigin.RightTop or SKEncodedOrigin.LeftBottom)) return source.Copy();
        var swap = origin != SKEncodedOrigin.BottomRight;
        var target = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType);
        using var canvas = new SKCanvas(target);
        switch (origin)
        {
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180, target.Width / 2f, target.Height / 2f); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(target.Width, 0); canvas.RotateDegrees(90); break;
            default: canvas.Translate(0, target.Height); canvas.RotateDegrees(270); break;
        }
        canvas.DrawBitmap(source, 0, 0);
        return target;
    }
}
