using System.Text.Json;
using Gongzhi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.ServiceGuide.Features.Catalogue;

/// <summary>
/// The reference catalogue (Reference/service-matters.json, written for the project in Chinese): loaded into an empty
/// catalogue at start and on <c>migrate</c>, as reference data — a real deployment wants a starting guide as much as
/// the demo does, and edits it from there. A catalogue that holds anything is left alone, so edits and deletions stay.
/// </summary>
public static class CatalogueReference
{
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<GongzhiDb>();
        if (await db.ServiceMatters.AnyAsync(ct)) return;
        var catalogue = services.GetRequiredService<ServiceCatalogue>();
        foreach (var matter in Load()) await catalogue.CreateAsync(matter, ct);
    }

    public static IReadOnlyList<SaveMatter> Load()
    {
        using var stream = typeof(CatalogueReference).Assembly.GetManifestResourceStream("service-matters.json")
                           ?? throw new InvalidOperationException("The reference catalogue service-matters.json is not embedded.");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        return JsonSerializer.Deserialize<List<SaveMatter>>(stream, options) ?? [];
    }
}
