using System.Text.Json.Serialization;
using StreamGuard.Processor.Insight;

namespace StreamGuard.Processor.Commands;

/// <summary>The outcome of `run`: the last line of its output with --json (field names are a contract).</summary>
public sealed record RunSummary
{
    public required long Events { get; init; }
    public required long Processed { get; init; }
    public required long DeadLettered { get; init; }
    public required long InputDeadLettered { get; init; }
    public required long Alerts { get; init; }
    public required double EventsPerSecond { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required double LatencyMsP50 { get; init; }
    public required double LatencyMsP99 { get; init; }
    public required int Shards { get; init; }
    public required string DataDir { get; init; }
    public required PrivacySummary Privacy { get; init; }

    /// <summary>Windows emitted, late events, budget alerts, duplicates, segment sizes and the like.</summary>
    public InsightSummary? Insight { get; init; }
}

/// <summary>Which privacy settings were in force for a run.</summary>
public sealed record PrivacySummary(string PseudonymKeyId, string PseudonymKeySource, bool KeepMerchantLocation, double HomeCellDegrees, bool DeadLetterPayloadsSealed);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunSummary))]
internal sealed partial class CommandJsonContext : JsonSerializerContext;
