using StreamGuard.Aws.Http;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Pipeline.State;
using StreamGuard.Plaid;
using StreamGuard.Scoring;

namespace StreamGuard.Runtime.Telemetry;

/// <summary>The names of every meter StreamGuard publishes, one per area.</summary>
public static class StreamGuardMeters
{
    public static IReadOnlyList<string> All { get; } =
    [
        PipelineCounters.MeterName,
        InsightStages.MeterName,
        ScoringMetrics.MeterName,
        StateMetrics.MeterName,
        PlaidMetrics.MeterName,
        AwsClientMetrics.MeterName,
    ];
}
