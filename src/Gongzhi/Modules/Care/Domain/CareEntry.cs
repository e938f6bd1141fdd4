using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Gongzhi.Modules.Areas.Contracts;

namespace Gongzhi.Modules.Care.Domain;

/// <summary>Why a resident is under care (关爱对象类别).</summary>
public enum CareKind { LivingAlone = 1, EmptyNest = 2, Disabled = 3, LeftBehindChild = 4, Other = 9 }

/// <summary>An account that visits the resident (grid worker, volunteer, party-member household), as assigned.</summary>
public sealed record CareVisitor(string UserId, string UserName, string DisplayName);

/// <summary>An emergency contact: the phone only as ciphertext (PersonalDataProtector) and masked.</summary>
public sealed record CareContact(string Name, string Relation, string PhoneCipher, string PhoneMasked);

/// <summary>
/// A resident under care (关爱名册): why, how often they are owed a visit, who visits, whom to call. It hangs on the
/// resident's household's node, so the data scope keeps it inside the visitors' subtree. <see cref="NextDueOn"/> is
/// kept with every change and visit (last visit, or enrolment, plus the frequency) so lists filter on it in the database.
/// </summary>
[Display(Name = "Care roster")]
public sealed class CareEntry : IAreaScoped
{
    public long Id { get; set; }
    public long ResidentId { get; set; }
    public required string ResidentName { get; set; }
    public string? ResidentPhoneMasked { get; set; }
    public long HouseholdId { get; set; }
    public required string Address { get; set; }
    public long AreaNodeId { get; set; }
    public required string AreaPath { get; set; }
    public CareKind Kind { get; set; }
    public int FrequencyDays { get; set; }
    public required string VisitorsJson { get; set; }
    public required string ContactsJson { get; set; }
    public string? Note { get; set; }
    public DateOnly EnrolledOn { get; set; }
    public DateTimeOffset? LastVisitedAt { get; set; }
    public DateOnly NextDueOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>窗帘之约: the accounts told when no daily mark came (null: not enrolled in the daily check-in).</summary>
    public string? CheckInWatchersJson { get; set; }
    /// <summary>窗帘之约 by SMS: the short code an enrolled elder (or a listed checker) texts back; unique, random, issued at enrolment.</summary>
    public string? SmsReplyCode { get; set; }

    public IReadOnlyList<CareVisitor> CheckInWatchers => CheckInWatchersJson is null ? [] : FromJson<List<CareVisitor>>(CheckInWatchersJson);
    public IReadOnlyList<CareVisitor> Visitors => FromJson<List<CareVisitor>>(VisitorsJson);
    public IReadOnlyList<CareContact> Contacts => FromJson<List<CareContact>>(ContactsJson);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);
    public static T FromJson<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, Json) ?? new T();
}

/// <summary>The nine items of 三问三检三清: 敲门三问 (health, meals, family), 进门三检 (water, electricity, gas), 出门三清 (rubbish, clutter, passage).</summary>
public static class CareChecklist
{
    public static readonly string[] Items = ["health", "meals", "family", "water", "electricity", "gas", "rubbish", "clutter", "passage"];
}

/// <summary>One checklist item as found: ok, or a problem with a note.</summary>
public sealed record CheckResult(string Item, bool Ok, string? Note);

/// <summary>A visit (三三探访) to a resident on the roster: the checklist, free notes, and the request raised from a problem.</summary>
[Display(Name = "Care visits")]
public sealed class CareVisit : IAreaScoped
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string AreaPath { get; set; }
    public DateTimeOffset VisitedAt { get; set; }
    public string? VisitorUserId { get; set; }
    public required string VisitorName { get; set; }
    public required string ChecklistJson { get; set; }
    public int ProblemCount { get; set; }
    public string? Notes { get; set; }
    public string? RequestTrackingCode { get; set; }

    public IReadOnlyList<CheckResult> Checklist => CareEntry.FromJson<List<CheckResult>>(ChecklistJson);
}

/// <summary>How an "OK today" mark came: a tap in the staff app, the QR code on the elder's door, or an SMS reply code.</summary>
public enum CheckInChannel { App = 1, DoorQr = 2, Sms = 3 }

/// <summary>窗帘之约: one "OK today" mark for an enrolled resident (at most one per Beijing day).</summary>
[Display(Name = "Care check-ins")]
public sealed class CareCheckIn : IAreaScoped
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string AreaPath { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
    public required string MarkedByName { get; set; }
    public CheckInChannel Channel { get; set; } = CheckInChannel.App;
}

/// <summary>
/// The credential of the QR code on an enrolled elder's door (窗帘之约): a random token of ≈129 bits, kept as its
/// SHA-256 (lookup) and encrypted with the personal-data key (to print the card again), never in clear, so a database
/// reader cannot forge a working card. Revoked tokens stay so that scanning an old card says "replaced", not "unknown".
/// </summary>
[Display(Name = "Care door tokens")]
public sealed class CareDoorToken : IAreaScoped
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string AreaPath { get; set; }
    public required string TokenHash { get; set; }
    public required string TokenCipher { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string IssuedByName { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedByName { get; set; }
}

/// <summary>
/// A phone allowed to check an enrolled elder in by SMS reply code: the elder's own (copied from the registry at
/// enrolment) or a designated checker's. Encrypted, with the keyed lookup hash the inbound webhook matches on, and masked.
/// </summary>
[Display(Name = "Care check-in phones")]
public sealed class CareCheckInPhone : IAreaScoped
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string AreaPath { get; set; }
    public required string PhoneHash { get; set; }
    public required string PhoneCipher { get; set; }
    public required string PhoneMasked { get; set; }
}

/// <summary>
/// 窗帘之约: no mark came by the configured hour, so the designated people were told; closed with what was found.
/// At most one per resident and day.
/// </summary>
[Display(Name = "Care check-in alerts")]
public sealed class CareAlert : IAreaScoped
{
    public long Id { get; set; }
    public long EntryId { get; set; }
    public required string AreaPath { get; set; }
    public required string ResidentName { get; set; }
    public required string Address { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Finding { get; set; }
    public string? ClosedByName { get; set; }
}
