namespace Gongzhi.Modules.Notices.Domain;

/// <summary>
/// A file attached to a notice (PDF, image, Office document), kept in the database beside its notice so a backup
/// restores it with the notice. The public page links it by <see cref="Token"/>, a random 128-bit value: knowing a
/// notice's id does not reveal its files.
/// </summary>
public sealed class NoticeAttachment
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public required string Token { get; set; }
    public required string FileName { get; set; }
    /// <summary>Decided from the extension and confirmed by the content's magic bytes, never taken from the upload.</summary>
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
