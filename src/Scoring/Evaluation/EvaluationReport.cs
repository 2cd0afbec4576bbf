using System.Text.Json.Serialization;

namespace StreamGuard.Scoring.Evaluation;

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
    [property: JsonPropertyName("events_per_second")] double EventsPerSecond)
{
    /// <summary>The model in use at the end ("online" when only the unsupervised score ran).</summary>
    [JsonPropertyName("model_version")]
    public string? ModelVersion { get; init; }

    /// <summary>Retrained models swapped in during the run.</summary>
    [JsonPropertyName("retrains")]
    public long Retrains { get; init; }

    /// <summary>PR-AUC of each calendar month of event time (yyyy-MM): how fast a cold start catches up.</summary>
    [JsonPropertyName("pr_auc_by_month")]
    public IReadOnlyDictionary<string, double> PrAucByMonth { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Batch baselines on the same events ("amount": ranking by amount alone; "isolation_forest":
    /// an Isolation Forest over amount, hour, weekday and card mean), each with pr_auc, recall_at_1pct, roc_auc.
    /// </summary>
    [JsonPropertyName("baselines")]
    public IReadOnlyDictionary<string, BaselineFigures> Baselines { get; init; } = new Dictionary<string, BaselineFigures>();
}
