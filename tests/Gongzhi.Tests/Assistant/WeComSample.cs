namespace Gongzhi.Tests.Assistant;

/// <summary>
/// The sample values published with WeCom's callback protocol and its WXBizMsgCrypt sample code: a token, an
/// EncodingAESKey and a corp id, the URL-verification request and a received message, each with its msg_signature.
/// </summary>
public static class WeComSample
{
    public const string Token = "QDG6eK";
    public const string EncodingAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    public const string CorpId = "wx5823bf96d3bd56c7";

    public const string VerifySignature = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
    public const string VerifyTimestamp = "1409659589";
    public const string VerifyNonce = "263014780";
    public const string VerifyEcho = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

    public const string MessageSignature = "477715d11cdb4164915debcba66cb864d751f3e6";
    public const string MessageTimestamp = "1409659813";
    public const string MessageNonce = "1372623149";
    public const string MessageEncrypt = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    public const string MessageBody = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + MessageEncrypt + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
}
