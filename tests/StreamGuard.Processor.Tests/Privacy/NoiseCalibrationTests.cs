using StreamGuard.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class NoiseCalibrationTests
{
    private const int Draws = 20_000;

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(4.0, 0.5)]
    [InlineData(800.0, 0.5)]
    public void Draw_DiscreteLaplace_IntegersWithTheExactDiscreteVarianceAndZeroMass(double sensitivity, double epsilon)
    {
        var source = new SeededNoiseSource(42);
        double b = NoiseCalibration.Scale(NoiseMechanism.Laplace, sensitivity, epsilon, 0);
        long[] x = Enumerable.Range(0, Draws).Select(_ => NoiseCalibration.Draw(source, NoiseMechanism.Laplace, b)).ToArray();

        // Discrete Laplace with p = exp(-1/b): variance 2p / (1 - p)², P(0) = (1 - p) / (1 + p).
        double p = Math.Exp(-1 / b);
        double mean = x.Average();
        double variance = x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
        double zeros = x.Count(v => v == 0) / (double)Draws;

        Assert.Equal(sensitivity / epsilon, b, 9);
        Assert.InRange(mean, -0.05 * b - 0.05, 0.05 * b + 0.05);
        Assert.InRange(Math.Sqrt(variance / (2 * p / ((1 - p) * (1 - p)))), 0.96, 1.04);
        Assert.InRange(zeros, ((1 - p) / (1 + p)) - 0.015, ((1 - p) / (1 + p)) + 0.015);
    }

    [Fact]
    public void Draw_DiscreteGaussian_EmpiricalStdMatchesZcdpSigma()
    {
        var source = new SeededNoiseSource(7);
        double sigma = NoiseCalibration.Scale(NoiseMechanism.Gaussian, 4, 0.5, 1e-6);
        long[] x = Enumerable.Range(0, Draws).Select(_ => NoiseCalibration.Draw(source, NoiseMechanism.Gaussian, sigma)).ToArray();
        double mean = x.Average();
        double std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));

        // rho-zCDP with rho = (sqrt(ln(1/delta) + epsilon) - sqrt(ln(1/delta)))², sigma = sensitivity / sqrt(2 rho).
        double rho = NoiseCalibration.Rho(0.5, 1e-6);
        Assert.Equal(0.5, NoiseCalibration.EpsilonOfRho(rho, 1e-6), 9);
        Assert.Equal(4 / Math.Sqrt(2 * rho), sigma, 9);
        Assert.InRange(mean, -0.05 * sigma, 0.05 * sigma);
        Assert.InRange(std / sigma, 0.97, 1.03);
    }

    [Fact]
    public void DiscreteGaussian_SmallSigma_MatchesTheExactPmfAtZero()
    {
        var source = new SeededNoiseSource(5);
        // sigma² = 1: P(0) = 1 / sum_z exp(-z²/2).
        double normaliser = Enumerable.Range(-40, 81).Sum(z => Math.Exp(-z * z / 2.0));
        long[] x = Enumerable.Range(0, Draws).Select(_ => source.DiscreteGaussian(1, 1)).ToArray();

        Assert.InRange(x.Count(v => v == 0) / (double)Draws, (1 / normaliser) - 0.015, (1 / normaliser) + 0.015);
        Assert.InRange(x.Count(v => v == 1) / (double)x.Count(v => v == -1), 0.9, 1.1);
    }

    [Fact]
    public void SeededNoiseSource_SameSeed_SameNoise()
    {
        var a = new SeededNoiseSource(3);
        var b = new SeededNoiseSource(3);

        Assert.Equal(
            Enumerable.Range(0, 100).Select(_ => NoiseCalibration.Draw(a, NoiseMechanism.Laplace, 2)),
            Enumerable.Range(0, 100).Select(_ => NoiseCalibration.Draw(b, NoiseMechanism.Laplace, 2)));
    }

    [Fact]
    public void SecureNoiseSource_OpenUnit_ExtremeBitsStayStrictlyInsideZeroOne()
    {
        // The old (k + 0.5) / 2^53 mapped the top 53-bit value to exactly 1.0 (ln 0, infinite noise).
        Assert.True(SecureNoiseSource.OpenUnit(ulong.MaxValue) < 1.0);
        Assert.True(SecureNoiseSource.OpenUnit(0) > 0.0);
        Assert.True(1 - SecureNoiseSource.OpenUnit(ulong.MaxValue) > 0);
        double[] u = Enumerable.Range(0, 10_000).Select(_ => SecureNoiseSource.NextOpenUnit()).ToArray();
        Assert.All(u, v => Assert.True(v is > 0 and < 1));
        Assert.InRange(u.Average(), 0.48, 0.52);
    }

    [Fact]
    public void SecureNoiseSource_DiscreteLaplace_NeverTheSameSequenceTwice()
    {
        long[] a = Enumerable.Range(0, 50).Select(_ => SecureNoiseSource.Instance.DiscreteLaplace(1000, 1)).ToArray();
        long[] b = Enumerable.Range(0, 50).Select(_ => SecureNoiseSource.Instance.DiscreteLaplace(1000, 1)).ToArray();

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Error95_OneLaplaceDraw_IsTheExactQuantile()
    {
        var source = new SeededNoiseSource(9);
        double half = NoiseCalibration.Error95(NoiseMechanism.Laplace, 10, 1);
        long[] x = Enumerable.Range(0, Draws).Select(_ => NoiseCalibration.Draw(source, NoiseMechanism.Laplace, 10)).ToArray();

        Assert.Equal(10 * Math.Log(20), half, 9);
        Assert.InRange(x.Count(v => Math.Abs(v) <= half) / (double)Draws, 0.94, 0.96);
    }
}
