using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Assistant.Data;
using Gongzhi.Modules.Assistant.Domain;
using Gongzhi.Modules.Assistant.Features.Retrieval;
using Gongzhi.Modules.ServiceGuide.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gongzhi.Bench;

/// <summary>
/// The Q&amp;A assistant with a large knowledge base: the reference guide plus <c>N</c> knowledge entries generated from
/// the demo entries and the guide's matters (each a community's own wording of one: its name, its window, its
/// phrasing of the questions), then Gongzhi as its own process answering the labelled residents' questions
/// (tests/Gongzhi.Tests/Assistant/questions.tsv) over HTTP, as <c>POST /api/assistant/ask</c> — which also stores
/// each question. Also times building the index in-process and the first answer after a staff edit (the rebuild).
/// Usage: assistant sqlite|postgres [entries] [rounds]
/// </summary>
internal static class AssistantBench
{
    private sealed record DemoEntry(string Title, string Questions, string Answer, EntrySource SourceKind, string? SourceRef);

    private static readonly string[] Places =
    [
        "南门", "北关", "东关", "西关", "龙桥", "九州", "文化", "建设", "兴隆", "惠民", "富民", "永安", "和平", "幸福", "阳光", "花园",
        "桃园", "杏林", "青年", "光明", "胜利", "新华", "龙城", "颜店", "新兖", "小孟", "大安", "漕河", "兴隆庄", "酒仙桥", "鼓楼", "少陵",
    ];

    private static readonly string[] Askings = ["{0}", "请问{0}", "{0}？", "想问一下{0}", "{0}呢", "麻烦问下{0}"];

    private static readonly string[] Addenda =
    [
        "具体以窗口答复为准。", "可先电话咨询，材料齐全一次办好。", "行动不便的可预约网格员上门代办。", "周六上午值班窗口也可受理。",
        "线上可通过“爱山东”App办理。", "办理进度可在社区公示栏查看。",
    ];

