using System.Text.Json;
using Gongzhi.Infrastructure.Security;
using Gongzhi.Modules.Notifications.Domain;

namespace Gongzhi.Modules.Notifications.Senders;

/// <summary>
/// The default SMS and e-mail sender: nothing leaves the machine. Each message is logged (address masked) and
/// appended as one JSON line to <c>Notifications:DevelopmentOutbox</c> (default <c>data/outbox-{channel}.jsonl</c>).
/// </summary>
public sealed class DevelopmentSender(DeliveryChannel channel, string file, TimeProvider clock, ILogger logger) : IChannelSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public DeliveryChannel Channel => channel;
    public bool Idempotent => true; // appending the same delivery id twice is harmless to read back

    public string Describe() => $"Development file {Path.GetFileName(file)} (nothing leaves the machine)";

    public async Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var masked = channel == DeliveryChannel.Sms ? Masking.Phone(message.Address) : message.Address.Length > 0 ? message.Address[0] + "***" : "";
        logger.LogInformation("Development {Channel} to {Address}: {Title}", channel, masked, message.Title);
        var line = JsonSerializer.Serialize(new { at = clock.GetUtcNow(), channel = channel.ToString(), deliveryId = message.DeliveryId, to = masked, message.Title, message.Body, message.Link });
        await Gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.AppendAllTextAsync(file, line + "\n", ct);
        }
        finally { Gate.Release(); }
        return SendResult.Ok("written to " + Path.GetFileName(file));
    }
}
