namespace Gongzhi.Modules.ServiceGuide.Contracts;

/// <summary>One matter of the public service guide, as other modules (the Q&amp;A assistant) may read it.</summary>
/// <param name="Text">The matter's plain text (summary, who may apply, materials, steps, FAQs), for search.</param>
/// <param name="Url">The matter's public page, relative to the site.</param>
public sealed record CatalogMatter(long Id, string Code, string Name, string Department, string? Summary, string Text, string Url);

/// <summary>The public service guide's matters, read-only. Public reference data: nothing personal.</summary>
public interface IServiceCatalog
{
    Task<IReadOnlyList<CatalogMatter>> MattersAsync(CancellationToken ct);

    /// <summary>Changes whenever a matter is added, changed or removed: lets a reader cache its own index of the guide.</summary>
    Task<string> VersionAsync(CancellationToken ct);
}
