namespace StreamGuard.Processor.Privacy.Differential;

/// <summary>Noise scales calibrated to sensitivity and epsilon, and draws from them.</summary>
public static class NoiseCalibration
{
    /// <summary>
    /// The distribution's scale parameter: Laplace b = sensitivity / epsilon (L1 sensitivity);
    /// Gaussian sigma = sensitivity * sqrt(2 ln(1.25 / delta)) / epsilon (L2 sensitivity, epsilon at most 1).
    /// </summary>
    public static double Scale(NoiseMechanism mechanism, double sensitivity, double epsilon, double delta) => mechanism switch
    {
        NoiseMechanism.Laplace => sensitivity / epsilon,
        NoiseMechanism.Gaussian => sensitivity * Math.Sqrt(2 * Math.Log(1.25 / delta)) / epsilon,
        _ => throw new ArgumentOutOfRangeException(nameof(mechanism)),
    };

    /// <summary>The standard deviation of the noise at that scale (sqrt(2) b for Laplace, sigma for Gaussian).</summary>
    public static double StandardDeviation(NoiseMechanism mechanism, double scale) =>
        mechanism == NoiseMechanism.Laplace ? Math.Sqrt(2) * scale : scale;

    public static double Draw(INoiseSource source, NoiseMechanism mechanism, double scale)
    {
        if (mechanism == NoiseMechanism.Laplace)
        {
            // Inverse CDF: u uniform in (-1/2, 1/2), x = -b sgn(u) ln(1 - 2|u|).
            double u = source.NextOpenUnit() - 0.5;
            return -scale * Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u)));
        }

        // Box-Muller.
        double u1 = source.NextOpenUnit();
        double u2 = source.NextOpenUnit();
        return scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
