using System.Globalization;
using Gongzhi.Modules.Notices.Domain;

namespace Gongzhi.Modules.Notices.Features.Publishing;

/// <summary>
/// The write-a-notice page's fields as a browser posts them (one area from the picker plus more codes typed,
/// comma-separated tags, a Beijing-time datetime-local), turned into the API's <see cref="WriteNotice"/>.
/// </summary>
public sealed class NoticeForm
{
    public string? Title { get; set; }
    public string? Body { get; set; }
    public NoticeUrgency? Urgency { get; set; }
    public string? AreaCode { get; set; }
    public string? MoreAreaCodes { get; set; }
    public string? Tags { get; set; }
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public bool InApp { get; set; }
    public bool Sms { get; set; }
    public bool WeCom { get; set; }
    public bool Email { get; set; }
    /// <summary>yyyy-MM-ddTHH:mm in Beijing time; empty: now.</summary>
    public string? PublishAt { get; set; }
    /// <summary>"preview" counts the audience; anything else publishes.</summary>
    public string? Action { get; set; }

    private static readonly char[] Separators = [',', '，', '、', ' ', ';', '；'];

    public WriteNotice ToWriteNotice() => new()
    {
        Title = Title, Body = Body, Urgency = Urgency, MinAge = MinAge, MaxAge = MaxAge,
        AreaCodes = [.. new[] { AreaCode ?? "" }.Concat((MoreAreaCodes ?? "").Split(Separators)).Select(c => c.Trim()).Where(c => c.Length > 0)],
        Tags = [.. (Tags ?? "").Split(Separators).Select(t => t.Trim()).Where(t => t.Length > 0)],
        Channels = [.. new[] { (InApp, "InApp"), (Sms, "Sms"), (WeCom, "WeCom"), (Email, "Email") }.Where(c => c.Item1).Select(c => c.Item2)],
        PublishAt = DateTime.TryParseExact(PublishAt, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, Gongzhi.Infrastructure.BeijingTime.Offset) : null,
    };
}
