using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Registry.Contracts;

namespace Gongzhi.Modules.Policies.Features.Reminders;

/// <summary>
/// The registry's change hook: a resident's birth date, status, tags, residency or household changed, so their
/// pending 双提醒 are recomputed at once (moved, closed, or sent) rather than at the next nightly run. System reach:
/// the policy's area may reach beyond the editor's subtree, and the due items belong to the grid worker. An import's
/// batch is recomputed as one set (a few queries per policy), not resident by resident.
/// </summary>
internal sealed class PolicyRemindersOnResidentChange(IServiceProvider services) : IResidentChanged
{
    public Task ResidentChangedAsync(ResidentChange change, CancellationToken ct) =>
        services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<PolicyReminders>(sp).RecomputeAsync(change.ResidentId, ct));

    public Task ResidentsChangedAsync(IReadOnlyList<ResidentChange> changes, CancellationToken ct) =>
        services.AsSystemAsync(sp => ActivatorUtilities.CreateInstance<PolicyReminders>(sp).RecomputeAsync(changes.Select(c => c.ResidentId).ToList(), ct));
}
