using Microsoft.Extensions.Options;
using StreamGuard.Runtime.Hosting;
using StreamGuard.Privacy.Differential;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class DifferentialPrivacyOptionsValidatorTests
{
    private const string Section = "StreamGuard:Privacy:Differential";

    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(DifferentialPrivacyOptionsValidator.Validate(new DifferentialPrivacyOptions()));
    }

    [Theory]
    [InlineData("Epsilon", "0", "Epsilon must be above 0")]
    [InlineData("Epsilon", "50", "Epsilon must be above 0")]
    [InlineData("Delta", "0.01", "Delta must be 0 with the Laplace mechanism")]
    [InlineData("AmountClamp", "-5", "AmountClamp must be above 0")]
    [InlineData("MaxTransactionsPerCustomer", "0", "MaxTransactionsPerCustomer must be 1")]
    [InlineData("MinGroupSize", "0", "MinGroupSize must be 1")]
    [InlineData("ReleaseWindow", "00:00:07", "ReleaseWindow must be 1 minute")]
    [InlineData("AllowedLateness", "-01:00:00", "AllowedLateness must be 0")]
    public void Load_BadSetting_FailsNamingTheSetting(string setting, string value, string message)
    {
        var configuration = ProcessorConfiguration.Build([new($"{Section}:{setting}", value)]);

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => ProcessorConfiguration.Load(configuration));

        Assert.Contains($"{Section}:{message}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GaussianWithoutDelta_ReportsDeltaButAcceptsEpsilonAboveOne()
    {
        // The zCDP calibration of the discrete Gaussian holds for any epsilon (the classic one only up to 1).
        var options = new DifferentialPrivacyOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 2, Delta = 0 };

        string[] errors = DifferentialPrivacyOptionsValidator.Validate(options).ToArray();

        Assert.DoesNotContain(errors, e => e.StartsWith($"{Section}:Epsilon", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith($"{Section}:Delta must be above 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BudgetSettingsOutOfRange_ReportsEveryOneByName()
    {
        var options = new DifferentialPrivacyOptions { Epsilon = 3, TotalEpsilon = 2, ContinualEpsilon = 5, BudgetHorizon = TimeSpan.FromHours(36), ContinualStep = TimeSpan.FromSeconds(10), ContinualMaxTransactionsPerCustomer = 0 };

        string[] errors = DifferentialPrivacyOptionsValidator.Validate(options).ToArray();

        foreach (string setting in new[] { "Epsilon (3) must not exceed TotalEpsilon", "ContinualEpsilon", "BudgetHorizon", "ContinualStep", "ContinualMaxTransactionsPerCustomer" })
        {
            Assert.Contains(errors, e => e.StartsWith($"{Section}:{setting}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_Defaults_FitAWholeHorizonOfDailyReleasesAndTheContinualReleaseInTheBudget()
    {
        var options = new DifferentialPrivacyOptions();

        Assert.Empty(DifferentialPrivacyOptionsValidator.Validate(options));
        double windows = options.BudgetHorizon / options.ReleaseWindow;
        Assert.True((windows * options.Epsilon) + options.ContinualEpsilon <= options.TotalEpsilon);
    }

    [Fact]
    public void Load_GaussianFromConfiguration_Binds()
    {
        var configuration = ProcessorConfiguration.Build([new($"{Section}:Mechanism", "Gaussian"), new($"{Section}:Delta", "1e-6"), new($"{Section}:Epsilon", "0.5")]);

        StreamGuardOptions options = ProcessorConfiguration.Load(configuration);

        Assert.Equal(NoiseMechanism.Gaussian, options.Privacy.Differential.Mechanism);
        Assert.Equal(1e-6, options.Privacy.Differential.Delta);
    }
}
