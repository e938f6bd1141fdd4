namespace Gongzhi.Modules.Care.Features.CheckIn;

/// <summary>
/// 窗帘之约 enrolment: the user names of the people told when no mark comes (none: the resident leaves the check-in),
/// and the phones that may check in by SMS reply code besides the elder's own (null: keep those listed).
/// </summary>
public sealed record CheckInEnrolment(IReadOnlyList<string>? Watchers, IReadOnlyList<string>? Phones = null);

/// <summary>How an enrolled resident stands today: marked (when, by whom) or not, and today's open alert if any.</summary>
public sealed record CheckInStatus(long EntryId, string ResidentName, string Address, IReadOnlyList<string> Watchers, DateTimeOffset? MarkedAt, string? MarkedByName,
    long? OpenAlertId, Domain.CheckInChannel? MarkedBy = null, string? SmsReplyCode = null);

public sealed record AlertView(long Id, long EntryId, string ResidentName, string Address, DateOnly Day, DateTimeOffset RaisedAt, DateTimeOffset? ClosedAt,
    string? Finding, string? ClosedByName);

/// <summary>Closing an alert: what was found (required).</summary>
public sealed record CloseAlert(string? Finding);

/// <summary>A door card over the API: the URL the QR code carries (this site's /c/{token}).</summary>
public sealed record DoorCardView(long EntryId, string MaskedName, string Token, string Url, string? SmsReplyCode, DateTimeOffset IssuedAt)
{
    public static DoorCardView Of(DoorCard card, HttpRequest request) =>
        new(card.EntryId, card.MaskedName, card.Token, $"{request.Scheme}://{request.Host}/c/{card.Token}", card.SmsReplyCode, card.IssuedAt);
}

/// <summary>An entry's part in the check-in: enrolled, its SMS reply code, the masked phones that may text it.</summary>
public sealed record CheckInSetup(bool Enrolled, string? SmsReplyCode, IReadOnlyList<string> Phones);
