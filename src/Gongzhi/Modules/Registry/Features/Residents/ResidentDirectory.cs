using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Registry.Domain;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Modules.Registry.Features.Residents;

/// <summary><see cref="IResidentDirectory"/> over the registry's residents and households, filtered by the caller's scope.</summary>
internal sealed class ResidentDirectory(GongzhiDb db, PersonalDataProtector protector, TimeProvider clock) : IResidentDirectory
{
    /// <summary>Current residents (active, in a household that is not retired) matching <paramref name="filter"/>, filtered before projecting.</summary>
    private IQueryable<ResidentRef> Current(System.Linq.Expressions.Expression<Func<Resident, bool>> filter) =>
        from r in db.Residents.AsNoTracking().Where(filter)
        where r.Status == ResidentStatus.Active && r.HouseholdId != null
        join h in db.Households.AsNoTracking() on r.HouseholdId equals h.Id
        where h.RetiredAt == null
        orderby r.Name, r.Id
        select new ResidentRef(r.Id, r.Name, r.PhoneMasked, h.Id, h.AreaNodeId, h.AreaPath, h.Address);

    public async Task<ResidentRef?> FindAsync(long id, CancellationToken ct) =>
        await Current(r => r.Id == id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<ResidentRef>> SearchAsync(string name, int take, CancellationToken ct)
    {
        var text = name.Trim();
        if (text.Length == 0) return [];
        return await Current(r => r.Name.Contains(text)).Take(Math.Clamp(take, 1, 50)).ToListAsync(ct);
    }

    public async Task<string?> PhoneForMessagesAsync(long id, CancellationToken ct)
    {
        var cipher = await db.Residents.AsNoTracking().Where(r => r.Id == id && r.Status == ResidentStatus.Active)
            .Select(r => r.PhoneCipher).FirstOrDefaultAsync(ct);
        return cipher is null ? null : protector.Decrypt(cipher);
    }

    public async Task<string?> HouseholdContactPhoneForMessagesAsync(long id, CancellationToken ct)
    {
        var household = await Current(r => r.Id == id).Select(r => (long?)r.HouseholdId).FirstOrDefaultAsync(ct);
        if (household is null) return null;
        // Adults only (18 on today's UTC date is close enough for choosing whom to text); the householder first.
        var adultBornBy = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(-18);
        var cipher = await db.Residents.AsNoTracking()
            .Where(r => r.HouseholdId == household && r.Id != id && r.Status == ResidentStatus.Active && r.PhoneCipher != null && r.BirthDate <= adultBornBy)
            .OrderBy(r => r.Relation == HouseholdRelation.Householder ? 0 : 1).ThenBy(r => r.BirthDate).ThenBy(r => r.Id)
            .Select(r => r.PhoneCipher).FirstOrDefaultAsync(ct);
        return cipher is null ? null : protector.Decrypt(cipher);
    }
}
