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
    private readonly string[] _keys;
    private readonly Dictionary<string, Postings> _postings = new(StringComparer.Ordinal);

    /// <summary>
    /// One term's documents with their BM25 term-frequency part (length-normalized) and its idf, computed when the
    /// index is built: a question then only adds up numbers from flat arrays, and the index holds no per-document
    /// dictionaries for the collector to walk (with 10,000 entries those made the slowest answers several times the median).
    /// </summary>
    private sealed record Postings(int[] Docs, double[] Norms, double Idf);

    public Bm25Index(IEnumerable<IndexDocument> documents)
    {
        var docs = documents as IReadOnlyList<IndexDocument> ?? [.. documents];
        _keys = new string[docs.Count];
        var lengths = new double[docs.Count];
        var lists = new Dictionary<string, List<(int Doc, double Tf)>>(StringComparer.Ordinal);
        for (var i = 0; i < docs.Count; i++)
        {
            _keys[i] = docs[i].Key;
            foreach (var (term, tf) in docs[i].Terms)
            {
                if (!lists.TryGetValue(term, out var list)) lists[term] = list = [];
                list.Add((i, tf));
                lengths[i] += tf;
            }
        }
        var averageLength = docs.Count == 0 ? 1 : Math.Max(1, lengths.Average());
        foreach (var (term, list) in lists)
        {
            var ids = new int[list.Count];
            var norms = new double[list.Count];
            for (var j = 0; j < list.Count; j++)
            {
                var (doc, tf) = list[j];
                ids[j] = doc;
                norms[j] = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[doc] / averageLength));
            }
            _postings[term] = new Postings(ids, norms, IdfOf(list.Count));
        }
    }

    public int Count => _keys.Length;

    private double IdfOf(int df) => Math.Log(1 + (_keys.Length - df + 0.5) / (df + 0.5));

    public double Idf(string term) => _postings.TryGetValue(term, out var p) ? p.Idf : IdfOf(0);

    public IReadOnlyList<IndexHit> Search(IReadOnlyDictionary<string, double> query, int take)
    {
        if (query.Count == 0 || _keys.Length == 0 || take <= 0) return [];
        var scores = System.Buffers.ArrayPool<double>.Shared.Rent(_keys.Length);
        var touched = System.Buffers.ArrayPool<int>.Shared.Rent(_keys.Length);
        try
        {
            Array.Clear(scores, 0, _keys.Length);
            var touchedCount = 0;
            var best = 0.0;
            foreach (var (term, weight) in query)
            {
                var seen = _postings.TryGetValue(term, out var p);
                var idf = seen ? p!.Idf : IdfOf(0);
                // Unknown words lower the confidence; unknown bigrams (the halves of a word and its neighbours) do not.
                if (seen || !QuestionAnalyzer.IsBigram(term)) best += weight * idf * (K1 + 1);
                if (!seen) continue;
                var factor = weight * idf;
                var docs = p!.Docs;
                var norms = p.Norms;
                for (var j = 0; j < docs.Length; j++)
                {
                    var doc = docs[j];
                    if (scores[doc] == 0) touched[touchedCount++] = doc;
                    scores[doc] += factor * norms[j];
                }
            }
            if (best <= 0) return [];
            // The best few by a running insertion list: score descending, then document order (as a full sort would).
            var top = new List<int>(take + 1);
            for (var t = 0; t < touchedCount; t++)
            {
                var doc = touched[t];
                var score = scores[doc];
                if (top.Count == take && !Before(doc, top[^1])) continue;
                var at = top.Count;
                while (at > 0 && Before(doc, top[at - 1])) at--;
                top.Insert(at, doc);
                if (top.Count > take) top.RemoveAt(take);
            }
            var hits = new IndexHit[top.Count];
            for (var i = 0; i < top.Count; i++)
                hits[i] = new IndexHit(_keys[top[i]], scores[top[i]], Math.Min(1, scores[top[i]] / best));
            return hits;

            bool Before(int a, int b) => scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(scores);
            System.Buffers.ArrayPool<int>.Shared.Return(touched);
        }
    }

    /// <summary>Term weights of a text's terms: <paramref name="weight"/> for words, half that for bigrams, summed over repeats.</summary>
    public static void Add(Dictionary<string, double> into, IEnumerable<string> terms, double weight)
    {
        foreach (var t in terms)
            into[t] = into.GetValueOrDefault(t) + (QuestionAnalyzer.IsBigram(t) ? weight / 2 : weight);
    }
}
