namespace StreamGuard.Insight.Categorization;

/// <summary>The classifier's best category and its confidence (0..1); Category is null when the model knows nothing yet.</summary>
public readonly record struct CategoryPrediction(string? Category, double Confidence);
