namespace Gongzhi.Modules.Requests.Features.Statistics;

/// <summary>
/// The raw counts of one group of requests (a category, a channel, the whole area) as the database sums them, and
/// the rates made of them. Every rate is a percentage with one decimal, or null when its base is empty (no
/// "0 %" for nothing measured).
/// </summary>
public sealed record StatisticsCounts(
    int Received, int Accepted, int AcceptedOnTime, int AcceptLate, int Resolved, int ResolvedOnTime, int ResolveLate,
    int Rated, int ScoreSum, int Satisfied, int EverResolved, int Reopened, int ResolvedInCommunity)
{
    public static readonly StatisticsCounts Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static StatisticsCounts operator +(StatisticsCounts a, StatisticsCounts b) => new(
        a.Received + b.Received, a.Accepted + b.Accepted, a.AcceptedOnTime + b.AcceptedOnTime, a.AcceptLate + b.AcceptLate,
        a.Resolved + b.Resolved, a.ResolvedOnTime + b.ResolvedOnTime, a.ResolveLate + b.ResolveLate, a.Rated + b.Rated,
        a.ScoreSum + b.ScoreSum, a.Satisfied + b.Satisfied, a.EverResolved + b.EverResolved, a.Reopened + b.Reopened,
        a.ResolvedInCommunity + b.ResolvedInCommunity);

    /// <summary>Accepted in time, of those whose acceptance is measurable: accepted, or not accepted and past the deadline.</summary>
    public double? AcceptedOnTimeRate => StatisticsMath.Rate(AcceptedOnTime, Accepted + AcceptLate);

    /// <summary>Resolved in time, of those resolved or unresolved past the deadline.</summary>
    public double? ResolvedOnTimeRate => StatisticsMath.Rate(ResolvedOnTime, Resolved + ResolveLate);

    /// <summary>Average score (1–5, two decimals) of the residents' verdicts.</summary>
    public double? AverageScore => Rated == 0 ? null : Math.Round((double)ScoreSum / Rated, 2, MidpointRounding.AwayFromZero);

    /// <summary>Satisfied verdicts of all verdicts (the latest verdict of each request).</summary>
    public double? SatisfiedRate => StatisticsMath.Rate(Satisfied, Rated);

    /// <summary>Reopened (a resident not satisfied) of the requests ever resolved.</summary>
    public double? ReopenRate => StatisticsMath.Rate(Reopened, EverResolved);

    /// <summary>小事不出社区: resolved without a department handling it or called in, of the resolved ones.</summary>
    public double? InCommunityRate => StatisticsMath.Rate(ResolvedInCommunity, Resolved);
}

public static class StatisticsMath
{
    /// <summary><paramref name="part"/> of <paramref name="whole"/> in percent, one decimal, rounded half away from zero; null for an empty whole.</summary>
    public static double? Rate(int part, int whole)
    {
        if (whole <= 0) return null;
        if (part < 0 || part > whole) throw new ArgumentOutOfRangeException(nameof(part), $"{part} is not a part of {whole}.");
        return Math.Round(part * 100.0 / whole, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The Beijing calendar days [from, to] as the UTC instants [start, end) the queries compare with.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Period(DateOnly from, DateOnly to)
    {
        var beijing = TimeSpan.FromHours(8);
        return (new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), beijing).ToUniversalTime(),
            new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), beijing).ToUniversalTime());
    }

    /// <summary>The calendar months touched by [from, to], each clipped to the period: the trend's buckets.</summary>
    public static IReadOnlyList<(string Label, DateOnly From, DateOnly To)> Months(DateOnly from, DateOnly to)
    {
        var months = new List<(string, DateOnly, DateOnly)>();
        for (var first = new DateOnly(from.Year, from.Month, 1); first <= to; first = first.AddMonths(1))
        {
            var last = first.AddMonths(1).AddDays(-1);
            months.Add((first.ToString("yyyy-MM"), first < from ? from : first, last > to ? to : last));
        }
        return months;
    }
}
