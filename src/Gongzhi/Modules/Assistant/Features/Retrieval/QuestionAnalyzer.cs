using System.Globalization;
using System.Text;
using JiebaNet.Segmenter;

namespace Gongzhi.Modules.Assistant.Features.Retrieval;

/// <summary>
/// Turns Chinese text into search terms: jieba.NET words (with a project dictionary of service terms), each mapped to
/// the first word of its synonym group (老人/老年人/长者 → 老年人, 咋 → 怎么), function words dropped; plus character
/// bigrams of what remains (prefixed <c>~</c>) so that typos and words jieba does not know still match in part.
/// jieba runs without its HMM: it would glue unknown neighbours (咋领) into one "word" no synonym matches, while
/// single characters still form the bigrams.
/// One instance per process: jieba's dictionary is global and takes a second or two to load.
/// </summary>
public sealed class QuestionAnalyzer
{
    public const string BigramPrefix = "~";

    private static readonly Lock Gate = new();
    private static JiebaSegmenter? _segmenter;

    private readonly Dictionary<string, string> _canonical = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopwords;
    private readonly JiebaSegmenter _jieba;
    private readonly (string From, string To)[] _phrases;

    public QuestionAnalyzer(IEnumerable<IReadOnlyList<string>> synonymGroups, IEnumerable<string> terms, IEnumerable<string> stopwords)
    {
        _jieba = Segmenter();
        var words = new List<string>(terms);
        foreach (var group in synonymGroups)
        {
            if (group.Count == 0) continue;
            var head = Normalize(group[0]);
            foreach (var w in group.Select(Normalize).Where(w => w.Length > 0))
            {
                _canonical.TryAdd(w, head);
                words.Add(w);
            }
        }
        lock (Gate)
            foreach (var w in words.Select(Normalize).Where(w => w.Length > 1).Distinct()) _jieba.AddWord(w, 3000);
        // Multi-character variants are also replaced in the text itself, longest first, so that a variant jieba would
        // cut differently inside a longer run (老人家 in 我家老人家) still becomes its group's word.
        _phrases = [.. _canonical.Where(p => p.Key.Length > 1 && p.Key != p.Value).OrderByDescending(p => p.Key.Length).Select(p => (p.Key, p.Value))];
        _stopwords = new HashSet<string>(stopwords.Select(Normalize), StringComparer.Ordinal);
    }

    private static JiebaSegmenter Segmenter()
    {
        lock (Gate)
        {
            if (_segmenter is not null) return _segmenter;
            ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
            return _segmenter = new JiebaSegmenter();
        }
    }

    /// <summary>Full-width to half-width, lower case, trimmed.</summary>
    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Trim();

    /// <summary>The words (after synonyms, without function words) of the text, in order.</summary>
    public IReadOnlyList<string> Words(string text)
    {
        var s = Normalize(text);
        foreach (var (from, to) in _phrases)
            if (s.Contains(from, StringComparison.Ordinal)) s = s.Replace(from, " " + to + " ", StringComparison.Ordinal);
        IEnumerable<string> cut;
        lock (Gate) cut = [.. _jieba.Cut(s, cutAll: false, hmm: false)];
        var words = new List<string>();
        foreach (var raw in cut)
        {
            var w = raw.Trim();
            if (w.Length == 0 || !w.Any(char.IsLetterOrDigit)) continue;
            if (_canonical.TryGetValue(w, out var head)) w = head;
            if (_stopwords.Contains(w)) continue;
            words.Add(w);
        }
        return words;
    }

    /// <summary>The words and the character bigrams of the text's Chinese runs (between words dropped as function words).</summary>
    public IReadOnlyList<string> Terms(string text)
    {
        var words = Words(text);
        var terms = new List<string>(words);
        var run = new StringBuilder();
        void Flush()
        {
            for (var i = 0; i + 1 < run.Length; i++) terms.Add(BigramPrefix + run[i] + run[i + 1]);
            run.Clear();
        }
        foreach (var w in words)
        {
            if (w.All(IsHan)) run.Append(w);
            else Flush();
        }
        Flush();
        return terms;
    }

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    public static bool IsBigram(string term) => term.StartsWith(BigramPrefix, StringComparison.Ordinal);

    internal static string Invariant(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
