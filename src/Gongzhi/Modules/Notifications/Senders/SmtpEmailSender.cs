using Gongzhi.Modules.Notifications.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Gongzhi.Modules.Notifications.Senders;

/// <summary>E-mail over SMTP with MailKit. The Message-Id is derived from the delivery, so a receiving system can drop a repeat.</summary>
public sealed class SmtpEmailSender(IOptionsMonitor<SmtpOptions> options) : IChannelSender
{
    public DeliveryChannel Channel => DeliveryChannel.Email;
    public bool Idempotent => false; // SMTP servers do not deduplicate by Message-Id

    public string Describe() => $"SMTP {options.CurrentValue.Host}:{options.CurrentValue.Port}";

    public IReadOnlyList<string> SettingsProblems()
    {
        var o = options.CurrentValue;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Host) || Uri.CheckHostName(o.Host) == UriHostNameType.Unknown) problems.Add("Notifications:Email:Host is not a host name.");
        if (o.Port is < 1 or > 65535) problems.Add($"Notifications:Email:Port {o.Port} is not a port.");
        if (!Enum.TryParse<SecureSocketOptions>(o.Security, ignoreCase: true, out _))
            problems.Add($"Notifications:Email:Security '{o.Security}' is not None, StartTls, SslOnConnect or Auto.");
        if (!MailboxAddress.TryParse(o.From, out var from) || !from.Address.Contains('@')) problems.Add($"Notifications:Email:From '{o.From}' is not an e-mail address.");
        if (!string.IsNullOrEmpty(o.UserName) && string.IsNullOrEmpty(o.Password)) problems.Add("Notifications:Email:Password is missing for the user name given.");
        return problems;
    }

    public async Task<SendResult> SendAsync(ChannelMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Host)) return new SendResult(SendStatus.GiveUp, "Notifications:Email:Host is not set.");
        if (!Enum.TryParse<SecureSocketOptions>(o.Security, ignoreCase: true, out var security))
            return new SendResult(SendStatus.GiveUp, $"Notifications:Email:Security '{o.Security}' is not None, StartTls, SslOnConnect or Auto.");
        if (!MailboxAddress.TryParse(message.Address, out var to)) return new SendResult(SendStatus.GiveUp, "The address is not an e-mail address.");
        var mail = new MimeMessage
        {
            Subject = message.Title,
            Body = new TextPart("plain") { Text = message.Body + (message.Link is null ? "" : "\n\n" + message.Link) },
            MessageId = $"delivery-{message.DeliveryId}@gongzhi",
        };
        mail.From.Add(new MailboxAddress(o.FromName, o.From));
        mail.To.Add(to);
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(o.Host, o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            var answer = await client.SendAsync(mail, ct);
            await client.DisconnectAsync(true, ct);
            return SendResult.Ok(answer);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode is >= 500 and < 600 && ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
        {
            return new SendResult(SendStatus.GiveUp, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (SmtpCommandException ex)
        {
            return new SendResult(SendStatus.Retry, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (AuthenticationException ex)
        {
            return new SendResult(SendStatus.Retry, "Authentication failed: " + ex.Message);
        }
    }
}
