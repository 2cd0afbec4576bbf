using StreamGuard.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>Always the same noise (0 by default), so tests can see the bounded values underneath; constructed in code only.</summary>
internal sealed class FixedNoiseSource(long noise = 0) : INoiseSource
{
    public int Draws { get; private set; }

    public long DiscreteLaplace(long scaleNumerator, long scaleDenominator)
    {
        Draws++;
        return noise;
    }

    public long DiscreteGaussian(long varianceNumerator, long varianceDenominator)
    {
        Draws++;
        return noise;
    }
}
