namespace StreamGuard.Insight.Categorization;

/// <summary>Checks <see cref="MerchantCategorizerOptions"/> and names every bad setting at once.</summary>
public static class MerchantCategorizerOptionsValidator
{
    public static IReadOnlyList<string> Validate(MerchantCategorizerOptions options)
    {
        var errors = new List<string>();
        if (options.FeatureBits is < 10 or > 22)
        {
            errors.Add($"Categorization:FeatureBits must be between 10 and 22 (was {options.FeatureBits}).");
        }

        if (options.MaxCategories is < 2 or > 256)
        {
            errors.Add($"Categorization:MaxCategories must be between 2 and 256 (was {options.MaxCategories}).");
        }

        if (options.MinNGram < 1 || options.MaxNGram < options.MinNGram || options.MaxNGram > 8)
        {
            errors.Add($"Categorization:MinNGram/MaxNGram must satisfy 1 <= MinNGram <= MaxNGram <= 8 (were {options.MinNGram}/{options.MaxNGram}).");
        }

        if (!(options.Smoothing > 0))
        {
            errors.Add($"Categorization:Smoothing must be positive (was {options.Smoothing}).");
        }

        if (options.MinConfidence is < 0 or > 1 || double.IsNaN(options.MinConfidence))
        {
            errors.Add($"Categorization:MinConfidence must be between 0 and 1 (was {options.MinConfidence}).");
        }

        if (options.MinTrainingExamples < 0)
        {
            errors.Add($"Categorization:MinTrainingExamples must not be negative (was {options.MinTrainingExamples}).");
        }

        return errors;
    }

    public static void ThrowIfInvalid(MerchantCategorizerOptions options)
    {
        IReadOnlyList<string> errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }
}
