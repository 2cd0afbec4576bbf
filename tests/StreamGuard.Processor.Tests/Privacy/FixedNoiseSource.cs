using StreamGuard.Processor.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

/// <summary>Always the middle of (0, 1): Laplace noise is then exactly 0, so tests can see the bounded values.</summary>
internal sealed class FixedNoiseSource : INoiseSource
{
    public double NextOpenUnit() => 0.5;
}
