using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Gongzhi.Modules.Registry.Domain;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Xunit;

namespace Gongzhi.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class RegistryJourneyTests(BrowserApp app)
{
    [Fact]
    public async Task Community_worker_imports_the_template_reads_the_report_searches_and_opens_the_building_view()
    {
        var page = await app.SignedInPage("community");

        // 1. Download the template from the page, fill it (three households, two bad rows), upload it.
        await page.GotoAsync(app.BaseUrl + "/registry/import");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-template"));
        var template = Path.Combine(app.Screenshots, "template.xlsx");
        await download.SaveAsAsync(template);
        var (building, unit) = await NewBuilding();
        var good = ResidentIdNumber.Create("370811", new DateOnly(1940, 2, 2), 301, Sex.Female);
        var good2 = ResidentIdNumber.Create("370811", new DateOnly(1970, 3, 3), 302, Sex.Male);
        var badChecksum = good2[..17] + (good2[17] == '1' ? '2' : '1');
        Fill(template, [
            [unit, "9", "901", null, "冯淑珍", good, "户主", "户籍", "13500001111", "汉族", null, null, null, null, null, "独居"],
            [unit, "9", "902", null, "褚立新", good2, "户主", "户籍", null, null, null, null, null, null, null, null],
            [unit, "9", "903", null, "卫错号", badChecksum, "户主", "户籍", null, null, null, null, null, null, null, null],
            [unit, "9", "904", null, "蒋错类", ResidentIdNumber.Create("370811", new DateOnly(1980, 4, 4), 303, Sex.Male), "户主", "户口", null, null, null, null, null, null, null, null],
        ]);
        await page.SetInputFilesAsync("#import-form input[type=file]", template);
        await page.ClickAsync("#import-form button[type=submit]");
        await page.WaitForSelectorAsync("#import-report");
        Assert.Equal("2", await page.InnerTextAsync("#report-added"));
        Assert.Equal("2", await page.InnerTextAsync("#report-rejected"));
        var errors = await page.Locator("#report-errors tbody tr").AllInnerTextsAsync();
        Assert.Contains(errors, e => e.StartsWith("4") && e.Contains("校验位"));
        Assert.Contains(errors, e => e.StartsWith("5") && e.Contains("居住类型"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "import-report.png"), FullPage = true });

