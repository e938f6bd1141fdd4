using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Gongzhi.Modules.Assistant.Domain;
using Gongzhi.Modules.Assistant.Features.Questions;
using Gongzhi.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Gongzhi.Modules.Assistant.Features.WeCom;

/// <summary>Settings under <c>Assistant:WeCom</c>: the self-built application's callback Token, EncodingAESKey and corp id.</summary>
public sealed class WeComOptions
{
    public string? Token { get; set; }
    public string? EncodingAESKey { get; set; }
    public string? CorpId { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Token) && EncodingAESKey is { Length: 43 } && !string.IsNullOrWhiteSpace(CorpId);
}

/// <summary>The outcome of a callback: <see cref="Body"/> to send with 200, or refused (bad signature or message).</summary>
public sealed record WeComOutcome(bool Accepted, string Body);

/// <summary>
/// A WeCom self-built application's message callback: URL verification (GET: check the signature over the echo
/// string, answer it decrypted) and message receive (POST: check the signature, decrypt, answer a text message with
/// the assistant's answers as an encrypted passive reply). A signature that does not match is refused before anything
/// is decrypted or stored.
/// </summary>
public sealed class WeComCallback(IOptionsMonitor<WeComOptions> options, AssistantService assistant, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public bool Enabled => options.CurrentValue.Enabled;

    private WeComCrypto Crypto()
    {
        var o = options.CurrentValue;
        return new WeComCrypto(o.Token!, o.EncodingAESKey!, o.CorpId!);
    }

    public WeComOutcome Verify(string? signature, string? timestamp, string? nonce, string? echo)
    {
        var crypto = Crypto();
        if (!crypto.Verify(signature, timestamp, nonce, echo)) return new(false, "");
        try { return new(true, crypto.Decrypt(echo!)); }
        catch (Exception e) when (e is CryptographicException or FormatException) { return new(false, ""); }
    }

    public async Task<WeComOutcome> ReceiveAsync(string? signature, string? timestamp, string? nonce, string body, string baseUrl, CancellationToken ct)
    {
        var crypto = Crypto();
        string? encrypted;
        try { encrypted = Parse(body).Element("Encrypt")?.Value; }
        catch (XmlException) { return new(false, ""); }
        if (!crypto.Verify(signature, timestamp, nonce, encrypted)) return new(false, "");
        XElement message;
        try { message = Parse(crypto.Decrypt(encrypted!)); }
        catch (Exception e) when (e is CryptographicException or FormatException or XmlException) { return new(false, ""); }
        if (message.Element("MsgType")?.Value != "text" || message.Element("Content")?.Value is not { Length: > 0 } content)
            return new(true, ""); // events and pictures need no reply: WeCom takes an empty 200
        var text = content.Length > 500 ? content[..500] : content;
        var answer = await assistant.AskAsync(text, QuestionChannel.WeCom, ct);
        var reply = new XElement("xml",
            new XElement("ToUserName", new XCData(message.Element("FromUserName")?.Value ?? "")),
            new XElement("FromUserName", new XCData(message.Element("ToUserName")?.Value ?? options.CurrentValue.CorpId!)),
            new XElement("CreateTime", clock.GetUtcNow().ToUnixTimeSeconds()),
            new XElement("MsgType", new XCData("text")),
            new XElement("Content", new XCData(ReplyText(answer, baseUrl, l))));
        var replyEncrypted = crypto.Encrypt(reply.ToString(SaveOptions.DisableFormatting));
        var replyTimestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var replyNonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var envelope = new XElement("xml",
            new XElement("Encrypt", new XCData(replyEncrypted)),
            new XElement("MsgSignature", new XCData(crypto.Signature(replyTimestamp, replyNonce, replyEncrypted))),
            new XElement("TimeStamp", replyTimestamp),
            new XElement("Nonce", new XCData(replyNonce)));
        return new(true, envelope.ToString(SaveOptions.DisableFormatting));
    }

    /// <summary>The answers as WeCom text: each title, the start of its answer and its link; or where to ask a person.</summary>
    public static string ReplyText(AskResponse answer, string baseUrl, IStringLocalizer<SharedResource> l)
    {
        if (answer.Answers.Count == 0)
            return l["Sorry, I cannot answer that yet. Your question was passed to the community staff, who will answer you soon. You may also call the community or ask at its one-stop window."];
        var sb = new StringBuilder();
        foreach (var a in answer.Answers)
        {
            sb.Append("【").Append(a.Title).Append("】\n");
            var text = a.Answer.Length > 120 ? a.Answer[..120] + "…" : a.Answer;
            if (text.Length > 0) sb.Append(text).Append('\n');
            if (a.Url is { } url) sb.Append(url.StartsWith('/') ? baseUrl + url : url).Append('\n');
        }
        return sb.ToString().TrimEnd();
    }

    private static XElement Parse(string xml) =>
        XElement.Load(XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
}
