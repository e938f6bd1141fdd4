using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Accounts.Contracts;
using Gongzhi.Modules.Notifications.Contracts;
using Gongzhi.Modules.Notifications.Domain;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Notifications.Features.Inbox;

public sealed record PreferenceView(string Kind, string Module, bool Sms, bool Email);

public sealed record PreferenceInput(bool Sms, bool Email);

/// <summary>The signed-in account's choice of which kinds also come by SMS or e-mail.</summary>
public sealed class Preferences(GongzhiDb db, CurrentUser user, IEnumerable<NotificationKind> kinds, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<PreferenceView>> ListAsync(CancellationToken ct)
    {
        var me = user.Id ?? throw AppProblem.NotFound(l["Not found."]);
        var saved = await db.NotificationPreferences.AsNoTracking().Where(p => p.UserId == me).ToDictionaryAsync(p => p.Kind, ct);
        return [.. kinds.OrderBy(k => k.Module).ThenBy(k => k.Code).Select(k =>
            new PreferenceView(k.Code, k.Module, saved.GetValueOrDefault(k.Code)?.Sms ?? false, saved.GetValueOrDefault(k.Code)?.Email ?? false))];
    }

    public async Task<PreferenceView> SaveAsync(string kind, PreferenceInput input, CancellationToken ct)
    {
        var me = user.Id ?? throw AppProblem.NotFound(l["Not found."]);
        var declared = kinds.FirstOrDefault(k => k.Code == kind) ?? throw AppProblem.NotFound(l["No such message kind."]);
        var pref = await db.NotificationPreferences.FirstOrDefaultAsync(p => p.UserId == me && p.Kind == kind, ct);
        if (pref is null) db.NotificationPreferences.Add(pref = new NotificationPreference { UserId = me, Kind = kind });
        (pref.Sms, pref.Email) = (input.Sms, input.Email);
        await db.SaveChangesAsync(ct);
        return new PreferenceView(kind, declared.Module, pref.Sms, pref.Email);
    }
}
