using Microsoft.Extensions.Options;
using StreamGuard.Privacy;
using StreamGuard.Privacy.Differential;
using StreamGuard.Runtime.Hosting;

namespace StreamGuard.Processor.Tests.Privacy;

public sealed class PrivacyOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(PrivacyOptionsValidator.Validate(new PrivacyOptions()));
    }

    [Theory]
    [InlineData("HomeCellDegrees", "0", "StreamGuard:Privacy:HomeCellDegrees must be above 0 and at most 10 (got 0).")]
    [InlineData("HomeCellDegrees", "11", "StreamGuard:Privacy:HomeCellDegrees must be above 0 and at most 10 (got 11).")]
    [InlineData("ReleaseMinClassSize", "0", "StreamGuard:Privacy:ReleaseMinClassSize must be 1 to 1000 (got 0).")]
    [InlineData("RestrictedZip3", "036,12", "StreamGuard:Privacy:RestrictedZip3: '12' is not a 3-digit zip prefix.")]
    [InlineData("Differential:Epsilon", "50", "StreamGuard:Privacy:Differential:Epsilon must be above 0 and at most 10 per release (got 50).")]
    [InlineData("Differential:AmountClamp", "0", "StreamGuard:Privacy:Differential:AmountClamp must be above 0 and at most 1000000 (got 0).")]
    [InlineData("Differential:Mechanism", "7", "StreamGuard:Privacy:Differential:Mechanism must be Laplace or Gaussian.")]
    public void Load_BadSetting_ReportsItInFullWithTheValue(string setting, string value, string message)
    {
        var configuration = ProcessorConfiguration.Build([new($"StreamGuard:Privacy:{setting}", value)]);

        OptionsValidationException e = Assert.Throws<OptionsValidationException>(() => ProcessorConfiguration.Load(configuration));

        Assert.Contains(message, e.Failures);
    }

    [Fact]
    public void Validate_ProblemsInBothSections_ReportsEveryOneOnceWithoutMemberPrefix()
    {
        var options = new PrivacyOptions
        {
            HomeCellDegrees = -1,
            ReleaseMinClassSize = 5_000,
            RestrictedZip3 = "abc",
            Differential = new DifferentialPrivacyOptions { Epsilon = 0, MinGroupSize = 0, Mechanism = NoiseMechanism.Gaussian, Delta = 0 },
        };

        IReadOnlyList<string> errors = PrivacyOptionsValidator.Validate(options);

        string[] settings = ["HomeCellDegrees", "ReleaseMinClassSize", "RestrictedZip3", "Differential:Epsilon", "Differential:MinGroupSize", "Differential:Delta"];
        Assert.Equal(settings.Length, errors.Count);
        foreach (string setting in settings)
        {
            Assert.Single(errors, e => e.StartsWith($"StreamGuard:Privacy:{setting} ", StringComparison.Ordinal) || e.StartsWith($"StreamGuard:Privacy:{setting}:", StringComparison.Ordinal));
        }
    }
}
