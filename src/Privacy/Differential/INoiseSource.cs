namespace StreamGuard.Privacy.Differential;

/// <summary>
/// The noise behind DP releases: integer draws from the discrete Laplace and discrete Gaussian
/// distributions, sampled exactly (no floating point), so neither the floating-point attack on
/// continuous samplers nor rounding can leak the value underneath. Injected so tests can fix it;
/// production always uses <see cref="SecureNoiseSource"/> (nothing in configuration selects another).
/// </summary>
public interface INoiseSource
{
    /// <summary>An integer z with probability proportional to exp(-|z| / scale), scale = numerator / denominator.</summary>
    long DiscreteLaplace(long scaleNumerator, long scaleDenominator);

    /// <summary>An integer z with probability proportional to exp(-z² / (2 sigma²)), sigma² = numerator / denominator.</summary>
    long DiscreteGaussian(long varianceNumerator, long varianceDenominator);
}
