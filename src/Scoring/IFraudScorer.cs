using StreamGuard.Core.Model;
using StreamGuard.Pipeline;

namespace StreamGuard.Scoring;

/// <summary>
/// Scores a transaction for fraud and then learns from it (test-then-train). Implementations
/// must never use <see cref="EnrichedTransaction.IsFraud"/> for a score before its label delay.
/// </summary>
public interface IFraudScorer
{
    FraudAssessment ScoreAndLearn(EnrichedTransaction transaction, in RawFeatures features);
}

/// <summary>A score in [0, 1] (higher is more suspicious), whether it crosses the alert threshold, and why.</summary>
public sealed record FraudAssessment(double Score, bool IsAlert, IReadOnlyList<string> Reasons)
{
    /// <summary>"high", "medium" or "low" by how far the score is above the alert threshold; null when not an alert.</summary>
    public string? Severity { get; init; }

    /// <summary>The model that scored it ("online" for the unsupervised score alone).</summary>
    public string? ModelVersion { get; init; }
}
