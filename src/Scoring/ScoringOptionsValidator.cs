using Microsoft.Extensions.Options;

namespace StreamGuard.Scoring;

/// <summary>Reports every wrong <see cref="ScoringOptions"/> setting at once, naming each.</summary>
public sealed class ScoringOptionsValidator : IValidateOptions<ScoringOptions>
{
    public ValidateOptionsResult Validate(string? name, ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!(options.AlertBudget > 0 && options.AlertBudget < 0.5))
        {
            errors.Add($"Scoring:AlertBudget must be in (0, 0.5); got {options.AlertBudget}.");
        }

        if (options.FixedThreshold is { } threshold && !(threshold > 0 && threshold < 1))
        {
            errors.Add($"Scoring:FixedThreshold must be in (0, 1); got {threshold}.");
        }

        if (options.LabelDelay is { } delay && delay <= TimeSpan.Zero)
        {
            errors.Add($"Scoring:LabelDelay must be positive (a zero delay would leak labels); got {delay}.");
        }

        if (options.CardHalfLife <= TimeSpan.Zero)
        {
            errors.Add("Scoring:CardHalfLife must be positive.");
        }

        if (options.PopulationHalfLife <= TimeSpan.Zero)
        {
            errors.Add("Scoring:PopulationHalfLife must be positive.");
        }

        if (options.MaxCards < 10)
        {
            errors.Add($"Scoring:MaxCards must be at least 10; got {options.MaxCards}.");
        }

        if (options.TreeCount is < 1 or > 200)
        {
            errors.Add($"Scoring:TreeCount must be in 1..200; got {options.TreeCount}.");
        }

        if (options.TreeDepth is < 2 or > 15)
        {
            errors.Add($"Scoring:TreeDepth must be in 2..15; got {options.TreeDepth}.");
        }

        if (options.TreeWindow < 16)
        {
            errors.Add($"Scoring:TreeWindow must be at least 16; got {options.TreeWindow}.");
        }

        if (options.ThresholdHalfLifeEvents < 100)
        {
            errors.Add($"Scoring:ThresholdHalfLifeEvents must be at least 100; got {options.ThresholdHalfLifeEvents}.");
        }

        if (!(options.NegativeSampleRate > 0 && options.NegativeSampleRate <= 1))
        {
            errors.Add($"Scoring:NegativeSampleRate must be in (0, 1]; got {options.NegativeSampleRate}.");
        }

        if (options.MaxPendingLabels < 1)
        {
            errors.Add($"Scoring:MaxPendingLabels must be positive; got {options.MaxPendingLabels}.");
        }

        if (options.MinLabelledFrauds < 1)
        {
            errors.Add($"Scoring:MinLabelledFrauds must be positive; got {options.MinLabelledFrauds}.");
        }

        if (!(options.SupervisedWeight >= 0 && options.SupervisedWeight <= 1))
        {
            errors.Add($"Scoring:SupervisedWeight must be in [0, 1]; got {options.SupervisedWeight}.");
        }

        if (options.MaxReasons is < 1 or > 10)
        {
            errors.Add($"Scoring:MaxReasons must be in 1..10; got {options.MaxReasons}.");
        }

        if (options.ModelPath is { } path && !File.Exists(path))
        {
            errors.Add($"Scoring:ModelPath '{path}' does not exist (write one with `train --out`).");
        }

        if (!(options.ModelWeight >= 0 && options.ModelWeight <= 1))
        {
            errors.Add($"Scoring:ModelWeight must be in [0, 1]; got {options.ModelWeight}.");
        }

        if (options.RetrainEveryFrauds < 1)
        {
            errors.Add($"Scoring:RetrainEveryFrauds must be positive; got {options.RetrainEveryFrauds}.");
        }

        if (options.RetrainEvery <= TimeSpan.Zero)
        {
            errors.Add($"Scoring:RetrainEvery must be positive; got {options.RetrainEvery}.");
        }

        if (options.MinFraudsToRetrain < 10)
        {
            errors.Add($"Scoring:MinFraudsToRetrain must be at least 10; got {options.MinFraudsToRetrain}.");
        }

        if (options.RetrainBufferSize is < 1_000 or > 5_000_000)
        {
            errors.Add($"Scoring:RetrainBufferSize must be in 1000..5000000; got {options.RetrainBufferSize}.");
        }

        if (options.RetrainTrees is < 10 or > 2_000)
        {
            errors.Add($"Scoring:RetrainTrees must be in 10..2000; got {options.RetrainTrees}.");
        }

        if (options.RetrainSwapAfterEvents < 0)
        {
            errors.Add($"Scoring:RetrainSwapAfterEvents must be 0 (when ready) or positive; got {options.RetrainSwapAfterEvents}.");
        }

        if (options.RecentTransactions is < 0 or > 10_000_000)
        {
            errors.Add($"Scoring:RecentTransactions must be in 0..10000000; got {options.RecentTransactions}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(ScoringOptions options)
    {
        ValidateOptionsResult result = new ScoringOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(ScoringOptions), typeof(ScoringOptions), result.Failures);
        }
    }
}
