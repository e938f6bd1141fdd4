using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.PointsBank.Domain;
using Gongzhi.Modules.PointsBank.Features.Shop;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SkiaSharp;

namespace Gongzhi.Modules.PointsBank.Features.Desk;

/// <summary>
/// The photo of a shop item. An upload is read by its content (SkiaSharp's codec; the name and declared type are
/// never trusted), refused above <see cref="MaxBytes"/> or <see cref="MaxPixels"/> (checked from the header before
/// any pixel is decoded), scaled to <see cref="MaxEdge"/> and stored as a JPEG the app encoded from the pixels, so no
/// metadata (a phone's GPS position) and nothing but an image is ever served. Staff change the photos of items in
/// reach; whoever may see the item (staff in reach, a volunteer of its savings office) may see its photo.
/// </summary>
public sealed class ShopPhotos(GongzhiDb db, PointsShop shop, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const long MaxPixels = 40_000_000;
    public const int MaxEdge = 800;

    public async Task<ShopItemView> SaveAsync(long itemId, Stream content, long length, CancellationToken ct)
    {
        var item = await db.ShopItems.FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw ItemNotFound(itemId);
        if (length > MaxBytes) throw TooLarge();
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes) throw TooLarge();
        var (jpeg, width, height) = Encode(buffer.ToArray()) ?? throw AppProblem.Invalid("photo", l["This file is not a photo (JPEG, PNG, WebP or GIF)."]);
        var photo = await db.ShopItemPhotos.FirstOrDefaultAsync(p => p.ItemId == itemId, ct);
        if (photo is null) db.ShopItemPhotos.Add(photo = new ShopItemPhoto { ItemId = itemId, Jpeg = jpeg });
        (photo.Jpeg, photo.Width, photo.Height, photo.UploadedAt) = (jpeg, width, height, clock.GetUtcNow());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // The address changes with every upload, so a phone's cache never shows the old photo.
        item.PhotoUrl = $"/api/points/shop/items/{itemId}/photo?v={photo.Id}-{photo.UploadedAt.ToUnixTimeSeconds()}";
        audit.Record("points.item.photo", "ShopItem", itemId, $"{width}×{height}, {jpeg.Length} B", areaPath: item.AreaPath);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return PointsShop.View(item);
    }

    public async Task<ShopItemView> RemoveAsync(long itemId, CancellationToken ct)
    {
        var item = await db.ShopItems.FirstOrDefaultAsync(i => i.Id == itemId, ct) ?? throw ItemNotFound(itemId);
        await db.ShopItemPhotos.Where(p => p.ItemId == itemId).ExecuteDeleteAsync(ct);
        item.PhotoUrl = null;
        audit.Record("points.item.photo-removed", "ShopItem", itemId, item.Name, areaPath: item.AreaPath);
        await db.SaveChangesAsync(ct);
        return PointsShop.View(item);
    }

    /// <summary>The JPEG, for staff with the item in reach or a volunteer whose savings office offers it; else 404.</summary>
    public async Task<byte[]> ReadAsync(long itemId, CancellationToken ct)
    {
        var visible = shop.IsStaff
            ? await db.ShopItems.AnyAsync(i => i.Id == itemId, ct)
            : (await shop.ItemsAsync(ct)).Any(i => i.Id == itemId);
        if (!visible) throw ItemNotFound(itemId);
        return await db.ShopItemPhotos.AsNoTracking().Where(p => p.ItemId == itemId).Select(p => p.Jpeg).FirstOrDefaultAsync(ct)
               ?? throw AppProblem.NotFound(l["The item has no photo."]);
    }

    private static (byte[] Jpeg, int Width, int Height)? Encode(byte[] upload)
    {
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > MaxPixels) return null;
        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null) return null;
        var scale = Math.Min(1.0, (double)MaxEdge / Math.Max(decoded.Width, decoded.Height));
        var (width, height) = (Math.Max(1, (int)Math.Round(decoded.Width * scale)), Math.Max(1, (int)Math.Round(decoded.Height * scale)));
        // JPEG has no alpha: draw onto white so transparent PNG areas do not turn black.
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using (var image = SKImage.FromBitmap(decoded))
            surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, 82);
        return (jpeg.ToArray(), width, height);
    }

    private AppProblem TooLarge() => AppProblem.Invalid("photo", l["A photo may be at most {0} MB.", MaxBytes / 1024 / 1024]);
    private AppProblem ItemNotFound(long id) => AppProblem.NotFound(l["No shop item {0} is within your reach.", id]);
}