        // 2. Search for residents aged 80+ living alone in grid 1.
        await page.GotoAsync(app.BaseUrl + "/residents");
        await page.FillAsync("#area", "370811012007-W01");
        await page.ClickAsync("label[for='tagsAll-living-alone']"); // tags are chips: tap to select
        await page.ClickAsync("label[for='tagsAll-elderly-80']");
        Assert.True(await page.IsCheckedAsync("#tagsAll-elderly-80"));
        await page.ClickAsync("#search-form button[type=submit]");
        await page.WaitForSelectorAsync("#results");
        var rows = await page.Locator("#results tbody tr").AllInnerTextsAsync();
        Assert.NotEmpty(rows);
        Assert.Contains(rows, r => r.Contains("冯淑珍")); // the elder just imported
        Assert.All(rows, r => Assert.Matches(@"\*{8}", r)); // ID numbers masked in the list
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "search.png"), FullPage = true });

        // 3. The building view: the imported elder's flat is marked; a click opens the household.
        await page.GotoAsync(app.BaseUrl + "/areas/" + building);
        await page.ClickAsync("#building-view-link");
        await page.WaitForSelectorAsync("#legend");
        var flat = page.Locator("a.gz-flat[data-room='901']");
        Assert.Contains("gz-elderly-alone", await flat.GetAttributeAsync("class"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "building-view.png"), FullPage = true });
        await flat.ClickAsync();
        Assert.Contains("901", await page.InnerTextAsync("#household-address"));
        Assert.Contains("冯淑珍", await page.InnerTextAsync("#members-table"));
        await page.ClickAsync("#members-table a:text-is('冯淑珍')");
        Assert.Contains("冯淑珍", await page.InnerTextAsync("#resident-name"));
        Assert.Contains("********", await page.InnerTextAsync("#id-number"));

        // Unmasking is one audited click away for a community worker.
        await page.ClickAsync("#unmask-form button");
        await page.WaitForSelectorAsync("#unmasked-values");
        Assert.Contains(good, await page.InnerTextAsync("#unmasked-values"));
    }

    [Fact]
    public async Task The_building_view_works_on_a_phone()
    {
        var page = await app.SignedInPage("grid1", new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await page.GotoAsync(app.BaseUrl + "/areas/370811012007-W01-X01-B12");
        await page.ClickAsync("#building-view-link");
        await page.WaitForSelectorAsync(".gz-unit");
        var box = await page.Locator(".gz-flat").First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box!.Width >= 40 && box.Height >= 36, $"flats are big enough to tap ({box.Width}×{box.Height})");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 400, $"no sideways scrolling on a phone (page is {width}px wide)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "building-phone.png"), FullPage = true });
        await page.Locator("a.gz-flat").First.ClickAsync();
        await page.WaitForSelectorAsync("#household-address");
    }

    [Fact]
    public async Task Grid_worker_on_a_phone_edits_a_resident_with_a_bad_value_then_fixes_it()
    {
        var (_, unit) = await NewBuilding();
        var id = await NewResident(unit, "卫国强");
        var page = await app.SignedInPage("grid1", new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await page.GotoAsync(app.BaseUrl + $"/residents/{id}");

        // A wrong disability grade and a new ethnicity: refused, with everything typed still there.
        await page.FillAsync("#resident-facts-ethnicity", "回族");
        await page.FillAsync("#resident-facts-disabilityGrade", "9");
        await page.SelectOptionAsync("#resident-facts-health", "Chronic");
        await page.ClickAsync("#facts-form button[type=submit]");
        await page.WaitForSelectorAsync("#resident-facts-disabilityGrade-error");
        Assert.Contains("一级至四级", await page.InnerTextAsync("#resident-facts-disabilityGrade-error"));
        Assert.Equal("9", await page.InputValueAsync("#resident-facts-disabilityGrade"));
        Assert.Equal("回族", await page.InputValueAsync("#resident-facts-ethnicity"));
        Assert.Equal("Chronic", await page.InputValueAsync("#resident-facts-health"));
        Assert.Equal("", await page.InnerTextAsync("#ethnicity")); // nothing was saved
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 400, $"no sideways scrolling on a phone (page is {width}px wide)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "resident-edit-error-phone.png"), FullPage = true });

        // Fixed: saved, back on the page with a success message and the new facts.
        await page.FillAsync("#resident-facts-disabilityGrade", "2");
        await page.ClickAsync("#facts-form button[type=submit]");
        await page.WaitForSelectorAsync("#flash.alert-success");
        Assert.Equal("2", await page.InnerTextAsync("#disability-grade"));
        Assert.Equal("回族", await page.InnerTextAsync("#ethnicity"));
        Assert.DoesNotContain("?", page.Url); // no message in the address
        Assert.Contains("********", await page.InnerTextAsync("#id-number")); // still masked
    }

    [Fact]
    public async Task The_area_picker_searches_and_drills_down_within_the_grid_workers_own_grid()
    {
        var page = await app.SignedInPage("grid1", new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await page.GotoAsync(app.BaseUrl + "/residents");
        var search = page.Locator("#search-form [data-area-search]");
        // Wait for the search's own answer: focusing the box first lists the worker's roots (with an empty "q=" in its
        // address), and were the search's answer to land after the drill-down below, it would replace the children.
        await page.RunAndWaitForResponseAsync(() => search.FillAsync("网格"),
            r => r.Url.Contains("/fragments/area-picker") && Uri.UnescapeDataString(r.Url).Contains("q=网格"));
        await page.WaitForSelectorAsync("#area-options [data-code='370811012007-W01']");
        Assert.Equal(0, await page.Locator("#area-options [data-code='370811012007-W02']").CountAsync()); // the other grid is not offered
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#area-options button[hx-get*='parent=370811012007-W01']"), r => r.Url.Contains("parent=")); // drill down
        await page.WaitForSelectorAsync("#area-options [data-code='370811012007-W01-X01']");
        await page.ClickAsync("#area-options [data-code='370811012007-W01-X01']");
        Assert.Equal("370811012007-W01-X01", await page.InputValueAsync("#area"));
        await page.ClickAsync("#search-form button[type=submit]");
        await page.WaitForSelectorAsync("#result-total");
        Assert.Contains("area=370811012007-W01-X01", page.Url);
        Assert.DoesNotContain("q=%E7%BD%91", page.Url); // the picker's search box is not part of the search
    }

    [Fact]
    public async Task Grid_worker_on_a_phone_registers_a_member_after_correcting_a_mistyped_id_number()
    {
        var (_, unit) = await NewBuilding();
        using var http = await Api();
        var created = await http.PostAsync($"/api/areas/{unit}/households", System.Net.Http.Json.JsonContent.Create(new { floor = 2, room = "201" }));
        created.EnsureSuccessStatusCode();
        var household = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("household").GetProperty("id").GetInt64();
        var page = await app.SignedInPage("grid1", new() { Locale = "zh-CN", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        await page.GotoAsync(app.BaseUrl + $"/households/{household}");

        var good = ResidentIdNumber.Create("370811", new DateOnly(1988, 8, 8), 100 + Random.Shared.Next(800), Sex.Female);
        var typo = good[..17] + (good[17] == '1' ? '2' : '1');
        await page.FillAsync("#household-member-name", "韩晓梅");
        await page.FillAsync("#household-member-idNumber", typo);
        await page.SelectOptionAsync("#household-member-relation", "Householder");
        await page.ClickAsync("#add-member button[type=submit]");
        await page.WaitForSelectorAsync("#household-member-idNumber-error");
        Assert.Contains("校验位", await page.InnerTextAsync("#household-member-idNumber-error"));
        Assert.Equal("韩晓梅", await page.InputValueAsync("#household-member-name"));
        Assert.Equal(typo, await page.InputValueAsync("#household-member-idNumber"));
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 400, $"no sideways scrolling on a phone (page is {width}px wide)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "household-member-error-phone.png"), FullPage = true });

        await page.FillAsync("#household-member-idNumber", good);
        await page.ClickAsync("#add-member button[type=submit]");
        await page.WaitForSelectorAsync("#flash.alert-success");
        Assert.Contains("韩晓梅", await page.InnerTextAsync("#members-table"));
        Assert.DoesNotContain(good, await page.InnerTextAsync("main")); // shown masked
    }

    /// <summary>A household in the unit with one resident, made through the API; answers the resident's id.</summary>
    private async Task<long> NewResident(string unit, string name)
    {
        using var http = await Api();
        var household = await http.PostAsync($"/api/areas/{unit}/households", System.Net.Http.Json.JsonContent.Create(new { floor = 1, room = "101" }));
        household.EnsureSuccessStatusCode();
        var householdId = (await household.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("household").GetProperty("id").GetInt64();
        var idNumber = ResidentIdNumber.Create("370811", new DateOnly(1966, 6, 6), 100 + Random.Shared.Next(800), Sex.Male);
        var resident = await http.PostAsync("/api/residents", System.Net.Http.Json.JsonContent.Create(new { householdId, name, idNumber, relation = "Householder", residencyType = "Registered" }));
        resident.EnsureSuccessStatusCode();
        return (await resident.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task<HttpClient> Api()
    {
        var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await http.PostAsync("/api/auth/token", System.Net.Http.Json.JsonContent.Create(new { userName = "community", password = "Demo#2026" })))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        return http;
    }

    /// <summary>A 9-floor building with one unit of 4 flats a floor, made through the API.</summary>
    private async Task<(string Building, string Unit)> NewBuilding()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = await (await http.PostAsync("/api/auth/token", System.Net.Http.Json.JsonContent.Create(new { userName = "community", password = "Demo#2026" })))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        async Task<string> Create(string parent, object body)
        {
            var response = await http.PostAsync($"/api/areas/{parent}/children", System.Net.Http.Json.JsonContent.Create(body));
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!;
        }
        var building = await Create("370811012007-W01-X01", new { name = "新建" + Guid.NewGuid().ToString("N")[..4] + "号楼", level = "Building", floors = 9 });
        return (building, await Create(building, new { name = "1单元", level = "Unit", floors = 9, roomsPerFloor = 4 }));
    }

    /// <summary>Writes rows under the template's header and example, as a person filling it in Excel would.</summary>
    private static void Fill(string path, string?[][] rows)
    {
        using var document = SpreadsheetDocument.Open(path, true);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var data = sheet.GetFirstChild<SheetData>()!;
        data.Elements<Row>().Skip(1).ToList().ForEach(r => r.Remove()); // the example row goes
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new Row { RowIndex = (uint)(r + 2) };
            for (var c = 0; c < rows[r].Length; c++)
                if (rows[r][c] is { } text)
                    row.Append(new Cell { CellReference = Gongzhi.Infrastructure.Spreadsheets.Xlsx.ColumnName(c) + (r + 2), DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) });
            data.Append(row);
        }
        sheet.Save();
    }
}
