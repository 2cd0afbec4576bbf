using System.Security.Cryptography;
using System.Text;

namespace StreamGuard.Plaid;

/// <summary>
/// Encrypts Plaid access tokens for storage with AES-256-GCM. The item id is bound in as associated
/// data, so a token copied onto another item's record fails to decrypt instead of being used.
/// </summary>
public sealed class PlaidTokenProtector
{
    public const string KeyVariable = "STREAMGUARD_TOKEN_KEY";

    private const string Prefix = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public PlaidTokenProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new PlaidTokenKeyException($"{KeyVariable} must decode to 32 bytes (AES-256), got {key.Length}.");
        }

        _key = key.ToArray();
    }

    /// <summary>Reads the key from <see cref="KeyVariable"/> (base64 of 32 bytes), refusing clearly without it.</summary>
    public static PlaidTokenProtector FromEnvironment(Func<string, string?>? environment = null)
    {
        string? encoded = (environment ?? System.Environment.GetEnvironmentVariable)(KeyVariable);
        if (string.IsNullOrWhiteSpace(encoded))
        {
            throw new PlaidTokenKeyException(
                $"{KeyVariable} is not set. Plaid access tokens are stored encrypted and never in plain text; " +
                $"set {KeyVariable} to 32 random bytes in base64 (e.g. `openssl rand -base64 32`) and keep it with your other secrets.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(encoded.Trim());
        }
        catch (FormatException e)
        {
            throw new PlaidTokenKeyException($"{KeyVariable} is not valid base64: it must be 32 random bytes in base64.", e);
        }

        return new PlaidTokenProtector(key);
    }

    public string Protect(string accessToken, string itemId)
    {
        byte[] plaintext = Encoding.UTF8.GetBytes(accessToken);
        byte[] sealedBox = new byte[NonceSize + plaintext.Length + TagSize];
        Span<byte> nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBox.AsSpan(NonceSize, plaintext.Length), sealedBox.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(itemId));
        CryptographicOperations.ZeroMemory(plaintext);
        return Prefix + Convert.ToBase64String(sealedBox);
    }

    public string Unprotect(string protectedToken, string itemId)
    {
        if (!protectedToken.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new PlaidTokenKeyException($"the stored access token of item {itemId} is not in the encrypted format ({Prefix}...); re-link the item.");
        }

        byte[] sealedBox;
        try
        {
            sealedBox = Convert.FromBase64String(protectedToken[Prefix.Length..]);
        }
        catch (FormatException e)
        {
            throw new PlaidTokenKeyException($"the stored access token of item {itemId} is damaged (not base64); re-link the item.", e);
        }

        if (sealedBox.Length < NonceSize + TagSize)
        {
            throw new PlaidTokenKeyException($"the stored access token of item {itemId} is damaged (too short); re-link the item.");
        }

        int length = sealedBox.Length - NonceSize - TagSize;
        byte[] plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize, length), sealedBox.AsSpan(NonceSize + length), plaintext, Encoding.UTF8.GetBytes(itemId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new PlaidTokenKeyException(
                $"the stored access token of item {itemId} cannot be decrypted: {KeyVariable} is not the key it was stored with, or the record was altered.", e);
        }

        return Encoding.UTF8.GetString(plaintext);
    }
}
