namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>Reproducible randomness for tests and experiments only: a seeded System.Random is predictable, never use it for real releases.</summary>
public sealed class SeededNoiseSource : INoiseSource
{
    private readonly Random _random;

    public SeededNoiseSource(int seed) => _random = new Random(seed);

    public double NextOpenUnit()
    {
        double u;
        do
        {
            u = _random.NextDouble();
        }
        while (u <= 0);

        return u;
    }
}
