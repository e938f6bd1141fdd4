using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.PointsBank.Domain;

public enum ShopItemKind { Goods = 1, Service = 2 }

public enum RedemptionStatus { Reserved = 1, HandedOver = 2, Done = 3, Cancelled = 4 }

public enum AdjustmentStatus { Pending = 1, Posted = 2, Rejected = 3 }

/// <summary>An item of a savings office's points shop (积分超市) with its stock there.</summary>
[Display(Name = "Points shop item")]
public sealed class ShopItem : IAreaScoped
{
    public long Id { get; set; }
    public long BankNodeId { get; set; }
    public required string AreaPath { get; set; }
    public required string Name { get; set; }
    public ShopItemKind Kind { get; set; }
    public string? Description { get; set; }
    public int PricePoints { get; set; }
    public int Stock { get; set; }
    public string? PhotoUrl { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A redemption: points move to the shop and the stock drops when reserved; handed over, then done. Cancelling posts
/// the reverse and puts the stock back.
/// </summary>
[Display(Name = "Points redemption")]
public sealed class Redemption : IAreaScoped
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public required string ItemName { get; set; }
    public long AccountId { get; set; }
    public long VolunteerId { get; set; }
    /// <summary>The savings office's path (whose staff hand the item over).</summary>
    public required string AreaPath { get; set; }
    public int Quantity { get; set; }
    public int Points { get; set; }
    public RedemptionStatus Status { get; set; }
    public required string IdempotencyKey { get; set; }
    public long TransactionId { get; set; }
    public long? CancelTransactionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? HandedOverAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>A staff adjustment of a volunteer's points, with its reason; above the threshold it waits for a second person.</summary>
[Display(Name = "Points adjustment")]
public sealed class PointsAdjustment : IAreaScoped
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string AreaPath { get; set; }
    public long Amount { get; set; }
    public required string Reason { get; set; }
    public AdjustmentStatus Status { get; set; }
    public required string IdempotencyKey { get; set; }
    public required string RequestedByUserId { get; set; }
    public required string RequestedByName { get; set; }
    public string? DecidedByUserId { get; set; }
    public string? DecidedByName { get; set; }
    public long? TransactionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

/// <summary>
/// An item's photo: a JPEG the app encoded itself from the upload's pixels (no metadata travels on), one per item,
/// kept beside the item rather than on it so that item lists never read image bytes.
/// </summary>
public sealed class ShopItemPhoto
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public required byte[] Jpeg { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
