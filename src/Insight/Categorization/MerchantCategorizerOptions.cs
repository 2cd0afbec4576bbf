using System.ComponentModel.DataAnnotations;
using StreamGuard.Core.Settings;

namespace StreamGuard.Insight.Categorization;

/// <summary>Settings of the merchant-text classifier and its stage.</summary>
public sealed class MerchantCategorizerOptions
{
    /// <summary>Hashed feature space, as a power of two (17 gives 131,072 buckets).</summary>
    [SettingRange(10, 22, ErrorMessage = "Categorization:FeatureBits must be between 10 and 22.")]
    public int FeatureBits { get; init; } = 17;

    /// <summary>The most categories the model can learn; more (unknown ones) are not learned.</summary>
    [SettingRange(2, 256, ErrorMessage = "Categorization:MaxCategories must be between 2 and 256.")]
    public int MaxCategories { get; init; } = 32;

    public int MinNGram { get; init; } = 3;

    public int MaxNGram { get; init; } = 5;

    /// <summary>Additive (Laplace/Lidstone) smoothing of the n-gram counts.</summary>
    [SettingRange(0d, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = "Categorization:Smoothing must be positive.")]
    public double Smoothing { get; init; } = 0.1;

    /// <summary>Below this confidence a prediction is not applied: the transaction stays UNCATEGORIZED.</summary>
    [SettingRange(0d, 1d, ErrorMessage = "Categorization:MinConfidence must be between 0 and 1.")]
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>Labelled transactions the model must have seen before it predicts at all.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = "Categorization:MinTrainingExamples must not be negative.")]
    public int MinTrainingExamples { get; init; } = 200;

    /// <summary>Whether the stage learns from transactions whose source gave a category.</summary>
    public bool LearnOnline { get; init; } = true;
}
