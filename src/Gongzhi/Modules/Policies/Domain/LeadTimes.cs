namespace Gongzhi.Modules.Policies.Domain;

/// <summary>
/// A policy's reminder lead times (提前提醒天数): days before eligibility, written "30,7" (commas, 、 or spaces). Pure,
/// so the nightly job and the editor agree on what a lead time means.
/// </summary>
public static class LeadTimes
{
    public const int Max = 366;
    public const int MaxCount = 5;

    /// <summary>The lead times, largest first, without duplicates; <paramref name="error"/> says why the text is refused.</summary>
    public static IReadOnlyList<int> Parse(string? text, out LeadTimesError? error)
    {
        error = null;
        var parts = (text ?? "").Split([',', '，', '、', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var days = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var d))
            {
                error = LeadTimesError.NotANumber;
                return [];
            }
            if (d < 0) { error = LeadTimesError.Negative; return []; }
            if (d is 0 or > Max) { error = LeadTimesError.OutOfRange; return []; }
            days.Add(d);
        }
        var distinct = days.Distinct().OrderDescending().ToList();
        if (distinct.Count > MaxCount) { error = LeadTimesError.TooMany; return []; }
        return distinct;
    }

    /// <summary>The stored form: "30,7" (largest first), or empty.</summary>
    public static string Format(IEnumerable<int> days) => string.Join(",", days.Distinct().OrderDescending());

    /// <summary>
    /// Which lead time a resident who becomes eligible in <paramref name="daysLeft"/> days is at: the smallest lead
    /// not below it (30 days left with leads 30,7: 30; 20 days left: still 30; 7 or fewer: 7). Null when eligibility is
    /// further off than every lead, or already reached (0 or fewer days left). A resident who turns up late (5 days
    /// left) gets only the nearest lead, not every one they missed.
    /// </summary>
    public static int? Current(IReadOnlyList<int> leads, int daysLeft) =>
        daysLeft <= 0 ? null : leads.Where(l => l >= daysLeft).Order().Cast<int?>().FirstOrDefault();
}

public enum LeadTimesError { NotANumber, Negative, OutOfRange, TooMany }
