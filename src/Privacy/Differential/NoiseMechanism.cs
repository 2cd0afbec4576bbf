namespace StreamGuard.Privacy.Differential;

/// <summary>Which noise distribution a release adds.</summary>
public enum NoiseMechanism
{
    /// <summary>Laplace noise with scale sensitivity / epsilon: pure epsilon-DP (delta is 0).</summary>
    Laplace,

    /// <summary>Gaussian noise with the classic (epsilon, delta) calibration; needs delta above 0 and epsilon at most 1.</summary>
    Gaussian,
}
