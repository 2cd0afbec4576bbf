using System.Security.Cryptography;
using System.Text;

namespace StreamGuard.Privacy;

/// <summary>
/// Dead letters keep the raw input so nothing is lost, but raw input holds personal data: it is
/// stored sealed with AES-GCM under the sealing key (its own secret, not the pseudonym key), and
/// opened only on purpose by an operator who holds that key. Letters sealed by an earlier version
/// under the pseudonym key still open when that key is given.
/// </summary>
public sealed class DeadLetterProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;
    private readonly byte[]? _legacy;

    public DeadLetterProtector(SealingKey key, PseudonymKey? legacyPseudonymKey = null)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Bytes, 32, info: Encoding.UTF8.GetBytes("streamguard/dead-letter/v2"));
        _legacy = legacyPseudonymKey is null ? null : HKDF.DeriveKey(HashAlgorithmName.SHA256, legacyPseudonymKey.Bytes, 32, info: Encoding.UTF8.GetBytes("streamguard/dead-letter/v1"));
    }

    public string Seal(string payload)
    {
        byte[] plain = Encoding.UTF8.GetBytes(payload);
        byte[] sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        Span<byte> nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(sealedBytes);
    }

    public string Open(string sealedPayload)
    {
        try
        {
            return Open(sealedPayload, _key);
        }
        catch (CryptographicException) when (_legacy is not null)
        {
            return Open(sealedPayload, _legacy);
        }
    }

    private static string Open(string sealedPayload, byte[] key)
    {
        byte[] sealedBytes = Convert.FromBase64String(sealedPayload);
        byte[] plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
