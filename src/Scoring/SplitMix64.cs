namespace StreamGuard.Scoring;

/// <summary>A tiny seeded generator whose whole state is one number, so snapshots can carry it.</summary>
public struct SplitMix64
{
    public SplitMix64(ulong state) => State = state;

    public ulong State { get; private set; }

    public ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public int NextInt(int maxExclusive) => (int)(NextDouble() * maxExclusive);
}
