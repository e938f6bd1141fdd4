using Gongzhi.Resources;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Infrastructure.Localization;

/// <summary>
/// One localizer over the shared strings and every module's own (<c>Modules/&lt;Module&gt;/Strings.zh-CN.resx</c>),
/// so that code keeps asking <c>IStringLocalizer&lt;SharedResource&gt;</c> while each module's Chinese lives with
/// the module. Keys are the English text; the first file that has a key wins; a key nowhere is shown as written.
/// </summary>
public sealed class ModularLocalizer(IStringLocalizerFactory factory, IEnumerable<string> moduleNames) : IStringLocalizer<SharedResource>
{
    private readonly IStringLocalizer[] _sources =
    [
        factory.Create(typeof(SharedResource)),
        .. moduleNames.Select(m => factory.Create($"Modules.{m}.Strings", typeof(SharedResource).Assembly.GetName().Name!)),
    ];

    public LocalizedString this[string name] => Find(name, s => s[name]);

    public LocalizedString this[string name, params object[] arguments] => Find(name, s => s[name, arguments]);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _sources.SelectMany(s => Safe(() => s.GetAllStrings(includeParentCultures)));

    private LocalizedString Find(string name, Func<IStringLocalizer, LocalizedString> lookup)
    {
        LocalizedString? first = null;
        foreach (var source in _sources)
        {
            var value = lookup(source);
            if (!value.ResourceNotFound) return value;
            first ??= value;
        }
        return first ?? new LocalizedString(name, name, resourceNotFound: true);
    }

    private static IEnumerable<LocalizedString> Safe(Func<IEnumerable<LocalizedString>> all)
    {
        try { return all().ToList(); }
        catch (System.Resources.MissingManifestResourceException) { return []; }
    }
}
