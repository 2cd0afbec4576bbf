using StreamGuard.Processor.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class NoiseCalibrationTests
{
    private const int Draws = 20_000;

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(4.0, 0.5)]
    [InlineData(800.0, 0.5)]
    public void Draw_Laplace_EmpiricalScaleMatchesSensitivityOverEpsilon(double sensitivity, double epsilon)
    {
        var source = new SeededNoiseSource(42);
        double b = NoiseCalibration.Scale(NoiseMechanism.Laplace, sensitivity, epsilon, 0);
        double[] x = Enumerable.Range(0, Draws).Select(_ => NoiseCalibration.Draw(source, NoiseMechanism.Laplace, b)).ToArray();

        double mean = x.Average();
        double std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        double meanAbs = x.Average(Math.Abs);

        Assert.Equal(sensitivity / epsilon, b, 9);
        Assert.InRange(mean, -0.05 * b, 0.05 * b);
        Assert.InRange(std / (Math.Sqrt(2) * b), 0.96, 1.04);
        Assert.InRange(meanAbs / b, 0.97, 1.03);
    }

    [Fact]
    public void Draw_Gaussian_EmpiricalStdMatchesCalibratedSigma()
    {
        var source = new SeededNoiseSource(7);
        double sigma = NoiseCalibration.Scale(NoiseMechanism.Gaussian, 4, 0.5, 1e-6);
        double[] x = Enumerable.Range(0, Draws).Select(_ => NoiseCalibration.Draw(source, NoiseMechanism.Gaussian, sigma)).ToArray();
        double mean = x.Average();
        double std = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));

        Assert.Equal(4 * Math.Sqrt(2 * Math.Log(1.25 / 1e-6)) / 0.5, sigma, 9);
        Assert.InRange(mean, -0.05 * sigma, 0.05 * sigma);
        Assert.InRange(std / sigma, 0.97, 1.03);
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
    public void SecureNoiseSource_DrawsStayInsideOpenUnitInterval()
    {
        double[] u = Enumerable.Range(0, 10_000).Select(_ => SecureNoiseSource.Instance.NextOpenUnit()).ToArray();

        Assert.All(u, v => Assert.InRange(v, double.Epsilon, 1 - 1e-17));
        Assert.InRange(u.Average(), 0.48, 0.52);
    }
}
