using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Audit.Contracts;
using Gongzhi.Modules.Care.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Care.Features.CheckIn;

/// <summary>A printed door card: the masked name, the token the QR code carries, the SMS reply code.</summary>
public sealed record DoorCard(long EntryId, string MaskedName, string Token, string? SmsReplyCode, DateTimeOffset IssuedAt);

/// <summary>What the public page <c>/c/{token}</c> shows: the masked name and whether today is marked.</summary>
public sealed record DoorCheckIn(string MaskedName, DateOnly Day, DateTimeOffset? MarkedAt);

/// <summary>
/// 窗帘之约 by the QR code on the elder's door: each enrolled entry has one live door token (random, ≈129 bits, stored
/// hashed and encrypted — see <see cref="CareDoorToken"/>), issued when staff first open the card, regenerated or
/// revoked by staff in scope (audited). A scan opens <c>/c/{token}</c>, where one tap marks "OK today" with channel
/// <see cref="CheckInChannel.DoorQr"/>: the token is the credential, so the scanner needs no account; the mark runs
/// with system reach. Unknown tokens answer 404, revoked ones 410, an elder no longer enrolled 409.
/// </summary>
public sealed class CareDoorCards(GongzhiDb db, PersonalDataProtector protector, AuditLog audit, CurrentUser user, IServiceProvider services, TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>The entry's card (issuing its token the first time), for an entry in reach that is enrolled in the check-in.</summary>
    public async Task<DoorCard> CardAsync(long entryId, CancellationToken ct)
    {
        var entry = await EnrolledAsync(entryId, ct);
        var token = await db.CareDoorTokens.FirstOrDefaultAsync(t => t.EntryId == entryId && t.RevokedAt == null, ct);
        string clear;
        if (token is null) (token, clear) = Issue(entry);
        else clear = protector.Decrypt(token.TokenCipher);
        await db.SaveChangesAsync(ct);
        return new DoorCard(entry.Id, CheckInPhones.MaskName(entry.ResidentName), clear, entry.SmsReplyCode, token.IssuedAt);
    }

    /// <summary>Revokes the live token (a lost or copied card) and issues a new one; the old card answers "replaced" at once.</summary>
    public async Task<DoorCard> RegenerateAsync(long entryId, CancellationToken ct)
    {
        var entry = await EnrolledAsync(entryId, ct);
        await RevokeLiveAsync(entry, ct);
        var (token, clear) = Issue(entry);
        await db.SaveChangesAsync(ct);
        return new DoorCard(entry.Id, CheckInPhones.MaskName(entry.ResidentName), clear, entry.SmsReplyCode, token.IssuedAt);
    }

    /// <summary>Revokes the live token without a new one (the elder asked for the card to be taken down).</summary>
    public async Task RevokeAsync(long entryId, CancellationToken ct)
    {
        var entry = await db.CareEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct) ?? throw NotInReach(entryId);
        if (!await RevokeLiveAsync(entry, ct)) throw AppProblem.Conflict(l["There is no door card to revoke."]);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The public page's view of a scanned token.</summary>
    public Task<DoorCheckIn> ViewAsync(string? token, CancellationToken ct) => services.AsSystemAsync(async sp =>
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        var entry = await ResolveAsync(db, token, ct);
        var today = BeijingTime.Today(clock);
        var mark = await db.CareCheckIns.AsNoTracking().Where(c => c.EntryId == entry.Id && c.Day == today).Select(c => (DateTimeOffset?)c.MarkedAt).FirstOrDefaultAsync(ct);
        return new DoorCheckIn(CheckInPhones.MaskName(entry.ResidentName), today, mark);
    });

    /// <summary>One tap on the door's page: "OK today" through the token, by whoever holds it (a signed-in name, else "door QR").</summary>
    public Task<DoorCheckIn> MarkAsync(string? token, CancellationToken ct)
    {
        var byName = user.IsAuthenticated ? user.DisplayName ?? user.UserName ?? "door QR" : "door QR";
        return services.AsSystemAsync(async sp =>
        {
            var entry = await ResolveAsync(sp.GetRequiredService<GongzhiDb>(), token, ct);
            var status = await sp.GetRequiredService<CareCheckIns>().MarkAsync(entry.Id, CheckInChannel.DoorQr, byName, ct);
            return new DoorCheckIn(CheckInPhones.MaskName(entry.ResidentName), BeijingTime.Today(clock), status.MarkedAt);
        });
    }

    private async Task<CareEntry> ResolveAsync(GongzhiDb scoped, string? token, CancellationToken ct)
    {
        if (!PrintedTokens.LooksLikeOne(token)) throw Unknown();
        var hash = PrintedTokens.Hash(token!);
        var row = await scoped.CareDoorTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct) ?? throw Unknown();
        if (row.RevokedAt is not null)
            throw new AppProblem(StatusCodes.Status410Gone, l["This check-in card has been replaced or withdrawn. Please ask your community for the new card."]);
        var entry = await scoped.CareEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == row.EntryId, ct) ?? throw Unknown();
        if (entry.CheckInWatchersJson is null) throw AppProblem.Conflict(l["This person is not enrolled in the daily check-in (窗帘之约) any more. Please contact your community."]);
        return entry;
    }

    private AppProblem Unknown() => AppProblem.NotFound(l["This check-in code is not valid. Please scan the card on the door again, or contact your community."]);

    private AppProblem NotInReach(long id) => AppProblem.NotFound(l["No care roster entry {0} is within your reach.", id]);

    private async Task<CareEntry> EnrolledAsync(long entryId, CancellationToken ct)
    {
        var entry = await db.CareEntries.FirstOrDefaultAsync(e => e.Id == entryId, ct) ?? throw NotInReach(entryId);
        if (entry.CheckInWatchersJson is null) throw AppProblem.Conflict(l["{0} is not enrolled in the daily check-in.", entry.ResidentName]);
        return entry;
    }

    private async Task<bool> RevokeLiveAsync(CareEntry entry, CancellationToken ct)
    {
        var live = await db.CareDoorTokens.Where(t => t.EntryId == entry.Id && t.RevokedAt == null).ToListAsync(ct);
        foreach (var old in live)
        {
            (old.RevokedAt, old.RevokedByName) = (clock.GetUtcNow(), Actor);
            audit.Record("care.door-revoke", "care-door-token", old.Id, $"entry: {entry.Id}", areaPath: old.AreaPath);
        }
        return live.Count > 0;
    }

    private string Actor => user.DisplayName ?? user.UserName ?? "system";

    private (CareDoorToken Row, string Token) Issue(CareEntry entry)
    {
        var token = PrintedTokens.New();
        var row = new CareDoorToken
        {
            EntryId = entry.Id, AreaPath = entry.AreaPath, TokenHash = PrintedTokens.Hash(token), TokenCipher = protector.Encrypt(token), IssuedAt = clock.GetUtcNow(), IssuedByName = Actor,
        };
        db.CareDoorTokens.Add(row);
        audit.RecordNew("care.door-issue", "care-door-token", row, $"entry: {entry.Id}");
        return (row, token);
    }
}
