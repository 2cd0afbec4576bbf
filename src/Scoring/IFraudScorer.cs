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

    /// <summary>The score above which it alerts now (charted by the console); null when it keeps no threshold.</summary>
    double? AlertThreshold => null;

    /// <summary>During a key rotation: the card's history moves from its old pseudonym to its new one.</summary>
    void RekeyCard(string oldId, string newId)
    {
    }

    /// <summary>Learns from labels posted from outside the stream (analysts' verdicts); returns how many matched a recent transaction.</summary>
    int LearnVerdicts(IReadOnlyList<FraudLabel> labels) => 0;

    /// <summary>Whether <see cref="Snapshot"/> and <see cref="Restore"/> save and restore what it learned (with the stream checkpoint).</summary>
    bool CanSnapshot => false;

    byte[] Snapshot() => throw new NotSupportedException($"{GetType().Name} keeps no state to save.");

    void Restore(byte[] snapshot) => throw new NotSupportedException($"{GetType().Name} keeps no state to restore.");

    /// <summary>Adds the card profiles of another scorer's snapshot that this one does not hold (a merged shard's second parent).</summary>
    void MergeCards(byte[] snapshot) => throw new NotSupportedException($"{GetType().Name} keeps no cards to merge.");
}

/// <summary>A score in [0, 1] (higher is more suspicious), whether it crosses the alert threshold, and why.</summary>
public sealed record FraudAssessment(double Score, bool IsAlert, IReadOnlyList<string> Reasons)
{
    /// <summary>"high", "medium" or "low" by how far the score is above the alert threshold; null when not an alert.</summary>
    public string? Severity { get; init; }

    /// <summary>The model that scored it ("online" for the unsupervised score alone).</summary>
    public string? ModelVersion { get; init; }
}
