namespace Gongzhi.Modules.PointsBank.Features.Ledger;

/// <summary>The earning rule in force for a holder: the nearest bank node's values, then the defaults.</summary>
public sealed record EarningRule(int PointsPerHour, int DailyCap, int YearlyCap, int BonusPercent)
{
    /// <summary>
    /// Points credited for <paramref name="requested"/> points of work: the bonus added (rounded down), then cut to
    /// what is left under the daily and the yearly cap given what was earned already. Never negative.
    /// </summary>
    public int Credit(int requested, long earnedToday, long earnedThisYear)
    {
        if (requested <= 0) return 0;
        long withBonus = requested + (long)requested * Math.Max(0, BonusPercent) / 100;
        long room = Math.Min(DailyCap - earnedToday, YearlyCap - earnedThisYear);
        return (int)Math.Clamp(Math.Min(withBonus, room), 0, int.MaxValue);
    }

    /// <summary>Points for <paramref name="hours"/> of service at this rule's rate (rounded down to whole points).</summary>
    public int ForHours(decimal hours) => hours <= 0 ? 0 : (int)Math.Floor(hours * PointsPerHour);

    /// <summary>Each value from the first source (nearest bank node first) that sets it, else the default.</summary>
    public static EarningRule Resolve(IEnumerable<(int? PerHour, int? Daily, int? Yearly, int? Bonus)> nearestFirst, PointsBankOptions defaults)
    {
        var list = nearestFirst.ToList();
        return new EarningRule(
            list.Select(r => r.PerHour).FirstOrDefault(v => v is not null) ?? defaults.DefaultPointsPerHour,
            list.Select(r => r.Daily).FirstOrDefault(v => v is not null) ?? defaults.DefaultDailyCap,
            list.Select(r => r.Yearly).FirstOrDefault(v => v is not null) ?? defaults.DefaultYearlyCap,
            list.Select(r => r.Bonus).FirstOrDefault(v => v is not null) ?? defaults.DefaultBonusPercent);
    }
}
