using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Requests.Features.Intake;
using Gongzhi.Tests.Requests;
using SkiaSharp;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>The public side's pure rules: door-plate tokens and photo sanitising.</summary>
public sealed class IntakeRulesTests
{
    [Fact]
    public void Door_plate_tokens_are_random_well_formed_and_only_their_hash_identifies_them()
    {
        var tokens = Enumerable.Range(0, 2000).Select(_ => PrintedTokens.New()).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.True(PrintedTokens.LooksLikeOne(t)));
        // Every position uses the whole alphabet: no fixed prefix or counter hides in the token.
        Assert.All(Enumerable.Range(0, PrintedTokens.Length), i => Assert.True(tokens.Select(t => t[i]).Distinct().Count() > 20));
        var token = tokens[0];
        Assert.Equal(64, PrintedTokens.Hash(token).Length);
        Assert.NotEqual(PrintedTokens.Hash(token), PrintedTokens.Hash(tokens[1]));
        Assert.DoesNotContain(token, PrintedTokens.Hash(token), StringComparison.OrdinalIgnoreCase);
        Assert.False(PrintedTokens.LooksLikeOne(token[..^1]));
        Assert.False(PrintedTokens.LooksLikeOne(token[..^1] + "0")); // '0' is not in the alphabet
        Assert.False(PrintedTokens.LooksLikeOne(token.ToLowerInvariant()));
        Assert.False(PrintedTokens.LooksLikeOne(null));
    }

    [Fact]
    public void A_photo_is_re_encoded_as_jpeg_without_its_exif_gps_and_camera_data()
    {
        var upload = TestImages.JpegWithGps(800, 600);
        Assert.True(TestImages.HasExif(upload));
        Assert.True(TestImages.Contains(upload, TestImages.CameraMake));
        using (var codec = SKCodec.Create(new MemoryStream(upload))) Assert.NotNull(codec); // the test image is a valid JPEG with EXIF

        var clean = PhotoSanitizer.Sanitize(upload, 10_000_000, 50_000_000, 400);
        Assert.False(TestImages.HasExif(clean.Jpeg));
        Assert.False(TestImages.Contains(clean.Jpeg, TestImages.CameraMake));
        Assert.Equal((400, 300), (clean.Width, clean.Height));
        using var decoded = SKBitmap.Decode(clean.Jpeg);
        Assert.Equal((400, 300), (decoded.Width, decoded.Height));
        Assert.Equal([0xFF, 0xD8], clean.Jpeg[..2]);
    }

    [Fact]
    public void Non_images_and_oversized_images_are_refused_by_content()
    {
        // A text file named and typed as a photo is still text.
        var notImage = System.Text.Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>");
        Assert.Equal(PhotoRefusal.NotAnImage, Assert.Throws<PhotoRefusedException>(() => PhotoSanitizer.Sanitize(notImage, 10_000_000, 50_000_000, 1600)).Reason);
        // A JPEG header with nothing after it.
        var truncated = TestImages.Jpeg()[..20];
        Assert.Throws<PhotoRefusedException>(() => PhotoSanitizer.Sanitize(truncated, 10_000_000, 50_000_000, 1600));
        var photo = TestImages.Jpeg(1000, 1000);
        Assert.Equal(PhotoRefusal.TooLarge, Assert.Throws<PhotoRefusedException>(() => PhotoSanitizer.Sanitize(photo, photo.Length - 1, 50_000_000, 1600)).Reason);
        Assert.Equal(PhotoRefusal.TooManyPixels, Assert.Throws<PhotoRefusedException>(() => PhotoSanitizer.Sanitize(photo, 10_000_000, 999_999, 1600)).Reason);
        // A PNG is accepted and comes out as JPEG.
        using var bitmap = new SKBitmap(50, 40);
        bitmap.Erase(SKColors.Red);
        var png = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100).ToArray();
        var clean = PhotoSanitizer.Sanitize(png, 10_000_000, 50_000_000, 1600);
        Assert.Equal((50, 40), (clean.Width, clean.Height));
        Assert.Equal([0xFF, 0xD8], clean.Jpeg[..2]);
    }
}
