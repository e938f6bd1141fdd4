using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Buildings;

public sealed record RoomView(int Floor, string Room, long? HouseholdId, int Members, IReadOnlyList<string> Marks);

public sealed record FloorView(int Floor, IReadOnlyList<RoomView> Rooms);

public sealed record UnitView(long Id, string Code, string Name, IReadOnlyList<FloorView> Floors);

public sealed record LegendItem(string Mark, string Label);

public sealed record BuildingLayoutView(long Id, string Code, string Name, int Floors, IReadOnlyList<UnitView> Units, IReadOnlyList<RoomView> Unplaced, IReadOnlyList<LegendItem> Legend);

/// <summary>
/// "一眼观全楼": a building drawn as floors × rooms per unit, each flat marked by what its household holds.
/// Marks, by priority: elderly living alone, disabled, party member, low income, floating population, rented, vacant.
/// </summary>
public sealed class BuildingLayout(GongzhiDb db, IAreaDirectory areas, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public static readonly string[] Marks = ["elderly-alone", "elderly-80", "disabled", "party-member", "low-income", "floating", "rented", "vacant"];

    public IReadOnlyList<LegendItem> Legend() =>
    [
        new("elderly-alone", l["Elderly living alone"]), new("elderly-80", l["Aged 80 or over"]), new("disabled", l["Disabled"]),
        new("party-member", l["Party member"]), new("low-income", l["Low income or minimum living allowance"]),
        new("floating", l["Floating population"]), new("rented", l["Rented"]), new("vacant", l["Vacant"]),
    ];

    public async Task<BuildingLayoutView> GetAsync(long buildingId, CancellationToken ct)
    {
        var building = (await areas.NamesAsync([buildingId], ct)).FirstOrDefault();
        // NamesAsync ignores scope; the lookup by code goes through it, so a building out of reach is "not found".
        if (building is null || building.Level != AreaLevel.Building || await areas.FindAsync(building.Code, ct) is null)
            throw AppProblem.NotFound(l["No building {0} is within your reach.", buildingId]);
        var households = await db.Households.AsNoTracking().Under(h => h.AreaPath, building.Path).Where(h => h.RetiredAt == null).ToListAsync(ct);
        var ids = households.Select(h => h.Id).ToList();
        var members = (await db.Residents.AsNoTracking().Where(r => r.HouseholdId != null && ids.Contains(r.HouseholdId.Value) && r.Status == ResidentStatus.Active)
            .Select(r => new { r.HouseholdId, r.SystemTagBits, r.BirthDate, r.ResidencyType }).ToListAsync(ct)).ToLookup(r => r.HouseholdId!.Value);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var elderly = today.AddYears(-60);
        var old = today.AddYears(-80);

        IReadOnlyList<string> MarksOf(Household h)
        {
            var people = members[h.Id].ToList();
            var marks = new List<string>();
            bool Any(SystemTags.Tag tag) => people.Any(p => (p.SystemTagBits & SystemTags.Mask(tag)) != 0);
            if (people.Count == 1 && people[0].BirthDate <= elderly || Any(SystemTags.LivingAlone) && people.Any(p => p.BirthDate <= elderly)) marks.Add("elderly-alone");
            if (people.Any(p => p.BirthDate <= old)) marks.Add("elderly-80");
            if (Any(SystemTags.Disabled)) marks.Add("disabled");
            if (Any(SystemTags.PartyMember)) marks.Add("party-member");
            if (Any(SystemTags.LowIncome) || Any(SystemTags.MinimumLiving)) marks.Add("low-income");
            if (people.Any(p => p.ResidencyType == ResidencyType.Floating)) marks.Add("floating");
            if (h.Tenure == Tenure.Rented) marks.Add("rented");
            if (people.Count == 0 || h.Tenure == Tenure.Vacant) marks.Add("vacant");
            return marks;
        }

        var units = (await areas.ChildrenAsync(building.Id, ct)).Where(u => u.Level == AreaLevel.Unit && !u.IsRetired).OrderBy(u => u.Code).ToList();
        var placed = new HashSet<long>();
        var unitViews = new List<UnitView>();
        foreach (var unit in units.Count > 0 ? units : [building])
        {
            var own = households.Where(h => h.AreaNodeId == unit.Id).ToList();
            var floors = unit.Floors ?? building.Floors ?? own.Select(h => h.Floor ?? 1).DefaultIfEmpty(1).Max();
            var perFloor = unit.RoomsPerFloor ?? Math.Max(1, own.GroupBy(h => h.Floor).Select(g => g.Count()).DefaultIfEmpty(1).Max());
            var floorViews = new List<FloorView>();
            for (var floor = floors; floor >= 1; floor--)
            {
                var rooms = new List<RoomView>();
                for (var k = 1; k <= perFloor; k++)
                {
                    var room = $"{floor}{k:00}";
                    var h = own.FirstOrDefault(x => x.Room == room);
                    if (h is not null) placed.Add(h.Id);
                    rooms.Add(h is null ? new RoomView(floor, room, null, 0, ["vacant"]) : new RoomView(floor, room, h.Id, members[h.Id].Count(), MarksOf(h)));
                }
                floorViews.Add(new FloorView(floor, rooms));
            }
            unitViews.Add(new UnitView(unit.Id, unit.Code, unit.Name, floorViews));
        }
        var unplaced = households.Where(h => !placed.Contains(h.Id))
            .Select(h => new RoomView(h.Floor ?? 0, h.Room ?? h.Address, h.Id, members[h.Id].Count(), MarksOf(h))).ToList();
        return new BuildingLayoutView(building.Id, building.Code, building.Name, building.Floors ?? unitViews.Select(u => u.Floors.Count).DefaultIfEmpty(0).Max(), unitViews, unplaced, Legend());
    }
}
