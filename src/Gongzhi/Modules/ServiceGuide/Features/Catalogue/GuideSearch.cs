using System.Globalization;
using System.Text;

namespace Gongzhi.Modules.ServiceGuide.Features.Catalogue;

/// <summary>
/// Search over the catalogue, in memory: a street's catalogue is a few hundred matters, so scoring every one is
/// cheaper than a full-text index and works the same on both databases. Chinese has no spaces, so besides plain
/// containment it matches character bigrams (老人补贴 still finds 高龄津贴 through the synonyms, 残疾补贴 finds
/// 残疾人两项补贴), after folding width and case and expanding a few everyday synonyms.
/// </summary>
public static class GuideSearch
{
    /// <summary>Words residents use for the catalogue's words; each group's first entry is not special.</summary>
    private static readonly string[][] Synonyms =
    [
        ["老年人", "老人", "老年", "高龄", "长者", "老龄"],
        ["津贴", "补贴", "补助", "补助金"],
        ["最低生活保障", "低保"],
        ["特困", "五保"],
        ["医疗保险", "医保"],
        ["养老保险", "社保"],
        ["居民身份证", "身份证"],
        ["落户", "上户口", "户口", "户籍"],
        ["新生儿", "孩子", "小孩", "婴儿", "宝宝"],
        ["残疾人", "残疾", "残障"],
        ["公共租赁住房", "公租房", "廉租房"],
        ["退役军人", "退伍军人", "退伍", "老兵"],
        ["失业", "没工作", "下岗"],
        ["生育", "生孩子", "准生证"],
        ["救助", "帮扶", "救济"],
    ];

    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (char.IsLetterOrDigit(c)) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>The query and its variants with synonyms replaced, across groups (at most 64 variants).</summary>
    public static IReadOnlyList<string> Variants(string normalizedQuery)
    {
        var variants = new List<string> { normalizedQuery };
        foreach (var group in Synonyms)
        {
            var added = new List<string>();
            foreach (var variant in variants)
            {
                var word = group.OrderByDescending(w => w.Length).FirstOrDefault(w => variant.Contains(w, StringComparison.Ordinal));
                if (word is null) continue;
                added.AddRange(group.Where(o => o != word).Select(o => variant.Replace(word, o, StringComparison.Ordinal)));
            }
            variants.AddRange(added.Where(a => !variants.Contains(a)).Distinct().Take(Math.Max(0, 64 - variants.Count)));
        }
        return variants;
    }

    /// <summary>
    /// How well a matter answers the query (0: not at all). The name counts most; the rest of the text
    /// (<paramref name="normalizedText"/>: department, eligibility, materials, FAQs …) less.
    /// </summary>
    public static double Score(string normalizedQuery, IReadOnlyList<string> variants, string normalizedName, string normalizedText)
    {
        if (normalizedQuery.Length == 0) return 0;
        double best = 0;
        foreach (var v in variants)
        {
            if (normalizedName.Contains(v, StringComparison.Ordinal)) best = Math.Max(best, normalizedName == v ? 100 : 80);
            else if (normalizedText.Contains(v, StringComparison.Ordinal)) best = Math.Max(best, 50);
            else if (v.Length >= 3)
            {
                // Bigrams: most of the query's pairs of characters must appear (in the name they weigh more).
                var grams = Bigrams(v);
                var inName = grams.Count(g => normalizedName.Contains(g, StringComparison.Ordinal));
                var inText = grams.Count(g => normalizedName.Contains(g, StringComparison.Ordinal) || normalizedText.Contains(g, StringComparison.Ordinal));
                var share = (double)inText / grams.Count;
                if (share >= 0.6) best = Math.Max(best, 10 + 30 * share + 10.0 * inName / grams.Count);
            }
        }
        return best;
    }

    private static List<string> Bigrams(string s)
    {
        var grams = new List<string>();
        for (var i = 0; i + 1 < s.Length; i++) grams.Add(s.Substring(i, 2));
        return [.. grams.Distinct()];
    }
}
