namespace StreamGuard.Insight.Categorization;

/// <summary>Settings of the merchant-text classifier and its stage.</summary>
public sealed class MerchantCategorizerOptions
{
    /// <summary>Hashed feature space, as a power of two (17 gives 131,072 buckets).</summary>
    public int FeatureBits { get; init; } = 17;

    /// <summary>The most categories the model can learn; more (unknown ones) are not learned.</summary>
    public int MaxCategories { get; init; } = 32;

    public int MinNGram { get; init; } = 3;

    public int MaxNGram { get; init; } = 5;

    /// <summary>Additive (Laplace/Lidstone) smoothing of the n-gram counts.</summary>
    public double Smoothing { get; init; } = 0.1;

    /// <summary>Below this confidence a prediction is not applied: the transaction stays UNCATEGORIZED.</summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>Labelled transactions the model must have seen before it predicts at all.</summary>
    public int MinTrainingExamples { get; init; } = 200;

    /// <summary>Whether the stage learns from transactions whose source gave a category.</summary>
    public bool LearnOnline { get; init; } = true;
}
