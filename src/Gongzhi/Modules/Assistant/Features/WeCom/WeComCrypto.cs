using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Gongzhi.Modules.Assistant.Features.WeCom;

/// <summary>
/// WeCom's callback message crypto (WXBizMsgCrypt): msg_signature is the SHA-1 (lower-case hex) of the token,
/// timestamp, nonce and ciphertext sorted and joined; messages are AES-256-CBC with the key Base64(EncodingAESKey + "=")
/// and the IV its first 16 bytes, padded PKCS#7 to 32-byte blocks; the plaintext is 16 random bytes, the message length
/// (4 bytes, network order), the message, and the receive id (the corp id).
/// </summary>
public sealed class WeComCrypto
{
    private readonly string _token;
    private readonly byte[] _key;
    private readonly string _receiveId;

    public WeComCrypto(string token, string encodingAesKey, string receiveId)
    {
        if (encodingAesKey.Length != 43) throw new ArgumentException("An EncodingAESKey has 43 characters.", nameof(encodingAesKey));
        _token = token;
        _key = Convert.FromBase64String(encodingAesKey + "=");
        _receiveId = receiveId;
    }

    public string Signature(string timestamp, string nonce, string encrypted)
    {
        string[] parts = [_token, timestamp, nonce, encrypted];
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    /// <summary>Whether the signature matches, compared in constant time.</summary>
    public bool Verify(string? signature, string? timestamp, string? nonce, string? encrypted) =>
        signature is not null && timestamp is not null && nonce is not null && encrypted is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature.ToLowerInvariant()), Encoding.ASCII.GetBytes(Signature(timestamp, nonce, encrypted)));

    /// <summary>The message inside a ciphertext; throws <see cref="CryptographicException"/> when it does not open or is for another receiver.</summary>
    public string Decrypt(string encrypted)
    {
        using var aes = Create();
        var plain = aes.DecryptCbc(Convert.FromBase64String(encrypted), _key[..16], PaddingMode.None);
        var pad = plain.Length == 0 ? 0 : plain[^1];
        if (pad is < 1 or > 32 || pad > plain.Length) throw new CryptographicException("Bad padding.");
        plain = plain[..^pad];
        if (plain.Length < 20) throw new CryptographicException("Too short.");
        var length = BinaryPrimitives.ReadInt32BigEndian(plain.AsSpan(16, 4));
        if (length < 0 || 20 + length > plain.Length) throw new CryptographicException("Bad length.");
        var receiver = Encoding.UTF8.GetString(plain, 20 + length, plain.Length - 20 - length);
        if (receiver != _receiveId) throw new CryptographicException("The message is for another receiver.");
        return Encoding.UTF8.GetString(plain, 20, length);
    }

    public string Encrypt(string message, byte[]? random = null)
    {
        var msg = Encoding.UTF8.GetBytes(message);
        var receiver = Encoding.UTF8.GetBytes(_receiveId);
        var length = 20 + msg.Length + receiver.Length;
        var pad = 32 - length % 32;
        var plain = new byte[length + pad];
        (random ?? RandomNumberGenerator.GetBytes(16)).AsSpan(0, 16).CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), msg.Length);
        msg.CopyTo(plain, 20);
        receiver.CopyTo(plain, 20 + msg.Length);
        plain.AsSpan(length).Fill((byte)pad);
        using var aes = Create();
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key[..16], PaddingMode.None));
    }

    private Aes Create()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}
