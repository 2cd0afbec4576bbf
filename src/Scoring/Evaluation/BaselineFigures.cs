using System.Text.Json.Serialization;

namespace StreamGuard.Scoring.Evaluation;

/// <summary>How a batch baseline ranks the same events (reported next to the scorer's figures).</summary>
public sealed record BaselineFigures(
    [property: JsonPropertyName("pr_auc")] double PrAuc,
    [property: JsonPropertyName("recall_at_1pct")] double RecallAt1Pct,
    [property: JsonPropertyName("roc_auc")] double RocAuc);
