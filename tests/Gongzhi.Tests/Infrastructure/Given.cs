using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongzhi.Modules.Notices.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Tests.Infrastructure;

/// <summary>
/// Test data that speaks intent ("a fresh grid in the community", "a compound under it", "a merchant there"),
/// made through the API as the community worker would, each under a fresh node of its own so that tests count
/// within their own subtree and never disturb each other.
/// </summary>
public sealed class Given(GongzhiApp app)
{
    /// <summary>Signs in as the demo account (community, grid1, grid2, street, admin …).</summary>
    public Task<HttpClient> SignedInAs(string account) => app.ClientFor(account);

    /// <summary>
    /// Withdraws the notices written since <paramref name="since"/> (a test's start), so their queued messages do not
    /// sit in the shared outbox in front of other tests' dispatcher batches (the dispatcher claims every due delivery,
    /// whoever enqueued it). The notice collections run their tests one at a time, so what was written since is the test's.
    /// </summary>
    public async Task NoticesWithdrawnSinceAsync(DateTimeOffset since)
    {
        var admin = await app.ClientFor("admin");
        var ids = await app.Db(db => db.Notices.IgnoreQueryFilters().Where(n => n.State != NoticeState.Withdrawn && n.CreatedAt >= since).Select(n => n.Id).ToListAsync());
        foreach (var id in ids) await admin.PostAsync($"/api/notices/{id}/withdraw", null);
    }

    public async Task<JsonElement> GridAsync(string communityCode = DemoCodes.Community) =>
        await ChildAsync(communityCode, "Grid", GongzhiApp.Unique("网格"));

    public async Task<JsonElement> CompoundAsync(string gridCode) => await ChildAsync(gridCode, "Compound", GongzhiApp.Unique("小区"));

    public async Task<JsonElement> BuildingAsync(string parentCode, int floors = 6) =>
        await ChildAsync(parentCode, "Building", GongzhiApp.Unique("楼"), new { floors });

    public async Task<JsonElement> UnitAsync(string buildingCode, int floors = 6, int roomsPerFloor = 2) =>
        await ChildAsync(buildingCode, "Unit", GongzhiApp.Unique("单元"), new { floors, roomsPerFloor });

    public async Task<JsonElement> MerchantAsync(string areaCode) =>
        await PostAsync("/api/merchants", new { areaCode, name = GongzhiApp.Unique("商户"), category = "Retail", ownerName = "张三", address = "测试路1号" });

    public async Task<JsonElement> FacilityAsync(string areaCode) =>
        await PostAsync("/api/facilities", new { areaCode, kind = "Hydrant", name = GongzhiApp.Unique("消火栓") });

    /// <summary>A household (its view: id, areaCode, address …). Rooms come from one counter for the whole run: two
    /// random room numbers in one building collided now and then ("room 71 already has a household").</summary>
    public async Task<JsonElement> HouseholdAsync(string areaCode, int floor = 1, string? room = null) =>
        (await PostAsync($"/api/areas/{areaCode}/households", new { floor, room = room ?? Interlocked.Increment(ref _room).ToString() })).GetProperty("household");

    private static int _room = Random.Shared.Next(100, 5000);

    /// <summary>A resident with a valid ID number and a mobile phone, living in the household.</summary>
    public async Task<JsonElement> ResidentAsync(long householdId, string relation = "Householder") =>
        await PostAsync("/api/residents", new
        {
            householdId, name = "测试" + "甲乙丙丁戊己庚辛"[Random.Shared.Next(8)], relation, residencyType = "Registered",
            idNumber = TestWorkbook.IdNumber(new DateOnly(1950 + Random.Shared.Next(50), 1 + Random.Shared.Next(12), 1 + Random.Shared.Next(28)), Random.Shared.Next(2) == 0),
            phone = "13" + Random.Shared.Next(100000000, 999999999),
        });

    private async Task<JsonElement> ChildAsync(string parentCode, string level, string name, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = name, ["level"] = level };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[char.ToLowerInvariant(p.Name[0]) + p.Name[1..]] = p.GetValue(extra);
        return await PostAsync($"/api/areas/{parentCode}/children", body);
    }

    private async Task<JsonElement> PostAsync(string url, object body)
    {
        var community = await app.ClientFor("community");
        var response = await community.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Setting up {url} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
