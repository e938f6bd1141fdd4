using System.Text.Json;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Modules.Assistant.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Assistant;

/// <summary>The demo's knowledge base: entries written for the project (in Chinese), into an empty base only.</summary>
internal static class AssistantDemo
{
    private sealed record DemoEntry(string Title, string Questions, string Answer, EntrySource SourceKind, string? SourceRef);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static IReadOnlyList<KnowledgeEntry> Entries(DateTimeOffset now)
    {
        using var stream = typeof(AssistantDemo).Assembly.GetManifestResourceStream("knowledge-demo.json")
            ?? throw new InvalidOperationException("The demo knowledge base is not embedded.");
        var entries = JsonSerializer.Deserialize<List<DemoEntry>>(stream, Json) ?? [];
        return [.. entries.Select(e => new KnowledgeEntry
        {
            Title = e.Title, Questions = e.Questions, Answer = e.Answer, SourceKind = e.SourceKind, SourceRef = e.SourceRef,
            CreatedBy = "community", CreatedAt = now, UpdatedAt = now,
        })];
    }

    public static async Task SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        if (await db.KnowledgeEntries.AnyAsync(ct)) return;
        db.KnowledgeEntries.AddRange(Entries(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }
}
