namespace Gongzhi.Modules.Notifications.Senders;

/// <summary><c>Notifications:Email</c>: SMTP; without a host, e-mail goes to the development outbox file.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary><c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c> or <c>Auto</c> (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "gongzhi@localhost";
    public string FromName { get; set; } = "共治";
}

/// <summary><c>Notifications:Sms</c>: which provider sends SMS (<c>Development</c> unless set).</summary>
public sealed class SmsOptions
{
    /// <summary><c>Development</c> (log and file), <c>Http</c> (generic JSON gateway), <c>Aliyun</c>.</summary>
    public string Provider { get; set; } = "Development";
    /// <summary>The provider account's sends per second (its QPS), counted across app nodes; 0: no limit of ours.</summary>
    public int PerSecond { get; set; } = 20;
    public HttpSmsOptions Http { get; set; } = new();
    public AliyunSmsOptions Aliyun { get; set; } = new();
}

/// <summary>
/// A generic HTTP JSON gateway: POST to <see cref="Url"/> with <see cref="Headers"/> and <see cref="Body"/>, in which
/// <c>{phone}</c>, <c>{title}</c>, <c>{text}</c> (the text, then the message's link on a line of its own when it is
/// absolute and not in the text already), <c>{link}</c> (the link alone) and <c>{id}</c> are replaced by JSON-escaped values. A 2xx answer is sent,
/// 4xx (but 408/429) is refused for good, anything else is retried.
/// </summary>
public sealed class HttpSmsOptions
{
    public string? Url { get; set; }
    public Dictionary<string, string> Headers { get; set; } = [];
    public string Body { get; set; } = """{"phone":"{phone}","text":"{text}","id":"{id}"}""";
}

/// <summary><c>Notifications:WeCom</c>: group robot webhook URLs by name (they carry a key: never shown to non-admins).</summary>
public sealed class WeComOptions
{
    public Dictionary<string, string> Robots { get; set; } = [];
    /// <summary>The robots' documented limit.</summary>
    public int PerMinute { get; set; } = 20;
}
