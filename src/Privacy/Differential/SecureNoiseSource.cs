using System.Security.Cryptography;

namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Production randomness: the operating system's CSPRNG, so an observer who sees many releases
/// cannot predict (and subtract) the noise, as they could with a seeded System.Random.
/// </summary>
public sealed class SecureNoiseSource : RandomBitsNoiseSource
{
    public static SecureNoiseSource Instance { get; } = new();

    /// <summary>
    /// A uniform double strictly inside (0, 1): (k + 1/2) / 2^52 for a uniform 52-bit k, every value
    /// exactly representable (with 53 bits, (2^53 - 1/2) / 2^53 rounds to exactly 1.0).
    /// </summary>
    public static double NextOpenUnit()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return OpenUnit(BitConverter.ToUInt64(bytes));
    }

    /// <summary>Maps 64 random bits to (0, 1), from their top 52 bits; exposed so the extremes can be tested.</summary>
    public static double OpenUnit(ulong bits) => ((bits >> 12) + 0.5) / (1UL << 52);

    protected override void FillBytes(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}
