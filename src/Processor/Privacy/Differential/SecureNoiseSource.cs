using System.Security.Cryptography;

namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>
/// Production randomness: the operating system's CSPRNG, so an observer who sees many releases
/// cannot predict (and subtract) the noise, as they could with a seeded System.Random.
/// </summary>
public sealed class SecureNoiseSource : INoiseSource
{
    public static SecureNoiseSource Instance { get; } = new();

    public double NextOpenUnit()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        ulong bits = BitConverter.ToUInt64(bytes) >> 11;
        return (bits + 0.5) / (1UL << 53);
    }
}
