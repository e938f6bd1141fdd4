using System.ComponentModel.DataAnnotations;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.PointsBank.Domain;

/// <summary>The tier of a bank node, following the area level it stands on.</summary>
public enum BankTier { HeadBank = 3, Branch = 4, SavingsOffice = 5 }

/// <summary>What an account is for.</summary>
public enum PointsAccountKind
{
    /// <summary>A bank node's source of points: every earning is debited here, so its balance is negative by design
    /// (minus what the node has issued, net of what came back); the one kind allowed below zero.</summary>
    Issuing = 1,
    Volunteer = 2,
    /// <summary>A savings office's shop: redemptions are credited here.</summary>
    Shop = 3,
}

public enum PointsTransactionKind { Earning = 1, Redemption = 2, RedemptionCancel = 3, Adjustment = 4, Reversal = 5 }

/// <summary>
/// A node of the public-welfare bank (公益银行): 总行 on a district, 分行 on a street, 储蓄所 on a community. Holds its
/// earning rules; a null rule falls back to the node above it, then to the configured defaults.
/// </summary>
[Display(Name = "Points bank node")]
public sealed class BankNode : IAreaScoped
{
    public long Id { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public required string Name { get; set; }
    public BankTier Tier { get; set; }
    public long? ParentId { get; set; }
    public int? PointsPerHour { get; set; }
    public int? DailyCap { get; set; }
    public int? YearlyCap { get; set; }
    /// <summary>Extra points in percent of each earning (e.g. 20 for a campaign month); 0 = none.</summary>
    public int? BonusPercent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An account: its <see cref="Balance"/> is kept on the row, changed in the same database transaction as the movements
/// that change it, so reading a balance is one row and ledger-check can prove it equals the sum of the movements.
/// </summary>
[Display(Name = "Points account")]
public sealed class PointsAccount : IAreaScoped
{
    public long Id { get; set; }
    public PointsAccountKind Kind { get; set; }
    public long BankNodeId { get; set; }
    /// <summary>The holder's area for a volunteer (their data scope), the bank node's area otherwise.</summary>
    public required string AreaPath { get; set; }
    public long? VolunteerId { get; set; }
    public long? HolderAreaNodeId { get; set; }
    public string? HolderName { get; set; }
    public string? HolderUserId { get; set; }
    public long Balance { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One posting: its movements sum to zero. Transactions and movements carry no area path on purpose: an area move
/// rewrites path copies, and these rows are never updated; they are reached through their accounts. Never changed once written; a correction is a new transaction of kind
/// <see cref="PointsTransactionKind.Reversal"/> pointing at the one it reverses.
/// </summary>
[Display(Name = "Points transaction")]
public sealed class PointsTransaction
{
    public long Id { get; set; }
    public PointsTransactionKind Kind { get; set; }
    public required string IdempotencyKey { get; set; }
    public long? ReversesId { get; set; }
    public required string Reason { get; set; }
    public string? SourceKind { get; set; }
    public string? SourceId { get; set; }
    public string? PostedByUserId { get; set; }
    public string? PostedByName { get; set; }
    public DateTimeOffset PostedAt { get; set; }
}

/// <summary>One leg of a transaction on one account, with the account's balance right after it (the passbook's column).</summary>
[Display(Name = "Points movement")]
public sealed class PointsMovement
{
    public long Id { get; set; }
    public long TransactionId { get; set; }
    public long AccountId { get; set; }
    public PointsTransactionKind Kind { get; set; }
    public long Amount { get; set; }
    public long BalanceAfter { get; set; }
    public DateTimeOffset PostedAt { get; set; }
}

/// <summary>
/// What a volunteer's account earned in one Beijing calendar year, net of reversed earnings: kept in the same database
/// transaction as each earning (and each reversal of one), so the yearly ranking of a street or a district reads one
/// row per volunteer instead of summing millions of movements. Earnings only: spending in the shop lowers no rank.
/// </summary>
[Display(Name = "Points earned in a year")]
public sealed class PointsYearTotal
{
    public long AccountId { get; set; }
    public int Year { get; set; }
    public long Earned { get; set; }
}
