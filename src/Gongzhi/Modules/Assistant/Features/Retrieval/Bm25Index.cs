namespace Gongzhi.Modules.Assistant.Features.Retrieval;

/// <summary>One searchable document: its key and its terms with their weights (a title's terms count more).</summary>
public sealed record IndexDocument(string Key, IReadOnlyDictionary<string, double> Terms);

/// <summary>A scored hit: <see cref="Confidence"/> is the score over the best score the query could reach (0–1).</summary>
public sealed record IndexHit(string Key, double Score, double Confidence);

/// <summary>
/// Okapi BM25 over a fixed set of documents, in memory: built once (a few milliseconds for the guide and a knowledge
/// base of thousands of entries) and replaced whole when the documents change. Query terms carry weights (a bigram
/// counts less than a word). Confidence divides the score by what a document holding every query term many times
/// would score — words the corpus has never seen count at the highest weight (bigrams it has never seen do not), so a question of unknown words is
/// not confidently answered by the one word it shares with an entry.
/// </summary>
public sealed class Bm25Index
{
    private const double K1 = 1.2, B = 0.75;
    private readonly IndexDocument[] _docs;
    private readonly double[] _lengths;
    private readonly double _averageLength;
    private readonly Dictionary<string, List<(int Doc, double Tf)>> _postings = new(StringComparer.Ordinal);

    public Bm25Index(IEnumerable<IndexDocument> documents)
    {
        _docs = [.. documents];
        _lengths = new double[_docs.Length];
        for (var i = 0; i < _docs.Length; i++)
        {
            foreach (var (term, tf) in _docs[i].Terms)
            {
                if (!_postings.TryGetValue(term, out var list)) _postings[term] = list = [];
                list.Add((i, tf));
                _lengths[i] += tf;
            }
        }
        _averageLength = _docs.Length == 0 ? 1 : Math.Max(1, _lengths.Average());
    }

    public int Count => _docs.Length;

    public double Idf(string term)
    {
        var df = _postings.TryGetValue(term, out var list) ? list.Count : 0;
        return Math.Log(1 + (_docs.Length - df + 0.5) / (df + 0.5));
    }

    public IReadOnlyList<IndexHit> Search(IReadOnlyDictionary<string, double> query, int take)
    {
        if (query.Count == 0 || _docs.Length == 0) return [];
        var scores = new Dictionary<int, double>();
        var best = 0.0;
        foreach (var (term, weight) in query)
        {
            var idf = Idf(term);
            var seen = _postings.TryGetValue(term, out var list);
            // Unknown words lower the confidence; unknown bigrams (the halves of a word and its neighbours) do not.
            if (seen || !QuestionAnalyzer.IsBigram(term)) best += weight * idf * (K1 + 1);
            if (!seen) continue;
            foreach (var (doc, tf) in list!)
            {
                var norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * _lengths[doc] / _averageLength));
                scores[doc] = scores.GetValueOrDefault(doc) + weight * idf * norm;
            }
        }
        if (best <= 0) return [];
        return [.. scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(take)
            .Select(s => new IndexHit(_docs[s.Key].Key, s.Value, Math.Min(1, s.Value / best)))];
    }

    /// <summary>Term weights of a text's terms: <paramref name="weight"/> for words, half that for bigrams, summed over repeats.</summary>
    public static void Add(Dictionary<string, double> into, IEnumerable<string> terms, double weight)
    {
        foreach (var t in terms)
            into[t] = into.GetValueOrDefault(t) + (QuestionAnalyzer.IsBigram(t) ? weight / 2 : weight);
    }
}
