using StreamGuard.Aws.Http;
using StreamGuard.Core.Plaid;
using StreamGuard.Insight;
using StreamGuard.Pipeline;
using StreamGuard.Scoring;
using StreamGuard.Pipeline.State;

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
