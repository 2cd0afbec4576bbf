using System.Text.Json.Serialization;

namespace StreamGuard.Processor.Scoring.Evaluation;

/// <summary>What the evaluate command prints; the JSON names are a contract checked by later tools.</summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("frauds")] long Frauds,
    [property: JsonPropertyName("roc_auc")] double RocAuc,
    [property: JsonPropertyName("pr_auc")] double PrAuc,
    [property: JsonPropertyName("recall_at_1pct")] double RecallAt1Pct,
    [property: JsonPropertyName("alerts")] long Alerts,
    [property: JsonPropertyName("precision_at_alerts")] double PrecisionAtAlerts,
    [property: JsonPropertyName("recall_at_alerts")] double RecallAtAlerts,
    [property: JsonPropertyName("events_per_second")] double EventsPerSecond);
