using System.Security.Cryptography;

namespace StreamGuard.Privacy;

/// <summary>Decoding and naming a secret key, the same for the pseudonym key and the sealing key.</summary>
internal static class KeyMaterial
{
    public const int MinimumBytes = 32;

    /// <summary>The key's bytes from base64, at least <see cref="MinimumBytes"/> of them.</summary>
    /// <param name="setting">The setting the key stands for, named in errors (never the key).</param>
    public static byte[] Decode(string base64, string setting, string origin)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{setting} ({origin}) is not valid base64.", e);
        }

        if (bytes.Length < MinimumBytes)
        {
            throw new InvalidOperationException($"{setting} ({origin}) has {bytes.Length} bytes; at least {MinimumBytes} are needed.");
        }

        return bytes;
    }

    /// <summary>A short fingerprint naming the key without revealing it.</summary>
    public static string Id(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..8];
}
