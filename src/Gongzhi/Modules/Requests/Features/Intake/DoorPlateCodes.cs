using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Areas.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Registry.Contracts;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace Gongzhi.Modules.Requests.Features.Intake;

/// <summary>One printed code: the household, its address and the token the QR code carries.</summary>
public sealed record DoorPlate(long HouseholdId, string Address, string Token, DateTimeOffset IssuedAt);

public sealed record DoorPlateSheet(long BuildingId, string BuildingName, IReadOnlyList<DoorPlate> Plates);

/// <summary>
/// Door-plate codes (数字门牌码): issued on first print, printed again unchanged, revoked and reissued per household
/// (audited), and resolved from a scanned token to the household it names. See <see cref="HouseholdCode"/> for why the
/// token is random and stored hashed and encrypted.
/// </summary>
public sealed class DoorPlateCodes(
    GongzhiDb db, IAreaDirectory areas, IHouseholdDirectory households, PersonalDataProtector protector, AuditLog audit,
    CurrentUser user, IServiceProvider services, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>Every household of a building with its current code (issuing the missing ones), for the print page.</summary>
    public async Task<DoorPlateSheet> SheetAsync(long buildingId, CancellationToken ct)
    {
        var building = (await areas.NamesAsync([buildingId], ct)).FirstOrDefault();
        // NamesAsync ignores scope; the lookup by code goes through it, so a building out of reach is "not found".
        if (building is null || building.Level != AreaLevel.Building || await areas.FindAsync(building.Code, ct) is null)
            throw AppProblem.NotFound(l["No building {0} is within your reach.", buildingId]);
        var list = await households.UnderAsync(building.Path, ct);
        var ids = list.Select(h => h.Id).ToList();
        var codes = await db.HouseholdCodes.Where(c => ids.Contains(c.HouseholdId) && c.RevokedAt == null).ToDictionaryAsync(c => c.HouseholdId, ct);
        var plates = new List<DoorPlate>();
        foreach (var h in list)
        {
            if (!codes.TryGetValue(h.Id, out var code)) codes[h.Id] = code = Issue(h, out _);
            plates.Add(new DoorPlate(h.Id, h.Address, protector.Decrypt(code.TokenCipher), code.IssuedAt));
        }
        await db.SaveChangesAsync(ct);
        return new DoorPlateSheet(building.Id, building.Name, plates);
    }

    /// <summary>Revokes the household's code (a lost or abused plate) and issues a new one; the old token stops working at once.</summary>
    public async Task<DoorPlate> ReissueAsync(long householdId, CancellationToken ct)
    {
        var household = await households.FindAsync(householdId, ct);
        if (household is null || household.IsRetired) throw AppProblem.NotFound(l["No household {0} is within your reach.", householdId]);
        var now = clock.GetUtcNow();
        foreach (var old in await db.HouseholdCodes.Where(c => c.HouseholdId == householdId && c.RevokedAt == null).ToListAsync(ct))
        {
            old.RevokedAt = now;
            old.RevokedByName = Actor;
            audit.Record("door-plate.revoke", "household-code", old.Id, $"household: {householdId}", areaPath: old.AreaPath);
        }
        var code = Issue(household, out var token);
        await db.SaveChangesAsync(ct);
        return new DoorPlate(householdId, household.Address, token, code.IssuedAt);
    }

    /// <summary>The household a scanned token names, seen with system reach (the scanner has no account). Forged: 404; revoked: 410.</summary>
    public async Task<(HouseholdCode Code, HouseholdRef Household)> ResolveAsync(string? token, CancellationToken ct)
    {
        if (!PrintedTokens.LooksLikeOne(token)) throw NotValid();
        var hash = PrintedTokens.Hash(token!);
        var code = await db.HouseholdCodes.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.TokenHash == hash, ct) ?? throw NotValid();
        if (code.RevokedAt is not null)
            throw new AppProblem(StatusCodes.Status410Gone, l["This door-plate code has been replaced. Please scan the new code on the door, or contact your community."]);
        var household = await services.AsSystemAsync(sp => sp.GetRequiredService<IHouseholdDirectory>().FindAsync(code.HouseholdId, ct));
        if (household is null || household.IsRetired) throw NotValid();
        return (code, household);
    }

    private AppProblem NotValid() => AppProblem.NotFound(l["This door-plate code is not valid. Please scan the code on the door again, or contact your community."]);

    private string Actor => user.DisplayName ?? user.UserName ?? "system";

    private HouseholdCode Issue(HouseholdRef h, out string token)
    {
        token = PrintedTokens.New();
        var code = new HouseholdCode
        {
            HouseholdId = h.Id, AreaNodeId = h.AreaNodeId, AreaPath = h.AreaPath, TokenHash = PrintedTokens.Hash(token),
            TokenCipher = protector.Encrypt(token), IssuedAt = clock.GetUtcNow(), IssuedByName = Actor,
        };
        db.HouseholdCodes.Add(code);
        audit.RecordNew("door-plate.issue", "household-code", code, $"household: {h.Id}");
        return code;
    }

    /// <summary>The QR code as PNG (QRCoder, pure managed code): the print page embeds it, and a test reads it back with zbarimg.</summary>
    public static byte[] Png(string url, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
