namespace Gongzhi.Modules.PointsBank.Contracts;

/// <summary>
/// Who holds a points account: a volunteer, by the volunteers module's id. The bank keeps its own copy of the name,
/// the area (whose bank node issues the holder's points) and the signed-in account, so it never reads the volunteers'
/// tables; a later earning with a changed name or area updates the copy.
/// </summary>
public sealed record PointsHolder(long VolunteerId, string Name, long AreaNodeId, string? UserId);

/// <summary>
/// Points earned for confirmed work (an activity's hours, a service order, a building leader's duty).
/// <paramref name="SourceKind"/>/<paramref name="SourceId"/> name the work for the passbook; the same
/// <paramref name="IdempotencyKey"/> posts once, whatever the other fields say the second time.
/// </summary>
public sealed record PointsEarning(
    PointsHolder Holder,
    int Points,
    string Reason,
    string SourceKind,
    string SourceId,
    string IdempotencyKey);

/// <summary>
/// The transaction that was posted (or the one posted before under the same key, <paramref name="Replayed"/>);
/// <paramref name="Points"/> is what was credited after the bank's rules (caps can make it less than asked, even 0).
/// </summary>
public sealed record PostedPoints(long TransactionId, int Points, long Balance, bool Replayed);

/// <summary>The public-welfare points bank as other modules see it: they earn points for volunteers and read balances.</summary>
public interface IPointsLedger
{
    /// <summary>
    /// Credits the holder from the issuing bank node of their area under the bank's earning rules (daily and yearly
    /// caps, bonuses), in a transaction of its own, opening the account on first use.
    /// </summary>
    Task<PostedPoints> EarnAsync(PointsEarning earning, CancellationToken ct);

    /// <summary>The volunteer's balance, or null when they have no account yet.</summary>
    Task<long?> BalanceAsync(long volunteerId, CancellationToken ct);
}