    public static async Task RunAsync(string[] args)
    {
        var provider = args.Length > 0 && args[0].StartsWith("p", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var count = args.Length > 1 ? int.Parse(args[1]) : 10_000;
        var rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
        var work = BenchDatabase.Folder();
        var connectionString = await BenchDatabase.CreateAsync(provider, "bench_assistant");
        // One client asks all the questions: the per-address limit would otherwise answer 429 after 20.
        var settings = BenchDatabase.Settings(provider, connectionString, "--Assistant:AskPerMinute=1000000");
        var report = new StringBuilder();
        void Say(string line) { Console.WriteLine(line); report.AppendLine(line); }

        await using var host = BenchDatabase.Host(settings);
        IReadOnlyList<CatalogMatter> matters = [];
        List<KnowledgeEntry> entries = [];
        await host.Services.AsSystemAsync(async sp =>
        {
            await BenchDatabase.PrepareAsync(sp, divisions: false);
            await BenchAccounts.CreateAsync(sp, ("bench-admin", Roles.Admin, null));
            matters = await sp.GetRequiredService<IServiceCatalog>().MattersAsync(default);
            var db = sp.GetRequiredService<GongzhiDb>();
            db.KnowledgeEntries.AddRange(Generate(matters, count));
            await db.SaveChangesAsync();
            entries = await db.KnowledgeEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        });
        Say($"### {provider}: {entries.Count:N0} knowledge entries and {matters.Count} guide matters ({entries.Sum(e => e.Title.Length + e.Questions.Length + e.Answer.Length) / 1024:N0} K characters)");
        Say("");

        // The index alone, in this process: the analyzer (jieba's dictionary) once, then builds as a change triggers them.
        var watch = Stopwatch.StartNew();
        var index = new KnowledgeIndex(KnowledgeIndex.CreateAnalyzer(Options.Create(new AssistantOptions())));
        var analyzerTime = watch.Elapsed;
        var builds = new List<double>();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        KnowledgeSnapshot? snapshot = null;
        for (var i = 0; i < 4; i++)
        {
            watch.Restart();
            snapshot = index.Build(matters, entries, "bench-" + i);
            builds.Add(watch.Elapsed.TotalMilliseconds);
        }
        var indexMb = (GC.GetTotalMemory(forceFullCollection: true) - before) / 1024.0 / 1024.0;
        GC.KeepAlive(snapshot);
        Say($"Index build (in-process, {snapshot!.Index.Count:N0} documents): first {builds[0]:0} ms, then {builds.Skip(1).Min():0}–{builds.Skip(1).Max():0} ms; analyzer (jieba dictionary) {analyzerTime.TotalMilliseconds:0} ms once per process; the index holds about {indexMb:0} MB.");

        var questions0 = File.ReadAllLines(Path.Combine("tests", "Gongzhi.Tests", "Assistant", "questions.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToList();
        var retrieval = new List<double>();
        for (var r = 0; r < 3; r++)
            foreach (var q in questions0)
            {
                watch.Restart();
                snapshot.Index.Search(index.Query(q), 3);
                retrieval.Add(watch.Elapsed.TotalMilliseconds);
            }
        retrieval.Sort();
        Say($"Retrieval alone (in-process: segment the question, score, best 3), {retrieval.Count} runs: p50 {retrieval[retrieval.Count / 2]:0.00} ms, p95 {retrieval[(int)(retrieval.Count * 0.95)]:0.00} ms, max {retrieval[^1]:0.00} ms.");
        var questions = File.ReadAllLines(Path.Combine("tests", "Gongzhi.Tests", "Assistant", "questions.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToList();
        await using var server = await BenchServer.StartAsync(settings, 5197 + (int)provider);
        var admin = await server.SignInAsync("bench-admin", BenchAccounts.Password);
        var client = server.Http;

        // The first question loads the entries and builds the index in the server.
        watch.Restart();
        await AskAsync(client, questions[0]);
        Say($"First question after start (loads {entries.Count:N0} entries, builds the index): {watch.Elapsed.TotalMilliseconds:0} ms.");
        foreach (var q in questions.Take(30)) await AskAsync(client, q);

        var times = new List<double>();
        var answered = 0;
        for (var r = 0; r < rounds; r++)
            foreach (var q in questions)
            {
                watch.Restart();
                var count1 = await AskAsync(client, q);
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (r == 0 && count1 > 0) answered++;
            }
        times.Sort();
        double P(double p) => times[Math.Max(0, (int)Math.Ceiling(p * times.Count) - 1)];
        Say($"Answered with at least one answer: {answered} of {questions.Count} labelled questions.");
        Say("");
        Say("| request | runs | p50 ms | p95 ms | p99 ms | max ms |");
        Say("|---|---|---|---|---|---|");
        Say($"| POST /api/assistant/ask, the labelled questions ×{rounds} (anonymous; stores each question) | {times.Count} | {P(0.5):0.0} | {P(0.95):0.0} | {P(0.99):0.0} | {times[^1]:0.0} |");

        // A staff edit changes the version stamp: the next question on any node rebuilds.
        var rebuilds = new List<double>();
        var sample = entries[entries.Count / 2];
        for (var i = 0; i < 3; i++)
        {
            (await admin.PutAsJsonAsync($"/api/assistant/knowledge/{sample.Id}", new { title = sample.Title, questions = sample.Questions, answer = sample.Answer + new string('。', i + 1), sourceKind = sample.SourceKind.ToString(), sourceRef = sample.SourceRef })).EnsureSuccessStatusCode();
            watch.Restart();
            await AskAsync(client, questions[i]);
            rebuilds.Add(watch.Elapsed.TotalMilliseconds);
        }
        Say($"| first question after a staff edit (reload and rebuild) | {rebuilds.Count} | | | | {rebuilds.Max():0} (runs {string.Join(", ", rebuilds.Select(t => t.ToString("0")))}) |");
        Say("");
        Say($"Server process memory: {server.ResidentMb():N0} MB resident, peak {server.PeakMb():N0} MB (VmHWM, whole process).");
        server.Kill();
        await File.WriteAllTextAsync(Path.Combine(work, $"assistant-{provider}.md".ToLowerInvariant()), report.ToString());
    }

    private static async Task<int> AskAsync(HttpClient client, string question)
    {
        using var response = await client.PostAsJsonAsync("/api/assistant/ask", new { question });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ask: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("answers").GetArrayLength();
    }

    /// <summary>
    /// Entries as many communities would write them: each a demo entry or a guide matter in one community's words —
    /// the community's name in the title, its own phrasing of the questions, its window and a note in the answer.
    /// </summary>
    private static IEnumerable<KnowledgeEntry> Generate(IReadOnlyList<CatalogMatter> matters, int count)
    {
        using var stream = typeof(KnowledgeEntry).Assembly.GetManifestResourceStream("knowledge-demo.json")!;
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var bases = JsonSerializer.Deserialize<List<DemoEntry>>(stream, json)!
            .Concat(matters.Select(m => new DemoEntry(m.Name, $"{m.Name}怎么办理\n{m.Name}需要什么材料\n{m.Name}去哪里办",
                m.Summary ?? m.Name, EntrySource.Matter, m.Code)))
            .ToList();
        var random = new Random(20261129);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var b = bases[i % bases.Count];
            var place = Places[i / bases.Count % Places.Length] + (i / (bases.Count * Places.Length) is var round and > 0 ? $"第{round + 1}" : "") + "社区";
            var asked = string.Join('\n', b.Questions.Split('\n').Select(q => string.Format(Askings[random.Next(Askings.Length)], q))
                .Append($"{place}{b.Title}"));
            var answer = $"{b.Answer}（{place}便民服务中心{1 + random.Next(9)}号窗口，{Addenda[random.Next(Addenda.Length)]}）";
            var title = $"{place}：{b.Title}";
            yield return new KnowledgeEntry
            {
                Title = title.Length > KnowledgeRules.MaxTitle ? title[..KnowledgeRules.MaxTitle] : title,
                Questions = asked.Length > KnowledgeRules.MaxQuestions ? asked[..KnowledgeRules.MaxQuestions] : asked,
                Answer = answer.Length > KnowledgeRules.MaxAnswer ? answer[..KnowledgeRules.MaxAnswer] : answer,
                SourceKind = b.SourceKind, SourceRef = b.SourceRef, CreatedBy = "bench", CreatedAt = now.AddSeconds(i - count), UpdatedAt = now.AddSeconds(i - count), // in the past: an edit is the latest change
            };
        }
    }
}
