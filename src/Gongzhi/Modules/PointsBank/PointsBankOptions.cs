namespace Gongzhi.Modules.PointsBank;

/// <summary>
/// Settings (section <c>PointsBank</c>). The earning defaults apply where no bank node on the way up to the 总行 sets
/// its own rule; <see cref="AdjustmentApprovalThreshold"/>: a staff adjustment larger than this (either sign) waits
/// for a second staff member's approval before it is posted.
/// </summary>
public sealed class PointsBankOptions
{
    public int DefaultPointsPerHour { get; set; } = 10;
    public int DefaultDailyCap { get; set; } = 200;
    public int DefaultYearlyCap { get; set; } = 10_000;
    public int DefaultBonusPercent { get; set; }
    public int AdjustmentApprovalThreshold { get; set; } = 100;
}
