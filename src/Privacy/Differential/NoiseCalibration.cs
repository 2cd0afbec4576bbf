namespace StreamGuard.Privacy.Differential;

/// <summary>
/// Noise scales calibrated to sensitivity and budget, in integer units (counts, cents), and draws
/// from the exact discrete samplers. Laplace: b = sensitivity / epsilon (L1), pure epsilon-DP.
/// Gaussian: sigma = sensitivity / sqrt(2 rho) (L2), rho-zCDP, with rho the largest that converts
/// to the configured (epsilon, delta): epsilon = rho + 2 sqrt(rho ln(1/delta)).
/// </summary>
public static class NoiseCalibration
{
    private const long Denominator = 1000;

    public static double Scale(NoiseMechanism mechanism, double sensitivity, double epsilon, double delta) => mechanism switch
    {
        NoiseMechanism.Laplace => sensitivity / epsilon,
        NoiseMechanism.Gaussian => sensitivity / Math.Sqrt(2 * Rho(epsilon, delta)),
        _ => throw new ArgumentOutOfRangeException(nameof(mechanism)),
    };

    /// <summary>The zCDP parameter rho whose (epsilon, delta) conversion is exactly the given pair.</summary>
    public static double Rho(double epsilon, double delta)
    {
        double l = Math.Log(1 / delta);
        double root = Math.Sqrt(l + epsilon) - Math.Sqrt(l);
        return root * root;
    }

    /// <summary>The epsilon of rho-zCDP at the given delta (Bun and Steinke, proposition 1.3).</summary>
    public static double EpsilonOfRho(double rho, double delta) => rho <= 0 ? 0 : rho + (2 * Math.Sqrt(rho * Math.Log(1 / delta)));

    /// <summary>An upper bound of the noise's standard deviation (the discrete forms never exceed the continuous ones).</summary>
    public static double StandardDeviation(NoiseMechanism mechanism, double scale) =>
        mechanism == NoiseMechanism.Laplace ? Math.Sqrt(2) * scale : scale;

    /// <summary>
    /// Half-width of the 95 % interval of the sum of <paramref name="draws"/> independent noises:
    /// exact for one Laplace draw (b ln 20), the normal approximation otherwise.
    /// </summary>
    public static double Error95(NoiseMechanism mechanism, double scale, int draws) =>
        draws <= 0 ? 0
        : mechanism == NoiseMechanism.Laplace && draws == 1 ? scale * Math.Log(20)
        : 1.96 * Math.Sqrt(draws) * StandardDeviation(mechanism, scale);

    /// <summary>One integer noise draw; the scale is rounded up to a multiple of 1/1000 (more noise, never less).</summary>
    public static long Draw(INoiseSource source, NoiseMechanism mechanism, double scale)
    {
        if (mechanism == NoiseMechanism.Laplace)
        {
            (long n, long d) = Rational(scale);
            return source.DiscreteLaplace(n, d);
        }

        (long vn, long vd) = Rational(scale * scale);
        return source.DiscreteGaussian(vn, vd);
    }

    private static (long Numerator, long Denominator) Rational(double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A noise scale must be finite and above 0.");
        }

        return value * Denominator < 1e15 ? ((long)Math.Ceiling(value * Denominator), Denominator) : ((long)Math.Ceiling(value), 1);
    }
}
