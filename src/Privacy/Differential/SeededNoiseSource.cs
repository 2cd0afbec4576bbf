namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Reproducible randomness for tests and experiments only: a seeded System.Random is predictable.
/// Nothing in configuration can select it; only code constructs it.
/// </summary>
public sealed class SeededNoiseSource : RandomBitsNoiseSource
{
    private readonly Random _random;

    public SeededNoiseSource(int seed) => _random = new Random(seed);

    protected override void FillBytes(Span<byte> buffer) => _random.NextBytes(buffer);
}
