namespace Gongzhi.Modules.Registry.Contracts;

/// <summary>What changed about a resident, as far as other modules' eligibility can depend on it.</summary>
[Flags]
public enum ResidentChangeKind
{
    None = 0,
    /// <summary>Birth date (the ID number), sex, residency type, disability grade, name or phone: an edit of the record.</summary>
    Details = 1,
    Tags = 2,
    /// <summary>Moved to another household (and so perhaps another area node).</summary>
    Household = 4,
    /// <summary>No longer current: moved out of the area or deceased.</summary>
    Ended = 8,
}

/// <summary>A resident of the registry changed (<paramref name="ResidentId"/>), and how.</summary>
public sealed record ResidentChange(long ResidentId, ResidentChangeKind Kinds);

/// <summary>
/// Told by the registry right after a change to a resident has committed (edit, tags, move, moving out, death, a batch
/// of the .xlsx import), so that other modules can bring what they derived from the registry up to date at once — e.g. the policies' pending
/// 双提醒 — without reading the registry's tables. Implementations are registered as scoped services
/// (<c>services.AddScoped&lt;IResidentChanged, …&gt;()</c>), run one after another in the caller's request, and should set
/// their own reach (<c>AsSystemAsync</c>) and save on their own: the registry's change is already committed, and a
/// handler's failure is logged and does not undo it (the module's nightly work is the safety net).
/// </summary>
public interface IResidentChanged
{
    Task ResidentChangedAsync(ResidentChange change, CancellationToken ct);

    /// <summary>
    /// Many residents changed in one commit (a batch of the .xlsx import, up to a thousand). The default tells them
    /// one by one; a listener whose work is per-query should override it and do the batch in a few set-based queries,
    /// so that an import of 10,000 rows does not take 10,000 times one resident's work.
    /// </summary>
    async Task ResidentsChangedAsync(IReadOnlyList<ResidentChange> changes, CancellationToken ct)
    {
        foreach (var change in changes) await ResidentChangedAsync(change, ct);
    }
}
