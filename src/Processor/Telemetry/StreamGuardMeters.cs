using StreamGuard.Core.Aws.Http;
using StreamGuard.Core.Plaid;
using StreamGuard.Processor.Insight;
using StreamGuard.Processor.Pipeline;
using StreamGuard.Processor.Scoring;
using StreamGuard.Processor.State;

namespace StreamGuard.Processor.Telemetry;

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
