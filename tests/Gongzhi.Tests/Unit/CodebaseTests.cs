using System.Text.RegularExpressions;
using System.Xml.Linq;
using Gongzhi.Tests.Areas;
using Xunit;

namespace Gongzhi.Tests.Unit;

/// <summary>Rules about the code itself: every UI string has its Chinese, and modules meet only through contracts.</summary>
public sealed partial class CodebaseTests
{
    private static readonly string Source = Path.Combine(DivisionImportTests.RepoRoot(), "src", "Gongzhi");

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".razor"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    [GeneratedRegex("""\b[Ll]\["((?:[^"\\]|\\.)*)"[,\]]""")]
    private static partial Regex LocalizedString();

    [Fact]
    public void Every_localized_string_has_a_chinese_translation()
    {
        var chinese = XDocument.Load(Path.Combine(Source, "Resources", "SharedResource.zh-CN.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var missing = SourceFiles()
            .SelectMany(f => LocalizedString().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"")))
            .Distinct()
            .Where(key => !chinese.ContainsKey(key))
            .ToList();
        Assert.True(missing.Count == 0, "Missing zh-CN translations:\n" + string.Join("\n", missing));
        Assert.DoesNotContain(chinese, kv => string.IsNullOrWhiteSpace(kv.Value));
        // Resource lookups do not tell "To" from "to": such keys would shadow each other.
        Assert.Empty(chinese.Keys.GroupBy(k => k.ToUpperInvariant()).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)));
        // Placeholders survive translation.
        foreach (var (key, value) in chinese)
            foreach (Match p in Regex.Matches(key, @"\{\d\}"))
                Assert.True(value.Contains(p.Value), $"'{value}' lacks {p.Value} of '{key}'");
    }

    [GeneratedRegex(@"Gongzhi\.Modules\.(\w+)\.(\w+)")]
    private static partial Regex ModuleReference();

    [Fact]
    public void Modules_use_each_other_only_through_contracts()
    {
        var modules = Path.Combine(Source, "Modules");
        var violations = new List<string>();
        foreach (var file in SourceFiles().Where(f => f.StartsWith(modules)))
        {
            var relative = Path.GetRelativePath(modules, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2) continue; // Modules/_Imports.razor: checked below as "shared"
            var module = relative[0];
            var isMapping = relative.Length > 2 && relative[1] == "Data"; // EF foreign keys may name another module's entity
            foreach (Match m in ModuleReference().Matches(File.ReadAllText(file)))
            {
                var (other, part) = (m.Groups[1].Value, m.Groups[2].Value);
                if (other == module || part == "Contracts" || (isMapping && part == "Domain")) continue;
                violations.Add($"{Path.GetRelativePath(Source, file)} uses {m.Value}");
            }
        }
        foreach (Match m in ModuleReference().Matches(File.ReadAllText(Path.Combine(modules, "_Imports.razor"))))
            if (m.Groups[2].Value != "Contracts") violations.Add($"Modules/_Imports.razor uses {m.Value}");
        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void The_schema_comes_from_migrations_in_production_code() =>
        Assert.DoesNotContain(SourceFiles(), f => File.ReadAllText(f).Contains("EnsureCreated"));
}
