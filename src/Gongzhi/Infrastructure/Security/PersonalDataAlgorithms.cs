using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Gongzhi.Infrastructure.Security;

/// <summary>
/// The authenticated ciphers personal data may be under. A key serves one algorithm only, told by its length:
/// 32 bytes is AES-256-GCM, 16 bytes is SM4-GCM (SM4 has a 128-bit key). The lookup hash follows the algorithm of
/// the current key: HMAC-SHA256 beside AES-GCM, HMAC-SM3 beside SM4-GCM.
/// </summary>
public enum PersonalDataAlgorithm
{
    AesGcm,
    Sm4Gcm,
}

public enum LookupHashAlgorithm
{
    HmacSha256,
    HmacSm3,
}

public static class PersonalDataAlgorithms
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The names used in settings and in the key file: <c>AES-GCM</c>, <c>SM4-GCM</c>.</summary>
    public static string Name(this PersonalDataAlgorithm algorithm) => algorithm == PersonalDataAlgorithm.Sm4Gcm ? "SM4-GCM" : "AES-GCM";

    public static string Name(this LookupHashAlgorithm algorithm) => algorithm == LookupHashAlgorithm.HmacSm3 ? "HMAC-SM3" : "HMAC-SHA256";

    /// <summary>The one-letter marker in a <c>v2</c> ciphertext.</summary>
    public static char Marker(this PersonalDataAlgorithm algorithm) => algorithm == PersonalDataAlgorithm.Sm4Gcm ? 's' : 'a';

    public static int KeySize(this PersonalDataAlgorithm algorithm) => algorithm == PersonalDataAlgorithm.Sm4Gcm ? 16 : 32;

    public static LookupHashAlgorithm LookupHash(this PersonalDataAlgorithm algorithm) =>
        algorithm == PersonalDataAlgorithm.Sm4Gcm ? LookupHashAlgorithm.HmacSm3 : LookupHashAlgorithm.HmacSha256;

    public static PersonalDataAlgorithm Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        null or "" or "AES-GCM" => PersonalDataAlgorithm.AesGcm,
        "SM4-GCM" => PersonalDataAlgorithm.Sm4Gcm,
        _ => throw new InvalidOperationException($"PersonalData:Algorithm must be AES-GCM or SM4-GCM, not '{name}'."),
    };

    public static LookupHashAlgorithm ParseLookup(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        null or "" or "HMAC-SHA256" => LookupHashAlgorithm.HmacSha256,
        "HMAC-SM3" => LookupHashAlgorithm.HmacSm3,
        _ => throw new InvalidOperationException($"A lookup key's algorithm is HMAC-SHA256 or HMAC-SM3, not '{name}'."),
    };

    public static PersonalDataAlgorithm? FromMarker(char marker) => marker switch
    {
        'a' => PersonalDataAlgorithm.AesGcm,
        's' => PersonalDataAlgorithm.Sm4Gcm,
        _ => null,
    };

    /// <summary>The algorithm a key serves, from its length; null for a length no algorithm takes.</summary>
    public static PersonalDataAlgorithm? OfKey(byte[] key) => key.Length switch
    {
        32 => PersonalDataAlgorithm.AesGcm,
        16 => PersonalDataAlgorithm.Sm4Gcm,
        _ => null,
    };

    /// <summary>Encrypts into <paramref name="output"/> laid out as nonce | tag | ciphertext (the same for both ciphers).</summary>
    public static void Seal(PersonalDataAlgorithm algorithm, byte[] key, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated, Span<byte> output)
    {
        var nonce = output[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        Seal(algorithm, key, nonce, plain, associated, output.Slice(NonceSize, TagSize), output[(NonceSize + TagSize)..]);
    }

    /// <summary>The cipher itself with a given nonce (a nonce is never reused under a key: callers draw it at random).</summary>
    public static void Seal(PersonalDataAlgorithm algorithm, byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated,
        Span<byte> tag, Span<byte> cipher)
    {
        if (algorithm == PersonalDataAlgorithm.AesGcm)
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Encrypt(nonce, plain, cipher, tag, associated);
            return;
        }
        var gcm = Sm4(key, nonce, associated, forEncryption: true);
        var sealedBytes = new byte[gcm.GetOutputSize(plain.Length)]; // ciphertext followed by the tag
        var n = gcm.ProcessBytes(plain.ToArray(), 0, plain.Length, sealedBytes, 0);
        gcm.DoFinal(sealedBytes, n);
        sealedBytes.AsSpan(0, plain.Length).CopyTo(cipher);
        sealedBytes.AsSpan(plain.Length, TagSize).CopyTo(tag);
    }

    /// <summary>Decrypts nonce | tag | ciphertext; throws <see cref="CryptographicException"/> when the tag does not verify.</summary>
    public static byte[] Open(PersonalDataAlgorithm algorithm, byte[] key, ReadOnlySpan<byte> buffer, ReadOnlySpan<byte> associated)
    {
        if (buffer.Length < NonceSize + TagSize) throw new CryptographicException("The ciphertext is too short.");
        var nonce = buffer[..NonceSize];
        var tag = buffer.Slice(NonceSize, TagSize);
        var cipher = buffer[(NonceSize + TagSize)..];
        var plain = new byte[cipher.Length];
        if (algorithm == PersonalDataAlgorithm.AesGcm)
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, cipher, tag, plain, associated);
            return plain;
        }
        var gcm = Sm4(key, nonce, associated, forEncryption: false);
        var input = new byte[cipher.Length + TagSize];
        cipher.CopyTo(input);
        tag.CopyTo(input.AsSpan(cipher.Length));
        try
        {
            var n = gcm.ProcessBytes(input, 0, input.Length, plain, 0);
            gcm.DoFinal(plain, n);
        }
        catch (InvalidCipherTextException ex)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new AuthenticationTagMismatchException("The SM4-GCM authentication tag did not verify.", ex);
        }
        return plain;
    }

    public static byte[] Hmac(LookupHashAlgorithm algorithm, byte[] key, byte[] data)
    {
        if (algorithm == LookupHashAlgorithm.HmacSha256) return HMACSHA256.HashData(key, data);
        var hmac = new HMac(new SM3Digest());
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(data, 0, data.Length);
        var result = new byte[hmac.GetMacSize()];
        hmac.DoFinal(result, 0);
        return result;
    }

    /// <summary>SM3 (GB/T 32905) of the data: for the standard's test vectors and nothing else here.</summary>
    public static byte[] Sm3(byte[] data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var result = new byte[digest.GetDigestSize()];
        digest.DoFinal(result, 0);
        return result;
    }

    /// <summary>One SM4 block (GB/T 32907) under the key, without a mode: for the standard's test vectors.</summary>
    public static byte[] Sm4Block(byte[] key, byte[] block, bool encrypt = true)
    {
        var engine = new SM4Engine();
        engine.Init(encrypt, new KeyParameter(key));
        var result = new byte[16];
        engine.ProcessBlock(block, 0, result, 0);
        return result;
    }

    private static GcmBlockCipher Sm4(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associated, bool forEncryption)
    {
        var gcm = new GcmBlockCipher(new SM4Engine());
        gcm.Init(forEncryption, new AeadParameters(new KeyParameter(key), TagSize * 8, nonce.ToArray(), associated.ToArray()));
        return gcm;
    }
}
