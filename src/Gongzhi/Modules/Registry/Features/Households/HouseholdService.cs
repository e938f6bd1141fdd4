using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Registry.Features.Households;

public sealed record HouseholdView(long Id, string AreaCode, string Address, int? Floor, string? Room, string? Note, int Members, bool IsRetired, Tenure Tenure);

public sealed record MemberView(long Id, string Name, Sex Sex, DateOnly BirthDate, HouseholdRelation Relation, ResidencyType ResidencyType,
    string IdNumber, string? Phone);

public sealed record HouseholdDetail(HouseholdView Household, string AreaName, IReadOnlyList<MemberView> Members);

public sealed record SaveHousehold(int? Floor, string? Room, string? Address, string? Note, Tenure? Tenure = null);

public sealed record MoveHousehold(string? AreaCode);

/// <summary>Households on the area tree: register, edit, move, retire. Residents and their details are the registry's next step.</summary>
public sealed class HouseholdService(
    GongzhiDb db, IAreaDirectory areas, AuditLog audit, CurrentUser user, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<PagedList<HouseholdView>> ListUnderAsync(string areaCode, bool includeRetired, int page, int pageSize, CancellationToken ct)
    {
        var node = await NodeAsync(areaCode, ct);
        var query = db.Households.AsNoTracking().Under(h => h.AreaPath, node.Path);
        if (!includeRetired) query = query.Where(h => h.RetiredAt == null);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(h => h.AreaPath).ThenBy(h => h.Floor).ThenBy(h => h.Room)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(h => new { h, Members = db.Residents.Count(r => r.HouseholdId == h.Id) })
            .ToListAsync(ct);
        var codes = (await areas.NamesAsync(rows.Select(x => x.h.AreaNodeId).Distinct().ToList(), ct)).ToDictionary(a => a.Id, a => a.Code);
        return new PagedList<HouseholdView>(rows.Select(x => View(x.h, codes.GetValueOrDefault(x.h.AreaNodeId, ""), x.Members)).ToList(), total);
    }

    public async Task<HouseholdDetail> GetAsync(long id, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id, ct)
                        ?? throw AppProblem.NotFound(l["No household {0} is within your reach.", id]);
        var area = (await areas.NamesAsync([household.AreaNodeId], ct)).Single();
        var members = await db.Residents.AsNoTracking().Where(r => r.HouseholdId == id).OrderBy(r => r.Relation).ThenBy(r => r.BirthDate)
            .Select(r => new MemberView(r.Id, r.Name, r.Sex, r.BirthDate, r.Relation, r.ResidencyType, r.IdNumberMasked, r.PhoneMasked))
            .ToListAsync(ct);
        return new HouseholdDetail(View(household, area.Code, members.Count), area.Name, members);
    }

    public async Task<Household> CreateAsync(string areaCode, SaveHousehold input, CancellationToken ct)
    {
        EnsureManager();
        var node = await NodeAsync(areaCode, ct);
        if (!AreaLevels.CanHoldHouseholds(node.Level))
            throw AppProblem.Invalid("areaCode", l["Households are registered at a unit, a building or a grid."]);
        if (node.IsRetired) throw AppProblem.Conflict(l["{0} is retired and takes no new children.", node.Name]);
        var (address, room) = await ValidateAsync(node, input, null, ct);
        var now = clock.GetUtcNow();
        var household = new Household
        {
            AreaNodeId = node.Id, AreaPath = node.Path, Floor = input.Floor, Room = room, Address = address,
            Note = input.Note?.Trim(), Tenure = input.Tenure ?? Tenure.OwnerOccupied, CreatedAt = now, UpdatedAt = now,
        };
        db.Households.Add(household);
        audit.RecordNew("household.create", "household", household, address);
        await db.SaveChangesAsync(ct);
        return household;
    }

    public async Task<Household> UpdateAsync(long id, SaveHousehold input, CancellationToken ct)
    {
        EnsureManager();
        var household = await TrackedAsync(id, ct);
        var node = (await areas.NamesAsync([household.AreaNodeId], ct)).Single();
        var (address, room) = await ValidateAsync(node, input, id, ct);
        audit.Record("household.update", "household", id, AuditLog.Join(
            AuditLog.Change("address", household.Address, address), AuditLog.Change("floor", household.Floor, input.Floor),
            AuditLog.Change("room", household.Room, room), AuditLog.Change("note", household.Note, input.Note?.Trim()),
            AuditLog.Change("tenure", household.Tenure, input.Tenure ?? household.Tenure)), areaPath: household.AreaPath);
        household.Tenure = input.Tenure ?? household.Tenure;
        household.Address = address;
        household.Floor = input.Floor;
        household.Room = room;
        household.Note = input.Note?.Trim();
        household.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return household;
    }

    public async Task<Household> MoveAsync(long id, MoveHousehold input, CancellationToken ct)
    {
        EnsureManager();
        if (string.IsNullOrWhiteSpace(input.AreaCode)) throw AppProblem.Invalid("areaCode", l["Choose the new parent."]);
        var household = await TrackedAsync(id, ct);
        var target = await NodeAsync(input.AreaCode.Trim(), ct);
        if (!AreaLevels.CanHoldHouseholds(target.Level))
            throw AppProblem.Invalid("areaCode", l["Households are registered at a unit, a building or a grid."]);
        if (target.IsRetired) throw AppProblem.Conflict(l["{0} is retired and takes no new children.", target.Name]);
        await EnsureRoomFreeAsync(target.Id, household.Room, id, ct);
        var oldPath = household.AreaPath;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        household.AreaNodeId = target.Id;
        household.AreaPath = target.Path;
        household.UpdatedAt = clock.GetUtcNow();
        await db.Residents.Where(r => r.HouseholdId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AreaPath, target.Path), ct);
        audit.Record("household.move", "household", id, $"area: {oldPath} → {target.Path}", areaPath: target.Path);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return household;
    }

    public async Task<Household> SetRetiredAsync(long id, bool retired, CancellationToken ct)
    {
        EnsureManager();
        var household = await TrackedAsync(id, ct);
        if (retired == household.RetiredAt is not null) return household;
        household.RetiredAt = retired ? clock.GetUtcNow() : null;
        household.UpdatedAt = clock.GetUtcNow();
        audit.Record(retired ? "household.retire" : "household.restore", "household", id, areaPath: household.AreaPath);
        await db.SaveChangesAsync(ct);
        return household;
    }

    private void EnsureManager()
    {
        if (!user.CanManageHouseholds) throw AppProblem.Forbidden(l["You do not have permission to do this."]);
    }

    private async Task<Household> TrackedAsync(long id, CancellationToken ct) =>
        await db.Households.FirstOrDefaultAsync(h => h.Id == id, ct)
        ?? throw AppProblem.NotFound(l["No household {0} is within your reach.", id]);

    private async Task<(string Address, string? Room)> ValidateAsync(AreaRef node, SaveHousehold input, long? exceptId, CancellationToken ct)
    {
        var v = new Validation();
        var room = string.IsNullOrWhiteSpace(input.Room) ? null : input.Room.Trim().ToUpperInvariant(); // 3a01 and 3A01 are one flat
        v.Require(room is null || room.Length <= 20, "room", l["The room is at most {0} characters.", 20]);
        if (input.Floor is { } floor)
            v.Require(floor >= -5 && floor <= (node.Floors ?? 200) && floor != 0, "floor", l["The floor must be between -5 and {0}, and not 0.", node.Floors ?? 200]);
        var address = input.Address?.Trim();
        if (string.IsNullOrEmpty(address))
        {
            v.Require(room is not null, "address", l["Enter an address, or a room so the address can be made from the building."]);
            address = room is null ? "" : await ComposeAddressAsync(node, room, ct);
        }
        v.Require(address.Length <= 200, "address", l["The address is at most {0} characters.", 200]);
        v.ThrowIfInvalid();
        await EnsureRoomFreeAsync(node.Id, room, exceptId, ct);
        return (address, room);
    }

    private async Task EnsureRoomFreeAsync(long nodeId, string? room, long? exceptId, CancellationToken ct)
    {
        if (room is null) return;
        if (await db.Households.IgnoreQueryFilters().AnyAsync(h => h.AreaNodeId == nodeId && h.Room == room && h.RetiredAt == null && h.Id != exceptId, ct))
            throw new AppProblem(409, l["Room {0} already has a household here.", room],
                new Dictionary<string, string[]> { ["room"] = [l["Room {0} already has a household here.", room]] });
    }

    /// <summary>玉苑小区 + 12号楼 + 2单元 + 301室: the names of the compound, building and unit above the household.</summary>
    private async Task<string> ComposeAddressAsync(AreaRef node, string room, CancellationToken ct)
    {
        var names = (await areas.LineageAsync(node.Path, ct)).Where(n => n.Level >= AreaLevel.Compound).Select(n => n.Name);
        return string.Concat(names) + room + (room.All(char.IsAsciiDigit) ? "室" : "");
    }

    private async Task<AreaRef> NodeAsync(string code, CancellationToken ct) =>
        await areas.FindAsync(code, ct) ?? throw AppProblem.NotFound(l["No area node with code {0} is within your reach.", code]);

    private static HouseholdView View(Household h, string areaCode, int members) =>
        new(h.Id, areaCode, h.Address, h.Floor, h.Room, h.Note, members, h.RetiredAt is not null, h.Tenure);
}
