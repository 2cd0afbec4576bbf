using Microsoft.Extensions.Options;
using StreamGuard.Scoring;

namespace StreamGuard.Processor.Tests.Scoring;

public sealed class ScoringOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new ScoringOptionsValidator().Validate(null, new ScoringOptions()).Succeeded);

    [Fact]
    public void Validate_SeveralWrongSettings_ReportsEveryOne()
    {
        var options = new ScoringOptions { AlertBudget = 0, LabelDelay = TimeSpan.Zero, TreeCount = 0, NegativeSampleRate = 2 };

        ValidateOptionsResult result = new ScoringOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("AlertBudget", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("LabelDelay", StringComparison.Ordinal));
    }
}
