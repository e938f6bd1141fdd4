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

    // Labels declared for later localization: entity names in problems, menu entries and groups.
    [GeneratedRegex("""Display\(Name = "([^"]+)"\)|new\("([^"]+)", "/[^"]*", [\w.]+, \d+(?:, "([^"]+)")?\)""")]
    private static partial Regex DeclaredLabel();

    [Fact]
    public void Every_localized_string_has_a_chinese_translation()
    {
        var chinese = ResourceFiles().SelectMany(f => Entries(f)).ToDictionary(e => e.Key, e => e.Value);
        var missing = SourceFiles()
            .SelectMany(f => LocalizedString().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\""))
                .Concat(DeclaredLabel().Matches(File.ReadAllText(f)).SelectMany(m => m.Groups.Values.Skip(1).Where(g => g.Success).Select(g => g.Value))))
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

    private static IEnumerable<string> ResourceFiles() =>
        Directory.EnumerateFiles(Path.Combine(Source, "Modules"), "Strings.zh-CN.resx", SearchOption.AllDirectories)
            .Prepend(Path.Combine(Source, "Resources", "SharedResource.zh-CN.resx"));

    private static Dictionary<string, string> Entries(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    [Fact]
    public void A_modules_strings_live_with_the_module()
    {
        // Where each key is used: a module's folder, or "shared" (components, infrastructure, several modules).
        var users = new Dictionary<string, HashSet<string>>();
        var modules = Path.Combine(Source, "Modules");
        foreach (var file in SourceFiles())
        {
            var relative = Path.GetRelativePath(modules, file).Split(Path.DirectorySeparatorChar);
            var owner = file.StartsWith(modules) && relative.Length > 1 ? relative[0] : "shared";
            var text = File.ReadAllText(file);
            foreach (var key in LocalizedString().Matches(text).Select(m => m.Groups[1].Value.Replace("\\\"", "\""))
                         .Concat(DeclaredLabel().Matches(text).SelectMany(m => m.Groups.Values.Skip(1).Where(g => g.Success).Select(g => g.Value))))
                (users.TryGetValue(key, out var set) ? set : users[key] = []).Add(owner);
        }
        var misplaced = new List<string>();
        foreach (var file in ResourceFiles())
        {
            var place = Path.GetFileName(Path.GetDirectoryName(file)!) is var folder && folder == "Resources" ? "shared" : folder;
            foreach (var key in Entries(file).Keys)
            {
                var owners = users.GetValueOrDefault(key) ?? ["shared"];
                var belongs = owners.Count == 1 ? owners.Single() : "shared";
                if (belongs != place) misplaced.Add($"'{key}' is in {place} but used by {string.Join(", ", owners)}");
            }
        }
        Assert.True(misplaced.Count == 0, "Run scripts/place-strings.py:\n" + string.Join("\n", misplaced));
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
    public void Every_module_has_one_entry_point_and_the_host_lists_them_all()
    {
        var folders = Directory.GetDirectories(Path.Combine(Source, "Modules")).Select(Path.GetFileName).Order().ToList();
        var listed = Gongzhi.Infrastructure.GongzhiHost.Modules.ToList();
        Assert.Equal(folders, listed.Select(m => m.Name).Order());
        foreach (var module in listed)
        {
            Assert.Equal($"Gongzhi.Modules.{module.Name}", module.GetType().Namespace);
            Assert.True(File.Exists(Path.Combine(Source, "Modules", module.Name, $"{module.Name}Module.cs")), $"{module.Name}Module.cs");
        }
        var entryPoints = typeof(Gongzhi.Infrastructure.Modules.GongzhiModule).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Gongzhi.Infrastructure.Modules.GongzhiModule)) && !t.IsAbstract).ToList();
        Assert.Equal(entryPoints.Count, listed.Count);
        // The host names modules, never what is inside one.
        var host = File.ReadAllText(Path.Combine(Source, "Infrastructure", "GongzhiHost.cs"));
        Assert.Empty(ModuleReference().Matches(host).Select(m => m.Value));
    }

    [GeneratedRegex(@"public DbSet<(\w+)> (\w+) =>")]
    private static partial Regex TableDeclaration();

    [Fact]
    public void A_module_queries_only_its_own_tables()
    {
        var modules = Path.Combine(Source, "Modules");
        var owner = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(modules, "*Tables.cs", SearchOption.AllDirectories))
        {
            var module = Path.GetRelativePath(modules, file).Split(Path.DirectorySeparatorChar)[0];
            foreach (Match m in TableDeclaration().Matches(File.ReadAllText(file)))
            {
                owner[m.Groups[2].Value] = module;
                owner[$"Set<{m.Groups[1].Value}>"] = module;
            }
        }
        Assert.Contains("Households", owner.Keys);
        var access = new Regex(@"\b(?:db|Db|_db)\.(" + string.Join("|", owner.Keys.Where(k => !k.StartsWith("Set<"))) + @")\b|\b(" + string.Join("|", owner.Keys.Where(k => k.StartsWith("Set<")).Select(Regex.Escape)) + ")");
        var violations = new List<string>();
        foreach (var file in SourceFiles().Where(f => f.StartsWith(modules)))
        {
            var module = Path.GetRelativePath(modules, file).Split(Path.DirectorySeparatorChar)[0];
            foreach (Match m in access.Matches(File.ReadAllText(file)))
            {
                var table = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
                if (owner[table] != module) violations.Add($"{Path.GetRelativePath(Source, file)} queries {owner[table]}'s {table}");
            }
        }
        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void The_schema_comes_from_migrations_in_production_code() =>
        Assert.DoesNotContain(SourceFiles(), f => File.ReadAllText(f).Contains("EnsureCreated"));
}
