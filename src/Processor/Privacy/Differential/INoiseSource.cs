namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>Uniform randomness behind DP noise; injected so tests can fix a seed.</summary>
public interface INoiseSource
{
    /// <summary>A uniform double in the open interval (0, 1).</summary>
    double NextOpenUnit();
}
