using Gongzhi.Modules.ServiceGuide.Domain;
using Gongzhi.Modules.ServiceGuide.Features.Catalogue;

namespace Gongzhi.Modules.ServiceGuide.Pages;

/// <summary>
/// The edit page's text areas for a matter's lists, one entry a line: materials as
/// <c>名称 | 份数 | 原件/复印件/原件和复印件 | 备注 | 可选</c>, steps as lines, FAQs as <c>问：…</c> / <c>答：…</c> lines. The API
/// takes the lists as JSON; this is only the page's way of typing them.
/// </summary>
public static class MatterText
{
    private static readonly char[] Bars = ['|', '｜'];

    public static string Materials(IEnumerable<MaterialView> materials) =>
        string.Join("\n", materials.Select(m => string.Join(" | ", new[]
        {
            m.Name, m.Copies.ToString(), FormWord(m.Form), m.Note ?? "", m.Optional ? "可选" : "",
        }).TrimEnd(' ', '|')));

    public static IReadOnlyList<MaterialInput> ParseMaterials(string? text) =>
        [.. Lines(text).Select(line =>
        {
            var parts = line.Split(Bars).Select(p => p.Trim()).ToArray();
            int? copies = parts.Length > 1 ? int.TryParse(parts[1], out var c) ? c : 0 : 1;
            var form = parts.Length > 2 ? ParseForm(parts[2]) : MaterialForm.Original;
            var note = parts.Length > 3 && parts[3].Length > 0 ? parts[3] : null;
            var optional = parts.Length > 4 && parts[4] is "可选" or "选" or "optional" or "Optional";
            return new MaterialInput(parts[0], copies, form, note, optional);
        })];

    public static string Steps(IEnumerable<string> steps) => string.Join("\n", steps);

    public static IReadOnlyList<string> ParseSteps(string? text) => [.. Lines(text)];

    public static string Faqs(IEnumerable<Faq> faqs) => string.Join("\n", faqs.Select(f => $"问：{f.Question}\n答：{f.Answer}"));

    public static IReadOnlyList<FaqInput> ParseFaqs(string? text)
    {
        var faqs = new List<FaqInput>();
        foreach (var line in Lines(text))
        {
            if (Strip(line, "问：", "问:", "Q:", "Q：") is { } q) faqs.Add(new FaqInput(q, null));
            else if (Strip(line, "答：", "答:", "A:", "A：") is { } a && faqs.Count > 0) faqs[^1] = faqs[^1] with { Answer = Join(faqs[^1].Answer, a) };
            else if (faqs.Count > 0 && faqs[^1].Answer is not null) faqs[^1] = faqs[^1] with { Answer = Join(faqs[^1].Answer, line) };
            else if (faqs.Count > 0) faqs[^1] = faqs[^1] with { Question = Join(faqs[^1].Question, line) };
            else faqs.Add(new FaqInput(line, null));
        }
        return faqs;
    }

    private static string Join(string? a, string b) => string.IsNullOrEmpty(a) ? b : a + "\n" + b;

    private static string? Strip(string line, params string[] prefixes) =>
        prefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } p ? line[p.Length..].Trim() : null;

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);

    private static string FormWord(MaterialForm form) => form switch
    {
        MaterialForm.Copy => "复印件",
        MaterialForm.OriginalAndCopy => "原件和复印件",
        _ => "原件",
    };

    /// <summary>An unknown word answers 0, which the use case refuses with the material's line number.</summary>
    private static MaterialForm ParseForm(string word) => word switch
    {
        "" or "原件" or "original" or "Original" => MaterialForm.Original,
        "复印件" or "copy" or "Copy" => MaterialForm.Copy,
        "原件和复印件" or "原件及复印件" or "both" or "Both" => MaterialForm.OriginalAndCopy,
        _ => 0,
    };
}
