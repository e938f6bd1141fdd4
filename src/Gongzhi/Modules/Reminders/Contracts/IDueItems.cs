namespace Gongzhi.Modules.Reminders.Contracts;

/// <summary>What a due item is about (到期事项类别).</summary>
public enum DueKind
{
    FacilityInspection = 1,
    FireExtinguisher = 2,
    MerchantLicence = 3,
    HealthCertificate = 4,
    AllowanceVerification = 5,
    CareVisit = 6,
    RequestDeadline = 7,
    Other = 9,
}

/// <summary>
/// When reminders go out: <paramref name="DaysBefore"/> (e.g. 30, 7), on the due day itself, and every
/// <paramref name="OverdueEveryDays"/> days while overdue (0: not repeated). Overdue by
/// <paramref name="EscalateAfterDays"/> days (null: never) the owner's supervisor is told once.
/// </summary>
public sealed record ReminderRule(IReadOnlyList<int> DaysBefore, bool OnTheDay = true, int OverdueEveryDays = 0, int? EscalateAfterDays = null)
{
    public static readonly ReminderRule Default = new([30, 7], true, 7, 3);
}

/// <summary>
/// A due item as another module registers it: its <paramref name="SourceKey"/> (e.g. <c>care-visit:42</c>) names it
/// for later upserts and closing; the owner is an account (<paramref name="OwnerUserId"/>) or a role at the item's
/// area node (<paramref name="OwnerRole"/>; default the grid worker).
/// </summary>
public sealed record DueItemRegistration(string SourceKey, DueKind Kind, string Title, long AreaNodeId, DateOnly DueOn,
    ReminderRule? Rule = null, string? OwnerUserId = null, string? OwnerRole = null, string? Link = null);

/// <summary>
/// How modules hand their dates to the reminders module (到期提醒). Both calls only change tracked rows of the
/// caller's <c>GongzhiDb</c>: the item is registered or closed if and only if the caller's own save commits.
/// Registering the same source key again updates the item (idempotent upsert) and reopens a closed one.
/// </summary>
public interface IDueItems
{
    Task UpsertAsync(DueItemRegistration item, CancellationToken ct);

    /// <summary>Closes the item of the source key (stopping its reminders), or does nothing when there is none open.</summary>
    Task CloseAsync(string sourceKey, string note, CancellationToken ct);
}
