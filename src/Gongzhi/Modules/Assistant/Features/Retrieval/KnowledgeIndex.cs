using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Assistant.Domain;
using Gongzhi.Modules.ServiceGuide.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Assistant.Features.Retrieval;

/// <summary>What one document of the index stands for: a knowledge entry or a matter of the guide.</summary>
public sealed record IndexedItem(string Key, string Kind, long Id, string Title, string Answer, string Source, string? Url);

/// <summary>The index and what its keys stand for, with the versions of the entries and the guide it was built from.</summary>
public sealed record KnowledgeSnapshot(Bm25Index Index, IReadOnlyDictionary<string, IndexedItem> Items, string Version);

/// <summary>
/// The assistant's in-memory BM25 index over the knowledge base and the service guide, cached per process and rebuilt
/// when either changes: every ask reads two small version stamps (entry count/ids/latest change, and the guide's from
/// <see cref="IServiceCatalog.VersionAsync"/>), so an edit on any node is seen by every node on its next question.
/// A knowledge base of 10,000 entries builds in about a second and takes tens of megabytes; beyond that a database
/// full-text index would be the next step.
/// </summary>
public sealed class KnowledgeIndex(QuestionAnalyzer analyzer)
{
    private readonly SemaphoreSlim _build = new(1, 1);
    private volatile KnowledgeSnapshot? _current;

    public QuestionAnalyzer Analyzer => analyzer;

    public async Task<KnowledgeSnapshot> CurrentAsync(GongzhiDb db, IServiceCatalog catalog, CancellationToken ct)
    {
        var version = await VersionAsync(db, catalog, ct);
        if (_current is { } snapshot && snapshot.Version == version) return snapshot;
        await _build.WaitAsync(ct);
        try
        {
            if (_current is { } built && built.Version == version) return built;
            return _current = await BuildAsync(db, catalog, version, ct);
        }
        finally { _build.Release(); }
    }

    private static async Task<string> VersionAsync(GongzhiDb db, IServiceCatalog catalog, CancellationToken ct)
    {
        // One group of all entries: its single row (none when there are no entries).
        var entries = (await db.KnowledgeEntries.AsNoTracking()
            .GroupBy(e => 1).Select(g => new { Count = g.Count(), Ids = g.Sum(e => e.Id) }).ToListAsync(ct)).SingleOrDefault();
        var latest = await db.KnowledgeEntries.AsNoTracking().OrderByDescending(e => e.UpdatedAt).Select(e => (DateTimeOffset?)e.UpdatedAt).FirstOrDefaultAsync(ct);
        return $"{entries?.Count}:{entries?.Ids}:{latest?.UtcTicks}|{await catalog.VersionAsync(ct)}";
    }

    private async Task<KnowledgeSnapshot> BuildAsync(GongzhiDb db, IServiceCatalog catalog, string version, CancellationToken ct) =>
        Build(await catalog.MattersAsync(ct), await db.KnowledgeEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct), version);

    /// <summary>An index of these matters and entries (the benchmark builds one without a database).</summary>
    public KnowledgeSnapshot Build(IReadOnlyList<CatalogMatter> matters, IReadOnlyList<KnowledgeEntry> entries, string version)
    {
        var byCode = matters.ToDictionary(m => m.Code, StringComparer.Ordinal);
        var items = new Dictionary<string, IndexedItem>(StringComparer.Ordinal);
        var docs = new List<IndexDocument>(matters.Count + entries.Count);
        foreach (var m in matters)
        {
            var key = "m:" + m.Code;
            items[key] = new IndexedItem(key, "matter", m.Id, m.Name, m.Summary ?? "", m.Department, m.Url);
            var terms = new Dictionary<string, double>(StringComparer.Ordinal);
            Bm25Index.Add(terms, analyzer.Terms(m.Name), 3);
            Bm25Index.Add(terms, analyzer.Terms(m.Summary ?? ""), 1);
            Bm25Index.Add(terms, analyzer.Terms(m.Text), 0.5);
            docs.Add(new IndexDocument(key, terms));
        }
        foreach (var e in entries)
        {
            var key = "e:" + e.Id;
            var (source, url) = Source(e, byCode);
            items[key] = new IndexedItem(key, "entry", e.Id, e.Title, e.Answer, source, url);
            var terms = new Dictionary<string, double>(StringComparer.Ordinal);
            Bm25Index.Add(terms, analyzer.Terms(e.Title), 3);
            Bm25Index.Add(terms, analyzer.Terms(e.Questions), 1.5);
            Bm25Index.Add(terms, analyzer.Terms(e.Answer), 0.5);
            docs.Add(new IndexDocument(key, terms));
        }
        return new KnowledgeSnapshot(new Bm25Index(docs), items, version);
    }

    /// <summary>What an entry cites, as a label and a link.</summary>
    private static (string Source, string? Url) Source(KnowledgeEntry e, IReadOnlyDictionary<string, CatalogMatter> matters) => e.SourceKind switch
    {
        EntrySource.Matter when e.SourceRef is not null && matters.TryGetValue(e.SourceRef, out var m) => (m.Name, m.Url),
        EntrySource.Notice when long.TryParse(e.SourceRef, out var id) => ($"notice {id}", $"/n/{id}"),
        _ when e.SourceRef is { } text && (text.StartsWith("https://", StringComparison.Ordinal) || text.StartsWith("http://", StringComparison.Ordinal)) => (text, text),
        _ => (e.SourceRef ?? "", null),
    };

    /// <summary>A question's weighted terms.</summary>
    public IReadOnlyDictionary<string, double> Query(string question)
    {
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        Bm25Index.Add(terms, analyzer.Terms(question), 1);
        return terms;
    }

    public static QuestionAnalyzer CreateAnalyzer(IOptions<AssistantOptions> options)
    {
        var groups = Vocabulary.Synonyms.Select(g => (IReadOnlyList<string>)g).ToList();
        foreach (var line in options.Value.Synonyms)
        {
            var words = line.Split([',', '，', '/', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length > 0) groups.Insert(0, words);
        }
        return new QuestionAnalyzer(groups, Vocabulary.Terms, Vocabulary.Stopwords);
    }
}
